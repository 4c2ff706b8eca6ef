// ExecStart= command lines as systemd reads them (systemd.service(5) "Command lines";
// src/core/load-fragment.c config_parse_exec; src/basic/env-util.c replace_env_argv):
// 1. specifiers (`%%`, `%n`, `%i`, ...) are resolved on the whole value first;
// 2. the value is split into words (quotes, C escapes), a lone `;` separating commands;
// 3. the first word may carry the prefixes `-`, `@`, `:`, `+`, `!`, `!!`; with `@` the
//    second word is argv[0];
// 4. when the command runs, `${VAR}` in a word is replaced by the value as one piece, a
//    word that is exactly `$VAR` is replaced by the value split at whitespace (zero or more
//    words), `$$` is a `$`; the `:` prefix turns this off.

import { type ArgWord, mapOfWord } from '../dockerd/args';
import type { DaemonBuild } from '../dockerd/options';
import { MappedBuilder, type MappedText, sourceAt, subMapped } from '../mapped-text';
import type { Span } from '../types';
import { type SplitProblem, splitWords } from './words';

export interface UnitIdentity {
  /** The unit's full name, e.g. `docker.service` (a drop-in's unit name comes from its folder). */
  name: string;
}

/** Specifiers whose value only the running host knows: left as written, with a note. */
const hostSpecifiers = new Set([...'aAbBCdEfgGhHlLmMoqsStTuUvVwWyY']);

/** unit_full_printf: `%%` and the unit-name specifiers resolved; host ones kept; unknown ones are an error. */
export function resolveSpecifiers(value: MappedText, unit: UnitIdentity): { text: MappedText; problems: SplitProblem[]; runtime: string[] } {
  if (!value.text.includes('%')) return { text: value, problems: [], runtime: [] };
  const builder = new MappedBuilder();
  const problems: SplitProblem[] = [];
  const runtime: string[] = [];
  const { text } = value;
  const sourceOf = (index: number) => sourceAt(value.map, index);
  const dot = unit.name.lastIndexOf('.');
  const stem = dot > 0 ? unit.name.slice(0, dot) : unit.name;
  const at = stem.indexOf('@');
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = at >= 0 ? stem.slice(at + 1) : '';
  const known: Record<string, string> = {
    '%': '%',
    n: unit.name,
    N: stem,
    p: prefix,
    P: prefix,
    i: instance,
    I: instance,
    j: prefix.slice(prefix.lastIndexOf('-') + 1),
    J: prefix.slice(prefix.lastIndexOf('-') + 1),
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      i = builder.pushMappedUntil(value, i, '%') - 1;
      continue;
    }
    const letter = text[i + 1];
    if (letter !== undefined && letter in known) {
      builder.push(known[letter], sourceOf(i));
    } else if (letter !== undefined && hostSpecifiers.has(letter)) {
      builder.push('%' + letter, sourceOf(i));
      runtime.push('%' + letter);
    } else {
      problems.push({
        message: `Failed to resolve unit specifiers in "%${letter ?? ''}": systemd ignores this setting (write %% for a literal %)`,
        span: { start: sourceOf(i), end: sourceOf(Math.min(i + 2, text.length)) },
        severity: 'error',
      });
      builder.push('%' + (letter ?? ''), sourceOf(i));
    }
    i++;
  }
  return { text: builder.build(value.map.end), problems, runtime };
}

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

/** A variable's value, mapped to where it is written. */
export interface EnvValue {
  value: MappedText;
  uri: string;
  /** The `NAME=...` definition, for related information. */
  span: Span;
}

export type Environment = ReadonlyMap<string, EnvValue>;

/**
 * How much variable expansion may add to the command lines of one file (or to the command
 * one machine runs): each word an expansion makes counts as execve(2) counts an argument
 * (its characters, a NUL and an 8-byte pointer). A real unit adds a few hundred bytes;
 * words past the budget are not made, and the file gets analysis-limit: a 100 KB value used
 * 1,000 times once built 100 MB of words (issue 16 item 4). Written words cost nothing here:
 * they are bounded by the file's own size.
 */
export const maxExpandedLength = 1024 * 1024;

