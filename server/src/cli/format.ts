// Output formats of the CLI: text for people, JSON for scripts (1-based lines and columns).

import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileResult } from '../engine/lint';
import { LineIndex } from '../engine/text';
import type { FileKind, Severity } from '../engine/types';

export interface JsonMessage {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
}

export interface JsonFileResult {
  filePath: string;
  kind: FileKind;
  messages: JsonMessage[];
}

export function toJsonResults(results: readonly FileResult[], texts: ReadonlyMap<string, string>): JsonFileResult[] {
  return results.map((result) => {
    const lines = new LineIndex(texts.get(result.uri) ?? '');
    return {
      filePath: fileURLToPath(result.uri),
      kind: result.kind,
      messages: result.findings.map((finding) => {
        const start = lines.position(finding.span.start);
        const end = lines.position(finding.span.end);
        return {
          ruleId: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
          line: start.line + 1,
          column: start.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
          fixable: finding.fixes.length > 0,
        };
      }),
    };
  });
}

export function formatText(results: readonly JsonFileResult[], cwd: string): string {
  const out: string[] = [];
  let counts = { error: 0, warning: 0, info: 0 };
  for (const result of results) {
    if (result.messages.length === 0) continue;
    out.push(`${visible(displayPath(result.filePath, cwd))} (${result.kind})`);
    for (const m of result.messages) {
      counts = { ...counts, [m.severity]: counts[m.severity] + 1 };
      out.push(`  ${m.line}:${m.column}  ${m.severity.padEnd(7)}  ${visible(m.message)}  ${m.ruleId}${m.fixable ? ' (fixable)' : ''}`);
    }
    out.push('');
  }
  const checked = results.length;
  out.push(`${checked} file${checked === 1 ? '' : 's'} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.`);
  return out.join('\n') + '\n';
}

/** Relative to the working directory when inside it, else absolute (as ESLint prints). */
function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * Text from files (content, names) made safe for a terminal: control characters (C0 including
 * line breaks, DEL, C1) and bidirectional overrides are shown as \xNN / \uNNNN, so a file
 * cannot move the cursor, clear the screen, write the clipboard (OSC 52), forge output lines
 * or reorder what is shown.
 */
export function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
