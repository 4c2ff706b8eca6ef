// Completion and hover: the engine's editor help (dockerd flags in ExecStart= and
// DOCKER_OPTS) plus, over a finding, its rule's summary and how to fix it.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, CompletionItemKind, type Hover, MarkupKind, type Position } from 'vscode-languageserver/node';
import { completionsAt, hoverAt } from '../engine/editor-help';
import { parseFile } from '../engine/lint';
import { rulesById } from '../engine/rules';
import { ruleDocsUrl } from '../rule-docs';
import type { LintRun } from './linting';

export function completions(document: TextDocument, position: Position, run: LintRun | undefined): CompletionItem[] {
  const file = parseFile({ uri: document.uri, text: document.getText(), kind: run?.kind });
  if (!file) return [];
  return completionsAt(file, document.offsetAt(position)).map((entry) => ({
    label: entry.label,
    kind: CompletionItemKind.Property,
    detail: entry.detail,
    documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
    textEdit: entry.replace
      ? { range: { start: document.positionAt(entry.replace.start), end: document.positionAt(entry.replace.end) }, newText: entry.insertText ?? entry.label }
      : undefined,
    insertText: entry.replace ? undefined : entry.insertText,
  }));
}

export function hover(document: TextDocument, position: Position, run: LintRun | undefined): Hover | undefined {
  const offset = document.offsetAt(position);
  const parts: string[] = [];
  for (const finding of run?.version === document.version ? run.findings : []) {
    if (finding.uri !== document.uri || offset < finding.span.start || offset > finding.span.end) continue;
    const meta = rulesById.get(finding.ruleId)?.meta;
    if (!meta) continue;
    const docs = ruleDocsUrl(meta.id, run?.config.docsBaseUrl);
    parts.push(`**${meta.title}** ([${meta.id}](${docs}))\n\n${meta.summary}\n\n**How to fix:** ${meta.howToFix}`);
  }
  const file = parseFile({ uri: document.uri, text: document.getText(), kind: run?.kind });
  const help = file ? hoverAt(file, offset) : undefined;
  if (help) parts.push(help.markdown);
  if (parts.length === 0) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: help ? { start: document.positionAt(help.span.start), end: document.positionAt(help.span.end) } : undefined,
  };
}
