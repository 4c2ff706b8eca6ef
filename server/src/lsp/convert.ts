// Engine data (offsets, findings, fixes) to LSP data (positions, diagnostics, edits).

import { type CreateFile, type Diagnostic, DiagnosticSeverity, type Range, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { isFixable } from '../engine/fix';
import { LineIndex } from '../engine/text';
import type { Finding, Fix, Span } from '../engine/types';
import { ruleDocsUrl } from '../rule-docs';
import type { LintRun } from './linting';

export const diagnosticSource = 'dockerd-lint';

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

/** What a code action needs to find the finding again: the run's version and the finding's place in it. */
export interface DiagnosticData {
  version: number;
  index: number;
  fixable: boolean;
}

export class Positions {
  private readonly indexes = new Map<string, LineIndex>();
  constructor(private readonly texts: ReadonlyMap<string, string>) {}

  range(uri: string, span: Span): Range {
    const lines = this.lines(uri);
    return { start: lines.position(span.start), end: lines.position(span.end) };
  }

  lines(uri: string): LineIndex {
    let lines = this.indexes.get(uri);
    if (!lines) this.indexes.set(uri, (lines = new LineIndex(this.texts.get(uri) ?? '')));
    return lines;
  }
}

export function toDiagnostics(run: LintRun, docsBaseUrl: string | undefined): Diagnostic[] {
  const positions = new Positions(run.texts);
  return run.findings.map((finding, index) => toDiagnostic(finding, index, run.version, positions, docsBaseUrl));
}

function toDiagnostic(finding: Finding, index: number, version: number, positions: Positions, docsBaseUrl: string | undefined): Diagnostic {
  const data: DiagnosticData = { version, index, fixable: isFixable(finding) };
  return {
    range: positions.range(finding.uri, finding.span),
    severity: severities[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId, docsBaseUrl) },
    source: diagnosticSource,
    message: finding.message,
    relatedInformation: finding.related.map((related) => ({
      location: { uri: related.uri, range: positions.range(related.uri, related.span) },
      message: related.message,
    })),
    data,
  };
}

/** The smallest single edit that turns `before` into `after` (keeps the cursor and undo tidy). */
export function minimalEdit(before: string, after: string): { start: number; end: number; newText: string } {
  let start = 0;
  const shortest = Math.min(before.length, after.length);
  while (start < shortest && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  return { start, end: endBefore, newText: after.slice(start, endAfter) };
}

/**
 * A workspace edit from per-file edits of the run's texts. Files absent from the run are
 * created. Undefined when the client cannot apply it (creation needs documentChanges).
 */
export function toWorkspaceEdit(
  changes: { uri: string; edits: { start: number; end: number; newText: string }[]; create?: boolean }[],
  run: Pick<LintRun, 'texts' | 'versions'>,
  documentChanges: boolean,
): WorkspaceEdit | undefined {
  const positions = new Positions(run.texts);
  const lspEdits = (uri: string, edits: { start: number; end: number; newText: string }[]): TextEdit[] => edits.map((edit) => ({ range: positions.range(uri, edit), newText: edit.newText }));
  if (!documentChanges) {
    if (changes.some((change) => change.create || !run.texts.has(change.uri))) return undefined;
    return { changes: Object.fromEntries(changes.map((change) => [change.uri, lspEdits(change.uri, change.edits)])) };
  }
  // Offsets into a file the run did not read mean nothing.
  if (changes.some((change) => !change.create && !run.texts.has(change.uri))) return undefined;
  const result: (TextDocumentEdit | CreateFile)[] = [];
  for (const change of changes) {
    if (change.create) result.push({ kind: 'create', uri: change.uri, options: { ignoreIfExists: true } });
    result.push({ textDocument: { uri: change.uri, version: run.versions.get(change.uri) ?? null }, edits: lspEdits(change.uri, change.edits) });
  }
  return { documentChanges: result };
}

export function fixToWorkspaceEdit(fix: Fix, run: LintRun, documentChanges: boolean): WorkspaceEdit | undefined {
  return toWorkspaceEdit(fix.changes, run, documentChanges);
}

/** The edits that turn the run's texts into `fixed` (a fixAll result). */
export function textsToWorkspaceEdit(fixed: ReadonlyMap<string, string>, run: LintRun, documentChanges: boolean): WorkspaceEdit | undefined {
  const changes = [...fixed].filter(([uri, text]) => run.texts.get(uri) !== text).map(([uri, text]) => ({ uri, edits: [minimalEdit(run.texts.get(uri) ?? '', text)], create: !run.texts.has(uri) }));
  return toWorkspaceEdit(changes, run, documentChanges);
}
