// Variables in ExecStart= arguments, replaced when the command runs (systemd.service(5)
// "Command lines"; src/basic/env-util.c replace_env_argv): `${VAR}` in a word is replaced by
// the value as one piece, a word that is exactly `$VAR` by the value split at whitespace (zero
// or more words), `$$` is a `$`; the `:` prefix turns this off. Bounded by an execve-sized budget.

import { type ArgWord, mapOfWord } from '../dockerd/args';
import { MappedBuilder, type MappedText, sourceAt } from '../mapped-text';
import type { Span } from '../types';
import type { ExecCommand } from './exec';
import { splitWords } from './words';

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
