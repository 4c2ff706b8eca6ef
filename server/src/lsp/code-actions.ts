// Code actions in the order ESLint users know: the finding's fixes (the safe one preferred),
// "Fix all RULE problems", "Disable RULE for this line" / "for the entire file" (where the
// format has comments), "Show documentation for RULE"; and source.fixAll.dockerd-lint.

import { type CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { fixAll } from '../engine/fix';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { type DiagnosticData, diagnosticSource, fixToWorkspaceEdit, textsToWorkspaceEdit, toWorkspaceEdit } from './convert';
import type { LintRun } from './linting';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.dockerd-lint`;
export const showRuleDocumentationCommand = 'dockerdLint.showRuleDocumentation';

export interface ClientAbilities {
  documentChanges: boolean;
}

export function codeActions(params: CodeActionParams, run: LintRun, client: ClientAbilities): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const ownDiagnostics = params.context.diagnostics.filter((diagnostic) => diagnostic.source === diagnosticSource);
    const offeredFixAll = new Set<string>();
    for (const diagnostic of ownDiagnostics) {
      const finding = findingOf(diagnostic, run);
      if (finding) actions.push(...quickFixes(finding, diagnostic, run, client, offeredFixAll));
    }
  }
  if (wants(fixAllKind) && (only?.length ?? 0) > 0) {
    const action = fixAllAction(run, client, undefined);
    if (action) actions.push(action);
  }
  return actions;
}

function findingOf(diagnostic: Diagnostic, run: LintRun): Finding | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || data.version !== run.version) return undefined;
  const finding = run.findings[data.index];
  return finding && finding.ruleId === diagnostic.code ? finding : undefined;
}

function quickFixes(finding: Finding, diagnostic: Diagnostic, run: LintRun, client: ClientAbilities, offeredFixAll: Set<string>): CodeAction[] {
  const actions: CodeAction[] = [];
  const rule = finding.ruleId;
  for (const fix of finding.fixes) {
    const edit = fixToWorkspaceEdit(fix, run, client.documentChanges);
    if (edit) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit });
  }
  const fixableOfRule = run.findings.filter((other) => other.ruleId === rule && other.fixes.some((fix) => fix.preferred));
  if (!offeredFixAll.has(rule) && fixableOfRule.length > 1) {
    offeredFixAll.add(rule);
    const action = fixAllAction(run, client, rule);
    if (action) actions.push(action);
  }
  actions.push(...disableActions(finding, diagnostic, run, client));
  actions.push({
    title: `Show documentation for ${rule}`,
    kind: CodeActionKind.QuickFix,
    command: { title: `Show documentation for ${rule}`, command: showRuleDocumentationCommand, arguments: [rule] },
  });
  return actions;
}

/** Fix-all over the run's files (the document and its host's files); edits only what changed. */
function fixAllAction(run: LintRun, client: ClientAbilities, ruleId: string | undefined): CodeAction | undefined {
  const options = run.config.options;
  const { texts, applied } = fixAll(run.sources, options, ruleId);
  if (applied === 0) return undefined;
  const edit = textsToWorkspaceEdit(texts, run, client.documentChanges);
  if (!edit) return undefined;
  return ruleId
    ? { title: `Fix all ${ruleId} problems`, kind: CodeActionKind.QuickFix, edit }
    : { title: 'Fix all dockerd-lint problems', kind: fixAllKind, edit };
}

/** Suppression comments exist in systemd files and YAML; daemon.json cannot hold comments. */
function disableActions(finding: Finding, diagnostic: Diagnostic, run: LintRun, client: ClientAbilities): CodeAction[] {
  if (run.kind !== 'systemd' && run.kind !== 'compose') return [];
  const text = run.texts.get(run.uri) ?? '';
  // Lines as the engine counts them (CR, LF and CRLF end a line), ended as the file ends them.
  const lines = new LineIndex(text);
  const eol = lines.eol();
  const line = diagnostic.range.start.line;
  const lineText = text.slice(lines.lineStart(line), lines.lineEnd(line));
  const indentation = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const rule = finding.ruleId;
  const insert = (atLine: number, newText: string) => {
    const start = lines.lineStart(atLine);
    return toWorkspaceEdit([{ uri: run.uri, edits: [{ start, end: start, newText }] }], run, client.documentChanges);
  };
  const actions: CodeAction[] = [];
  const lineEdit = insert(line, `${indentation}# dockerd-lint-disable-next-line ${rule}${eol}`);
  if (lineEdit) actions.push({ title: `Disable ${rule} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: lineEdit });
  const fileEdit = insert(0, `# dockerd-lint-disable ${rule}${eol}`);
  if (fileEdit) actions.push({ title: `Disable ${rule} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: fileEdit });
  return actions;
}
