import { serviceLabel } from '../compose/report';
import { serviceDockerdArgs } from '../compose/dind';
import { type ArgWord, type ParsedArgs, parseDockerdArgs, parseGoBool, suggestFlag } from '../dockerd/args';
import type { DockerdFlag } from '../dockerd/options';
import { type TlsFileOption, hasTlsFile } from '../dockerd/tls';
import { pathOf } from '../paths';
import type { ContainerFile, SystemdFile } from '../document';
import { runsDockerd } from '../systemd/exec';
import { type DockerdCommand, type SystemdDocument, dockerdCommand } from '../systemd/model';
import { type ContainerKind, type Fix, type Span, type TextEdit, containerKinds, defaultTlsPaths } from '../types';
import { serviceFiles } from '../workspace';
import type { FileRule, RuleContext } from './types';

export const unknownDockerdFlag: FileRule<'systemd' | ContainerKind> = {
  meta: {
    id: 'unknown-dockerd-flag',
    severity: 'error',
    title: 'dockerd command line that dockerd (or systemd) refuses',
    summary:
      'dockerd exits at once on a flag it does not have ("unknown flag"), a flag without its value, a boolean given a non-boolean, or any stray argument ("dockerd accepts no arguments"): the service (or the Compose container running dockerd) never starts. systemd drops a whole ExecStart= line with unbalanced quotes or an unknown specifier, so none of it reaches dockerd.',
    howToFix: 'Correct the flag name (see `dockerd --help`), or write booleans as `--flag=false`.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['systemd', ...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    if (file.kind === 'systemd') reportIgnoredExecStarts(file.systemd, context);
    for (const { args, outcome, unset, onlyWordsOf } of commandLines(file, context)) {
      // Words written in another file are reported there; a line judged for its env file's words only reports those.
      const here = (uri: string | undefined) => (onlyWordsOf === undefined ? uri === undefined || uri === file.uri : uri === onlyWordsOf);
      for (const unknown of args.unknownFlags) {
        if (!here(unknown.word.uri)) continue;
        const suggestion = unknown.onlyOn ? undefined : unknown.short ? undefined : suggestFlag(unknown.name, 'linux');
        const why = unknown.onlyOn === 'windows' ? ' (it exists only in dockerd for Windows)' : '';
        const nameAt = suggestion && writtenAt(file.text, unknown.span, unknown.written);
        context.report({
          span: visible(unknown.span, unknown.word),
          message:
            `dockerd has no flag ${unknown.written}${why}: it exits with "unknown ${unknown.short ? 'shorthand flag' : 'flag'}" and ${outcome}.` +
            (suggestion ? ` Did you mean --${suggestion.long}?` : ''),
          fixes: nameAt ? typoFixes(file, context, unknown.span, nameAt, unknown.written, suggestion) : [],
        });
      }
      for (const error of args.errors) {
        if (!here(error.uri)) continue;
        const emptyBraced = unset && bracedUnsetVariable(file.text, error.span, unset.names);
        if (emptyBraced) {
          reportEmptyBraced(context, file.uri, error.span, emptyBraced, unset.unseenEnvFiles);
          continue;
        }
        const joined = joinBooleanValue(file.text, args, error.span);
        context.report({
          span: error.span,
          message: `${error.message}: dockerd exits and ${outcome}.` + (joined ? ` Booleans take a value only as ${joined.newText.trim()}.` : ''),
          fixes: joined ? [{ title: `Write ${joined.newText.trim()}`, preferred: true, changes: [{ uri: file.uri, edits: [joined.edit] }] }] : [],
        });
      }
    }
  },
};

/**
 * The fix of a misspelt flag. Written right, the flag must still let dockerd start: when
 * daemon.json sets the option, the misspelt word goes instead (as a flag it would conflict);
 * when it turns TLS on, the certificate files it needs come with it (else dockerd looks for
 * them under ~/.docker and does not start), or no fix is offered.
 */
