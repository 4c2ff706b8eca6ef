// Code actions in the order ESLint users know: the finding's fixes (the safe one preferred),
// "Fix all RULE problems", "Disable RULE for this line" / "for the entire file" (where the
// format has comments), "Show documentation for RULE"; and source.fixAll.dockerd-lint,
// whose edit is computed only when it is chosen (codeAction/resolve).

import { type CodeAction, CodeActionKind, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { fixAll, isFixable } from '../engine/fix';
import { FixChecker } from '../engine/fix-check';
import { lintFiles } from '../engine/lint';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { type DiagnosticData, diagnosticSource, fixToWorkspaceEdit, textsToWorkspaceEdit, toWorkspaceEdit } from './convert';
import type { LintRun } from './linting';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.dockerd-lint`;
export const showRuleDocumentationCommand = 'dockerdLint.showRuleDocumentation';

export interface ClientAbilities {
  documentChanges: boolean;
  /** The client resolves a code action's edit when it is chosen (codeAction/resolve). */
  resolvesEdits: boolean;
}

/** What a fix-all action carries until it is chosen and resolved. */
export interface FixAllData {
  uri: string;
  version: number;
  ruleId?: string;
}

/**
 * The quick-fix menu: first the fixes of the findings at hand (most severe finding first, each
 * finding's preferred fix first; only fixes whose outcome passes fix-check, each offered once),
 * then "Fix all RULE problems", the disable comments and the documentation, once per rule.
 * So the first entry is the fix that clears the finding it is attached to.
 */
export function codeActions(params: CodeActionParams, run: LintRun, client: ClientAbilities): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const rank = { error: 0, warning: 1, info: 2 };
    const atHand = params.context.diagnostics
      .filter((diagnostic) => diagnostic.source === diagnosticSource)
      .map((diagnostic) => ({ diagnostic, finding: findingOf(diagnostic, run) }))
      .filter((entry): entry is { diagnostic: Diagnostic; finding: Finding } => entry.finding !== undefined)
      .sort((a, b) => rank[a.finding.severity] - rank[b.finding.severity]);
    const checker = atHand.some(({ finding }) => finding.fixes.length > 0) ? checkerFor(run) : undefined;
    const fixes: CodeAction[] = [];
    const offered = new Set<string>();
    for (const { diagnostic, finding } of atHand) {
      const verified = checker ? checker.verified(finding) : finding;
      const ordered = [...verified.fixes].sort((a, b) => Number(b.preferred === true) - Number(a.preferred === true));
      for (const fix of ordered) {
        const edit = fixToWorkspaceEdit(fix, run, client.documentChanges);
        const key = JSON.stringify([fix.title, fix.changes]);
        if (!edit || offered.has(key)) continue;
        offered.add(key);
        fixes.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred === true, edit });
      }
    }
    actions.push(...fixes);
    const rules = [...new Set(atHand.map(({ finding }) => finding.ruleId))];
    for (const rule of rules) {
      if (run.findings.filter((other) => other.ruleId === rule && isFixable(other)).length > 1) actions.push(...fixAllAction(run, client, rule));
    }
    for (const rule of rules) {
      const { diagnostic, finding } = atHand.find((entry) => entry.finding.ruleId === rule)!;
      actions.push(...disableActions(finding, diagnostic, run, client));
    }
    for (const rule of rules) {
      actions.push({
        title: `Show documentation for ${rule}`,
        kind: CodeActionKind.QuickFix,
        command: { title: `Show documentation for ${rule}`, command: showRuleDocumentationCommand, arguments: [rule] },
      });
    }
  }
  if (wants(fixAllKind) && (only?.length ?? 0) > 0 && run.findings.some(isFixable)) actions.push(...fixAllAction(run, client, undefined));
  return actions;
}

function checkerFor(run: LintRun): FixChecker {
  const options = run.config.options;
  return new FixChecker({ sources: run.sources, options, results: lintFiles(run.sources, options) });
}

function findingOf(diagnostic: Diagnostic, run: LintRun): Finding | undefined {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || data.version !== run.version) return undefined;
  const finding = run.findings[data.index];
  return finding && finding.ruleId === diagnostic.code ? finding : undefined;
}

/**
 * Fix-all over the run's files (the document and its machine's files). Lazy where the client
 * resolves actions: the passes of fix-all run only when the user picks the action.
 */
function fixAllAction(run: LintRun, client: ClientAbilities, ruleId: string | undefined): CodeAction[] {
  const action: CodeAction = ruleId ? { title: `Fix all ${ruleId} problems`, kind: CodeActionKind.QuickFix } : { title: 'Fix all dockerd-lint problems', kind: fixAllKind };
  const data: FixAllData = { uri: run.uri, version: run.version, ruleId };
  if (client.resolvesEdits) return [{ ...action, data }];
  const resolved = resolveFixAll({ ...action, data }, run, client);
  return resolved.edit ? [resolved] : [];
}

/** Computes a fix-all action's edit (codeAction/resolve); an action of another run gets none. */
export function resolveFixAll(action: CodeAction, run: LintRun, client: ClientAbilities): CodeAction {
  const data = action.data as FixAllData | undefined;
  if (!data || data.uri !== run.uri || data.version !== run.version) return action;
  const { texts, applied } = fixAll(run.sources, run.config.options, data.ruleId);
  const edit = applied > 0 ? textsToWorkspaceEdit(texts, run, client.documentChanges) : undefined;
  return edit ? { ...action, edit } : action;
}

/** Suppression comments exist in systemd files, YAML and TOML; daemon.json cannot hold comments. */
function disableActions(finding: Finding, diagnostic: Diagnostic, run: LintRun, client: ClientAbilities): CodeAction[] {
  if (run.kind === 'daemon-json') return [];
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