/** The bytes an argument takes in execve's argument list. */
function argumentCost(text: string): number {
  return text.length + 1 + 8;
}

/** What is left of `maxExpandedLength`, shared by the commands expanded for one file or machine. */
export class ExpansionBudget {
  remaining = maxExpandedLength;
  /** The first reference that did not fit, once one did not. */
  exceededAt?: Span;

  /** Takes `cost` bytes; false, remembering `at`, when they do not fit. */
  spend(cost: number, at: Span): boolean {
    if (this.exceededAt) return false;
    if (cost <= this.remaining) {
      this.remaining -= cost;
      return true;
    }
    this.exceededAt = at;
    return false;
  }
}

export interface ExpandedArgs {
  words: ArgWord[];
  /** Variables referenced but not defined in the files seen. */
  undefinedVariables: { name: string; span: Span }[];
  /** Variables that were used, with their definitions. */
  used: { name: string; definition: EnvValue }[];
  /** Where the expansion stopped for want of budget; the words after it were not made. */
  exceededAt?: Span;
}

/** replace_env_argv on the arguments, with the environment the workspace shows. */
export function expandArgs(command: ExecCommand, env: Environment, unitUri: string, budget = new ExpansionBudget()): ExpandedArgs {
  const result: ExpandedArgs = { words: [], undefinedVariables: [], used: [] };
  if (command.noEnvExpansion) {
    result.words = command.args;
    return result;
  }
  // A `$NAME` word used again gives the same words: split once, shared by every use.
  const splitValues = new Map<EnvValue, ArgWord[]>();
  for (const word of command.args) {
    if (word.text.length >= 2 && word.text[0] === '$' && word.text[1] !== '{' && word.text[1] !== '$') {
      const name = word.text.slice(1);
      const definition = env.get(name);
      if (!definition) {
        result.undefinedVariables.push({ name, span: word.span });
        continue;
      }
      result.used.push({ name, definition });
      let words = splitValues.get(definition);
      if (!words) {
        words = splitWords(definition.value, {
          cunescape: false,
          relax: true,
          uri: definition.uri === unitUri ? undefined : definition.uri,
          note: `from $${name}`,
        }).groups.flat();
        splitValues.set(definition, words);
      }
      for (const split of words) {
        if (!budget.spend(argumentCost(split.text), word.span)) break;
        result.words.push(split);
      }
    } else {
      const replaced = replaceInWord(word, env, result, budget.remaining - argumentCost(''));
      // A word without a variable is written, not made: it costs nothing.
      if (replaced && (replaced === word || budget.spend(argumentCost(replaced.text), word.span))) result.words.push(replaced);
      else budget.spend(Number.POSITIVE_INFINITY, word.span);
    }
    if (budget.exceededAt) {
      result.exceededAt = budget.exceededAt;
      break;
    }
  }
  return result;
}

/**
 * `${VAR}` inside a word (the value as one piece), `$$` as `$`; a `$` before anything else
 * stays. Undefined when the word would be longer than `room`.
 */
function replaceInWord(word: ArgWord, env: Environment, result: ExpandedArgs, room: number): ArgWord | undefined {
  if (!word.text.includes('$')) return word;
  const map = mapOfWord(word);
  const sourceOf = (index: number) => sourceAt(map, index);
  const builder = new MappedBuilder();
  const text = word.text;
  const mapped = { text, map };
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '$') {
      i = builder.pushMappedUntil(mapped, i, '$') - 1;
      continue;
    }
    if (text[i + 1] === '$') {
      builder.push('$', sourceOf(i));
      i++;
      changed = true;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close >= 0) {
        const name = text.slice(i + 2, close);
        const definition = env.get(name);
        if (definition) {
          if (builder.length + definition.value.text.length > room) return undefined;
          result.used.push({ name, definition });
          builder.push(definition.value.text, sourceOf(i));
        } else {
          result.undefinedVariables.push({ name, span: { start: sourceOf(i), end: sourceOf(close + 1) } });
        }
        i = close;
        changed = true;
        continue;
      }
    }
    // A `$` before anything else stays.
    builder.push('$', sourceOf(i));
  }
  if (!changed) return word;
  const built = builder.build(map.end);
  return { ...word, text: built.text, map: built.map };
}