function typoFixes(file: SystemdFile | ContainerFile, context: RuleContext, word: Span, nameAt: Span, written: string, flag: DockerdFlag): Fix[] {
  const settings = context.machine?.settings ?? file.dockerd[0];
  const inDaemonJson = settings?.entries.find((entry) => entry.name === flag.configName && entry.origin === 'config-file');
  if (inDaemonJson) {
    return [{ title: `Remove ${written} (daemon.json sets ${JSON.stringify(flag.configName)})`, preferred: true, changes: [{ uri: file.uri, edits: [withBlankBefore(file.text, word)] }] }];
  }
  const rename: TextEdit = { ...nameAt, newText: `--${flag.long}` };
  const turnsTlsOn = flag.configName === 'tlsverify' || flag.configName === 'tls';
  if (!turnsTlsOn || !settings) return [{ title: `Change to --${flag.long}`, preferred: true, changes: [{ uri: file.uri, edits: [rename] }] }];
  const paths = context.env.tlsPaths ?? defaultTlsPaths;
  const needed: TlsFileOption[] = flag.configName === 'tlsverify' ? ['tlscacert', 'tlscert', 'tlskey'] : ['tlscert', 'tlskey'];
  const missing = needed.filter((name) => !hasTlsFile(settings, name));
  if (missing.length === 0) return [{ title: `Change to --${flag.long}`, preferred: true, changes: [{ uri: file.uri, edits: [rename] }] }];
  // Flags are added as plain words: only in a unit or environment file, and for paths that need no quoting.
  if (file.kind !== 'systemd' || missing.some((name) => !/^[\w./:-]+$/.test(paths[name]))) return [];
  const added = missing.map((name) => ` --${name}=${paths[name]}`).join('');
  return [
    {
      title: `Change to --${flag.long} and add ${missing.map((name) => `--${name}`).join(', ')} (certificates from ${paths.tlscert.slice(0, paths.tlscert.lastIndexOf('/')) || '/'})`,
      preferred: true,
      changes: [{ uri: file.uri, edits: [rename, { start: word.end, end: word.end, newText: added }] }],
    },
  ];
}

/**
 * A word with the blanks before it (or after it, when it starts its line or value). A word
 * alone on a continuation line takes its line; alone on the last one, the backslash before it.
 */
function withBlankBefore(text: string, word: Span): TextEdit {
  const lineStart = text.lastIndexOf('\n', word.start - 1) + 1;
  const lineEnd = text.indexOf('\n', word.end) < 0 ? text.length : text.indexOf('\n', word.end);
  if (/^[ \t]*$/.test(text.slice(lineStart, word.start))) {
    const after = text.slice(word.end, lineEnd);
    if (/^[ \t]*\\[ \t]*\r?$/.test(after)) return { start: lineStart, end: Math.min(lineEnd + 1, text.length), newText: '' };
    const previousLine = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart);
    const continuation = continuationStart(previousLine);
    if (/^[ \t]*\r?$/.test(after) && continuation !== undefined) return { start: lineStart - previousLine.length + continuation, end: word.end, newText: '' };
  }
  let start = word.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start < word.start && !/[\n=]/.test(text[start - 1] ?? '\n')) return { start, end: word.end, newText: '' };
  let end = word.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: word.start, end, newText: '' };
}

interface UnsetVariables {
  /** Variables the command uses that no file seen defines. */
  names: string[];
  /** EnvironmentFile= paths of the service that are not in the workspace: they may define them. */
  unseenEnvFiles: string[];
}

interface CommandLine {
  args: ParsedArgs;
  outcome: string;
  unset?: UnsetVariables;
  /** Only the words written in this file (its URI) are reported: an env file's part of the unit's command. */
  onlyWordsOf?: string;
}

/** Every dockerd command line of the file, parsed as dockerd parses it, and what its failure stops. */
function commandLines(file: SystemdFile | ContainerFile, context: RuleContext): CommandLine[] {
  return file.kind === 'systemd' ? unitCommandLines(file, context) : composeCommandLines(file);
}

function unitCommandLines(file: SystemdFile, context: RuleContext): CommandLine[] {
  const lines: CommandLine[] = [];
  const document = file.systemd;
  // An env file the machine's dockerd reads is judged as that dockerd gets it: every variable
  // the command uses (/etc/sysconfig/docker's $ADD_REGISTRY too), by the daemon the unit runs.
  const running = context.machine?.service.dockerd;
  if (document.role === 'env-file' && running?.used.some((use) => use.definition.uri === file.uri)) {
    lines.push({ args: running.args, outcome: 'the service does not start', onlyWordsOf: file.uri });
  } else if (document.optionsVariable) {
    lines.push({
      args: parseDockerdArgs(document.optionsVariable.words, { uri: file.uri, kind: 'systemd', platform: 'linux', build: document.optionsVariable.build }),
      outcome: 'the service does not start',
    });
  }
  for (const step of document.execStarts) {
    for (const command of step.exec?.commands ?? []) {
      if (!runsDockerd(command)) continue;
      const parsed = machineCommand(file, command, context) ?? { ...dockerdCommand(command, document.environment, file.uri), unseenEnvFiles: document.environmentFiles.map((ref) => ref.path) };
      lines.push({ args: parsed.args, outcome: 'the service does not start', unset: { names: parsed.undefinedVariables, unseenEnvFiles: parsed.unseenEnvFiles } });
    }
  }
  return lines;
}

