import { type ArgWord, type ParsedArgs, parseDockerdArgs, parseGoBool, suggestFlag } from '../dockerd/args';
import { runsDockerd } from '../systemd/exec';
import { type SystemdDocument, dockerdCommand } from '../systemd/parse';
import type { TextEdit } from '../types';
import type { FileRule, RuleContext } from './types';

export const unknownDockerdFlag: FileRule = {
  meta: {
    id: 'unknown-dockerd-flag',
    severity: 'error',
    title: 'dockerd command line that dockerd (or systemd) refuses',
    summary:
      'dockerd exits at once on a flag it does not have ("unknown flag"), a flag without its value, a boolean given a non-boolean, or any stray argument ("dockerd accepts no arguments"): the service never starts. systemd drops a whole ExecStart= line with unbalanced quotes or an unknown specifier, so none of it reaches dockerd.',
    howToFix: 'Correct the flag name (see `dockerd --help`), or write booleans as `--flag=false`.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (!document) return;
    reportIgnoredExecStarts(document, context);
    const parsed: ParsedArgs[] = [];
    if (document.optionsVariable) parsed.push(parseDockerdArgs(document.optionsVariable.words, { uri: file.uri, kind: 'systemd', platform: 'linux' }));
    for (const step of document.execStarts) {
      for (const command of step.exec?.commands ?? []) {
        if (runsDockerd(command)) parsed.push(dockerdCommand(command, document.environment, file.uri).args);
      }
    }
    const here = (word: ArgWord) => word.uri === undefined || word.uri === file.uri;
    for (const args of parsed) {
      for (const unknown of args.unknownFlags) {
        if (!here(unknown.word)) continue;
        const suggestion = unknown.onlyOn ? undefined : unknown.short ? undefined : suggestFlag(unknown.name, 'linux');
        const why = unknown.onlyOn === 'windows' ? ' (it exists only in dockerd for Windows)' : '';
        const rawName = file.text.slice(unknown.span.start, unknown.span.end);
        const canRewrite = suggestion && rawName === unknown.written;
        context.report({
          span: unknown.span,
          message:
            `dockerd has no flag ${unknown.written}${why}: it exits with "unknown ${unknown.short ? 'shorthand flag' : 'flag'}" and the service does not start.` +
            (suggestion ? ` Did you mean --${suggestion.long}?` : ''),
          fixes: canRewrite
            ? [{ title: `Change to --${suggestion.long}`, preferred: true, changes: [{ uri: file.uri, edits: [{ ...unknown.span, newText: `--${suggestion.long}` }] }] }]
            : [],
        });
      }
      for (const error of args.errors) {
        if (error.uri !== undefined && error.uri !== file.uri) continue;
        const joined = joinBooleanValue(file.text, args, error.span);
        context.report({
          span: error.span,
          message: `${error.message}: dockerd exits and the service does not start.` + (joined ? ` Booleans take a value only as ${joined.newText.trim()}.` : ''),
          fixes: joined ? [{ title: `Write ${joined.newText.trim()}`, preferred: true, changes: [{ uri: file.uri, edits: [joined.edit] }] }] : [],
        });
      }
    }
  },
};

/**
 * systemd logs "Unbalanced quoting, ignoring" (or an unresolvable specifier) and drops the whole
 * line: the command before it stays in effect, or none when an empty ExecStart= came first
 * (execstart-not-reset reports that refusal).
 */
function reportIgnoredExecStarts(document: SystemdDocument, context: RuleContext): void {
  for (const step of document.execStarts) {
    const problem = step.exec && !step.exec.ok ? step.exec.problems.find((candidate) => candidate.severity === 'error') : undefined;
    if (!problem) continue;
    context.report({
      span: problem.span,
      severity: 'warning',
      stopsDockerd: false,
      message: `${problem.message}. This whole ExecStart= line is dropped: dockerd never gets the options written in it.`,
    });
  }
}

/**
 * `--debug false`: a bare boolean flag followed by a stray true/false word, both written
 * verbatim; the edit joins them into `--debug=false`.
 */
function joinBooleanValue(text: string, args: ParsedArgs, stray: { start: number; end: number }): { edit: TextEdit; newText: string } | undefined {
  const word = args.positionals.find((positional) => positional.span.start === stray.start && positional.span.end === stray.end);
  if (!word || parseGoBool(word.text) === undefined || text.slice(stray.start, stray.end) !== word.text) return undefined;
  const flag = args.entries.find(
    (entry) => typeof entry.value === 'boolean' && entry.valueSpan.start === entry.nameSpan.start && /^[ \t]+$/.test(text.slice(entry.nameSpan.end, stray.start)),
  );
  if (!flag || text.slice(flag.nameSpan.start, flag.nameSpan.end) !== flag.written) return undefined;
  const newText = `${flag.written}=${word.text}`;
  return { edit: { start: flag.nameSpan.start, end: stray.end, newText }, newText: ` ${newText}` };
}
