// ExecStart= command lines as systemd reads them (systemd.service(5) "Command lines";
// src/core/load-fragment.c config_parse_exec):
// 1. specifiers (`%%`, `%n`, `%i`, ...) are resolved on the whole value first (specifiers.ts);
// 2. the value is split into words (quotes, C escapes), a lone `;` separating commands;
// 3. the first word may carry the prefixes `-`, `@`, `:`, `+`, `!`, `!!`; with `@` the
//    second word is argv[0].
// Which commands run the Docker daemon, and with which of its arguments, is decided here too.
// Variables in the arguments are replaced when the command runs: env-expansion.ts.

import type { ArgWord } from '../dockerd/args';
import type { DaemonBuild } from '../dockerd/options';
import { type MappedText, sourceAt, subMapped } from '../mapped-text';
import type { Span } from '../types';
import { type UnitIdentity, resolveSpecifiers } from './specifiers';
import { type SplitProblem, splitWords } from './words';

export interface ExecCommand {
  /** The prefixes as written on the first word, e.g. `-` or `@`. */
  prefixes: string;
  /** The executable, prefixes removed. */
  path: ArgWord;
  /** With `@`: the argv[0] the process sees. */
  argv0?: ArgWord;
  /** The arguments as written, before variables are substituted. */
  args: ArgWord[];
  /** `:` prefix: no variable substitution. */
  noEnvExpansion: boolean;
  /** The whole command's span. */
  span: Span;
}

export interface ExecLine {
  commands: ExecCommand[];
  problems: SplitProblem[];
  /** False when systemd ignores the whole setting (unbalanced quoting, bad specifier). */
  ok: boolean;
  /** Host specifiers such as %H left unresolved. */
  runtimeSpecifiers: string[];
}

export function parseExecLine(value: MappedText, unit: UnitIdentity): ExecLine {
  const resolved = resolveSpecifiers(value, unit);
  const split = splitWords(resolved.text, { cunescape: true, relax: false, commandSeparators: true });
  const problems = [...resolved.problems, ...split.problems];
  const ok = split.ok && resolved.problems.length === 0;
  const commands: ExecCommand[] = [];
  if (split.ok) {
    for (const words of split.groups) {
      if (words.length === 0) continue;
      const command = commandOf(words);
      if (command) commands.push(command);
    }
  }
  return { commands, problems, ok, runtimeSpecifiers: resolved.runtime };
}

function commandOf(words: ArgWord[]): ExecCommand | undefined {
  const [first, ...rest] = words;
  let prefixes = '';
  let i = 0;
  const text = first.text;
  // config_parse_exec: each of - @ : once, and one of + ! !! (the second ! turns ! into !!).
  for (; i < text.length; i++) {
    const c = text[i];
    const seen = (s: string) => prefixes.includes(s);
    if (c === '-' && !seen('-')) prefixes += c;
    else if (c === '@' && !seen('@')) prefixes += c;
    else if (c === ':' && !seen(':')) prefixes += c;
    else if (c === '+' && !seen('+') && !seen('!')) prefixes += c;
    else if (c === '!' && !seen('+') && !prefixes.includes('!!')) prefixes += c;
    else break;
  }
  const path: ArgWord = first.map
    ? { ...first, ...subMapped({ text, map: first.map }, i, text.length), span: { start: sourceAt(first.map, i), end: first.span.end } }
    : { ...first, text: text.slice(i), span: { start: first.span.start + i, end: first.span.end } };
  const separateArgv0 = prefixes.includes('@');
  const argv0 = separateArgv0 ? rest[0] : undefined;
  const args = separateArgv0 ? rest.slice(1) : rest;
  const last = words[words.length - 1];
  return { prefixes, path, argv0, args, noEnvExpansion: prefixes.includes(':'), span: { start: first.span.start, end: last.span.end } };
}

/** Flags that made the docker binary of Docker before 1.8 run the daemon. */
const oldDaemonFlags = new Set(['-d', '--daemon', '-d=true', '--daemon=true']);

/**
 * dockerd's own arguments when the command runs the Docker daemon: `dockerd`, RHEL/CentOS 7's
 * `dockerd-current`, `docker daemon ...` (Docker 1.8-1.12) or `docker -d ...` (before 1.8),
 * the words that select the daemon left out. Undefined for any other program.
 */
export function daemonArgsOf(command: ExecCommand): ArgWord[] | undefined {
  const base = programName(command);
  if (base === 'dockerd' || base === 'dockerd-current') return command.args;
  // RHEL/CentOS 7's docker 1.10-1.12 started its daemon as `docker-current daemon`.
  if (base !== 'docker' && base !== 'docker-current') return undefined;
  const first = command.args[0]?.text;
  if (first === 'daemon') return command.args.slice(1);
  // Old units write `docker -d -H fd://`: the flag comes first. Later, `-d` is a subcommand's
  // (`docker run -d` detaches a container), not the daemon.
  if (first !== undefined && oldDaemonFlags.has(first)) return command.args.slice(1);
  return undefined;
}

function programName(command: ExecCommand): string {
  return command.path.text.slice(command.path.text.lastIndexOf('/') + 1);
}

/** The `-current` programs exist only in RHEL/CentOS's docker package, whose daemon has flags of its own. */
export function daemonBuildOf(command: ExecCommand): DaemonBuild {
  return programName(command).endsWith('-current') ? 'rhel' : 'upstream';
}

export function runsDockerd(command: ExecCommand): boolean {
  return daemonArgsOf(command) !== undefined;
}