function composeCommandLines(file: ContainerFile): { args: ParsedArgs; outcome: string }[] {
  const lines: { args: ParsedArgs; outcome: string }[] = [];
  for (const service of file.containers.services) {
    const run = serviceDockerdArgs(service, file.uri, file.kind);
    if (run) lines.push({ args: run.parsed, outcome: `the container of ${service.label ? serviceLabel(service) : `Compose ${serviceLabel(service)}`} exits` });
  }
  return lines;
}

/**
 * The command as the machine runs it, when this file wrote docker.service's ExecStart:
 * parsed with every variable the machine's Environment= and EnvironmentFile= files define.
 */
function machineCommand(file: SystemdFile, command: DockerdCommand['command'], context: RuleContext): (DockerdCommand & { unseenEnvFiles: string[] }) | undefined {
  const machine = context.machine;
  const running = machine?.service.dockerd;
  if (!machine || !running || running.file !== file || running.command !== command) return undefined;
  const units = serviceFiles(machine.files);
  const seen = machine.files.envFiles.map((envFile) => pathOf(envFile.uri).replace(/\\/g, '/'));
  const unseenEnvFiles = units
    .flatMap((unit) => unit.systemd.environmentFiles)
    .map((ref) => ref.path)
    .filter((path) => !seen.some((seenPath) => seenPath.endsWith(path)));
  return { ...running, unseenEnvFiles };
}

/** The unset variable whose `${NAME}` alone made the stray (empty) argument at `span`. */
function bracedUnsetVariable(text: string, span: Span, unset: readonly string[]): string | undefined {
  const written = /^\$\{([^}]+)\}$/.exec(text.slice(span.start, span.end));
  return written && unset.includes(written[1]) ? written[1] : undefined;
}

/**
 * systemd replaces a `${NAME}` word by exactly one argument, empty when NAME is unset; `$NAME`
 * as a word of its own is split at spaces and vanishes when unset (systemd.service(5)).
 */
function reportEmptyBraced(context: RuleContext, uri: string, span: Span, name: string, unseenEnvFiles: readonly string[]): void {
  const unseen = unseenEnvFiles.length > 0;
  const effect = `systemd passes \${${name}} as one argument, an empty one when it is unset: dockerd then exits ("accepts no arguments") and the service does not start; with several flags in it, dockerd gets them as one word.`;
  context.report({
    span,
    severity: unseen ? 'warning' : 'error',
    stopsDockerd: !unseen,
    message:
      (unseen ? `${name} is defined in no file seen here (EnvironmentFile=${unseenEnvFiles.join(', ')} may set it): ` : `${name} is not set by any Environment= or EnvironmentFile= seen: `) +
      effect +
      ` Write $${name} as a word of its own: systemd splits it at spaces and drops it when unset.`,
    fixes: [{ title: `Write $${name}`, preferred: true, changes: [{ uri, edits: [{ ...span, newText: `$${name}` }] }] }],
  });
}

/** Where `written` stands verbatim in `span`: all of it, or inside the quotes of a whole quoted word. */
function writtenAt(text: string, span: Span, written: string): Span | undefined {
  const raw = text.slice(span.start, span.end);
  if (raw === written) return span;
  const quoted = raw.length === written.length + 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0]) && raw.slice(1, -1) === written;
  return quoted ? { start: span.start + 1, end: span.end - 1 } : undefined;
}

/** A word reached through a YAML alias maps every character to the alias: point at the alias. */
function visible(span: Span, word: ArgWord): Span {
  return span.start === span.end ? word.span : span;
}

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
  const flag = args.entries.find((entry) => typeof entry.value === 'boolean' && entry.valueSpan.start === entry.nameSpan.start && /^[ \t]+$/.test(text.slice(entry.nameSpan.end, stray.start)));
  if (!flag || text.slice(flag.nameSpan.start, flag.nameSpan.end) !== flag.written) return undefined;
  const newText = `${flag.written}=${word.text}`;
  return { edit: { start: flag.nameSpan.start, end: stray.end, newText }, newText: ` ${newText}` };
}

/**
 * Where a line's continuation begins: the blanks, the backslash and the blanks before its line
 * break (`  \\ \n`); undefined when the line does not end in one. A scan from the end, not a
 * regular expression: an unanchored `[ \t]*` before the backslash backtracks on long blank runs.
 */
function continuationStart(line: string): number | undefined {
  let end = line.endsWith('\n') ? line.length - 1 : -1;
  if (end < 0) return undefined;
  if (line[end - 1] === '\r') end--;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  if (line[end - 1] !== '\\') return undefined;
  end--;
  while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
  return end;
}
