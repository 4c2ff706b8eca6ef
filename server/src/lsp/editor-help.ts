// Completion and hover: the engine's editor help (dockerd flags in ExecStart= and
// DOCKER_OPTS) plus, over a finding, its rule's summary and how to fix it.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, CompletionItemKind, type Hover, MarkupKind, type Position } from 'vscode-languageserver/node';
import { completionsAt, hoverAt } from '../engine/editor-help';
import type { Connectivity } from '../engine/connectivity';
import { keptWith } from '../engine/kept-with';
import { pathOf } from '../engine/paths';
import { listenerMarkdown, listenersAt } from '../engine/explain';
import { connectivityOfFiles, parseFile } from '../engine/lint';
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
    textEdit: entry.replace ? { range: { start: document.positionAt(entry.replace.start), end: document.positionAt(entry.replace.end) }, newText: entry.insertText ?? entry.label } : undefined,
    insertText: entry.replace ? undefined : entry.insertText,
  }));
}

/** The connectivity model of a run with its machine's clients, built on the first hover that needs it. */
const modelOfRun = keptWith<Connectivity>('hover connectivity');

function connectivityOfRun(run: LintRun): Connectivity {
  return modelOfRun(run, () => {
    const model = connectivityOfFiles(run.sources, run.config.options).connectivity;
    // A machine's clients live in container files the lint does not read: the model is built
    // again with those that name one of its listeners' addresses, for "reached by".
    const addresses = model.scopes.flatMap((scope) => (scope.kind === 'machine' ? scope.daemons.flatMap((daemon) => daemon.names) : []));
    const clients = addresses.length > 0 ? (run.clientSources?.(addresses) ?? []) : [];
    return clients.length > 0 ? connectivityOfFiles([...run.sources, ...clients], run.config.options).connectivity : model;
  });
}

export function hover(document: TextDocument, position: Position, run: LintRun | undefined): Hover | undefined {
  const offset = document.offsetAt(position);
  const parts: string[] = [];
  let range: { start: number; end: number } | undefined;
  // A listener (a `hosts` element, an -H value, a dind service): how dockerd listens and who reaches it.
  if (run?.version === document.version) {
    const model = connectivityOfRun(run);
    const at = listenersAt(model, document.uri, offset);
    if (at) {
      parts.push(listenerMarkdown(model, at.daemon, at.listeners, pathOf));
      range = at.span;
    }
  }
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
    range: (help?.span ?? range) && { start: document.positionAt((help?.span ?? range)!.start), end: document.positionAt((help?.span ?? range)!.end) },
  };
}
