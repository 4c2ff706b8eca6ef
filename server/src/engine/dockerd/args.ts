// dockerd's command line as dockerd reads it (cobra over spf13/pflag): long and short flags,
// `--flag=value` and `--flag value`, grouped short booleans (`-Dl debug`), `-H=value` and
// `-Hvalue`, booleans that take a value only as `--flag=false`, `--` ending the flags, and
// positional words (which dockerd rejects: "accepts no arguments").
// Surface-neutral: the caller hands over words with their spans (ExecStart, DOCKER_OPTS,
// a Compose `command:`), and gets back dockerd-settings entries with origin `flag`.
// Unlike pflag, which stops at the first error, every problem is collected.

import type { JsonValue, SettingEntry } from '../settings';
import type { FileKind, Platform, Span } from '../types';
import { editDistance, withinLengthOf } from '../daemon-json/suggest';
import { type SourceMap, sourceAt, verbatimMap } from '../mapped-text';
import { spanUnion } from '../text';
import { type DaemonBuild, type DockerdFlag, daemonOptions, dockerdFlags, dockerdShortFlags, rhelDockerFlags } from './options';

export interface ArgWord {
  /** The word after its surface's unquoting. */
  text: string;
  /** The word as written (quotes included). */
  span: Span;
  /**
   * Where each character of `text` is written: needed when the word was quoted or escaped.
   * Absent: the word is written verbatim from `span.start`.
   */
  map?: SourceMap;
  /** The file the word is written in, when not the file being parsed (a `$DOCKER_OPTS` from /etc/default/docker). */
  uri?: string;
  /** Why the word may differ at run time (it came from a variable). */
  note?: string;
}

export interface UnknownFlag {
  /** As written, without a value: `--tlsverfy`, `-x`. */
  written: string;
  /** The flag's name without dashes. */
  name: string;
  short: boolean;
  /** The name's span (for a grouped short flag, its letter). */
  span: Span;
  word: ArgWord;
  /** The flag exists, but only on this other platform. */
  onlyOn?: Platform;
}

export interface ArgError {
  message: string;
  span: Span;
  uri?: string;
}

export interface ParsedArgs {
  entries: SettingEntry[];
  unknownFlags: UnknownFlag[];
  /** Words that are not flags nor flag values; dockerd refuses to start with any. */
  positionals: ArgWord[];
  errors: ArgError[];
}

export interface ArgsContext {
  uri: string;
  kind: FileKind;
  platform?: Platform;
  /** The daemon that reads the words (default: upstream dockerd). */
  build?: DaemonBuild;
}

/** What Go's strconv.ParseBool accepts. */
const goBooleans = new Map<string, boolean>([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((word) => [word, true] as const),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((word) => [word, false] as const),
]);

export function parseGoBool(text: string): boolean | undefined {
  return goBooleans.get(text);
}

/** Where each character of a word is written (a word with no map is written verbatim). */
export function mapOfWord(word: ArgWord): SourceMap {
  return word.map ?? verbatimMap(word.span.start, word.text.length);
}

/** The source span of characters [from, to) of a word. */
export function wordSubSpan(word: ArgWord, from: number, to: number): Span {
  if (!word.map) return { start: word.span.start + from, end: word.span.start + to };
  if (from === 0 && to === word.text.length) return word.span;
  const start = from === 0 ? word.span.start : sourceAt(word.map, from);
  const end = sourceAt(word.map, to);
  return { start, end: Math.max(start, end) };
}

export function flagOnPlatform(flag: DockerdFlag, platform: Platform): boolean {
  return flag.platforms.includes(platform);
}

/** The flag's value as dockerd stores it: a boolean, an integer, or the string. */
function typedValue(flag: DockerdFlag, text: string): JsonValue {
  const type = daemonOptions.get(flag.configName)?.valueSchema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

export function parseDockerdArgs(words: readonly ArgWord[], context: ArgsContext): ParsedArgs {
  const platform = context.platform ?? 'linux';
  const result: ParsedArgs = { entries: [], unknownFlags: [], positionals: [], errors: [] };
  const uriOf = (word: ArgWord) => word.uri ?? context.uri;
  const error = (word: ArgWord, span: Span, message: string) => result.errors.push({ message, span, uri: word.uri });

  const lookup = (name: string, short: boolean): DockerdFlag | { onlyOn: Platform } | undefined => {
    const flag = short ? dockerdShortFlags.get(name) : (dockerdFlags.get(name) ?? (context.build === 'rhel' ? rhelDockerFlags.get(name) : undefined));
    if (!flag) return undefined;
    if (flagOnPlatform(flag, platform)) return flag;
    return { onlyOn: flag.platforms[0] };
  };

  const addEntry = (
    flag: DockerdFlag,
    written: string,
    nameWord: ArgWord,
    nameSpan: Span,
    valueText: string | undefined,
    valueWord: ArgWord,
    valueSpan: Span,
    explicit: boolean,
    /** A short flag sharing its word with others (`-Dl`): only its own characters belong to it. */
    ownPart?: Span,
  ) => {
    let value: JsonValue;
    if (flag.boolean) {
      const parsed = valueText === undefined ? true : parseGoBool(valueText);
      if (parsed === undefined) {
        error(valueWord, valueSpan, `invalid argument "${valueText}" for "${written}" flag: dockerd accepts true or false (strconv.ParseBool)`);
        return;
      }
      value = parsed;
    } else {
      value = typedValue(flag, valueText ?? '');
    }
    const notes = [nameWord.note, valueWord !== nameWord ? valueWord.note : undefined].filter((note): note is string => !!note);
    result.entries.push({
      name: flag.configName,
      origin: 'flag',
      written,
      writtenValue: explicit ? valueText : undefined,
      value,
      uri: uriOf(nameWord),
      kind: context.kind,
      valueSpan: explicit ? valueSpan : nameSpan,
      nameSpan,
      entrySpan: ownPart
        ? nameWord === valueWord
          ? ownPart
          : spanUnion(ownPart, valueWord.span)
        : spanUnion(nameWord === valueWord ? nameWord.span : spanUnion(nameWord.span, valueWord.span), nameSpan),
      note: notes.length > 0 ? notes.join('; ') : undefined,
    });
  };

  const unknown = (word: ArgWord, name: string, short: boolean, span: Span, onlyOn?: Platform) => {
    result.unknownFlags.push({ written: (short ? '-' : '--') + name, name, short, span, word, onlyOn });
  };

  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    const text = word.text;
    const next = words[index + 1] as ArgWord | undefined;

    if (text.length < 2 || text[0] !== '-') {
      result.positionals.push(word);
      continue;
    }
    if (text === '--') {
      result.positionals.push(...words.slice(index + 1));
      break;
    }

    if (text[1] === '-') {
      const body = text.slice(2);
      if (body[0] === '-' || body[0] === '=') {
        error(word, word.span, `bad flag syntax: ${text}`);
        continue;
      }
      const equals = body.indexOf('=');
      const name = equals < 0 ? body : body.slice(0, equals);
      const nameSpan = wordSubSpan(word, 0, 2 + name.length);
      const found = lookup(name, false);
      if (!found || 'onlyOn' in found) {
        unknown(word, name, false, nameSpan, found?.onlyOn);
        // The value of an unknown flag cannot be told from a stray word: take a following
        // non-flag word as its value rather than reporting it a second time.
        if (equals < 0 && next && !next.text.startsWith('-')) index++;
        continue;
      }
      if (equals >= 0) {
        const valueSpan = wordSubSpan(word, 3 + name.length, text.length);
        addEntry(found, `--${name}`, word, nameSpan, body.slice(equals + 1), word, valueSpan, true);
      } else if (found.boolean) {
        addEntry(found, `--${name}`, word, nameSpan, undefined, word, nameSpan, false);
      } else if (next) {
        addEntry(found, `--${name}`, word, nameSpan, next.text, next, next.span, true);
        index++;
      } else {
        error(word, word.span, `flag needs an argument: ${text}`);
      }
      continue;
    }

    // One or more short flags: `-D`, `-Dl debug`, `-H=tcp://...`, `-Htcp://...`.
    let position = 1;
    while (position < text.length) {
      const letter = text[position];
      // The first letter's span takes the dash with it: `-H` is what a user sees as the flag.
      const letterSpan = wordSubSpan(word, position === 1 ? 0 : position, position + 1);
      const found = lookup(letter, true);
      if (!found || 'onlyOn' in found) {
        unknown(word, letter, true, letterSpan, found?.onlyOn);
        break; // pflag stops reading this word at an unknown letter
      }
      const written = `-${letter}`;
      const rest = text.slice(position + 1);
      const grouped = position > 1 || (found.boolean && rest.length > 0 && !(rest.length > 1 && rest[0] === '='));
      const ownPart = (to: number) => (grouped ? wordSubSpan(word, position, to) : undefined);
      if (rest.length > 1 && rest[0] === '=') {
        addEntry(found, written, word, letterSpan, rest.slice(1), word, wordSubSpan(word, position + 2, text.length), true, ownPart(text.length));
        break;
      }
      if (found.boolean) {
        addEntry(found, written, word, letterSpan, undefined, word, letterSpan, false, ownPart(position + 1));
        position++;
        continue;
      }
      if (rest.length > 0) {
        addEntry(found, written, word, letterSpan, rest, word, wordSubSpan(word, position + 1, text.length), true, ownPart(text.length));
      } else if (next) {
        addEntry(found, written, word, letterSpan, next.text, next, next.span, true, ownPart(position + 1));
        index++;
      } else {
        error(word, letterSpan, `flag needs an argument: '${letter}' in ${text}`);
      }
      break;
    }
  }

  for (const word of result.positionals) {
    error(word, word.span, `dockerd accepts no arguments, but "${word.text}" is one`);
  }
  return result;
}

/**
 * The flag a user most likely meant: one whose config name is what they wrote (`--hosts`
 * for `--host`), else the single closest name by edit distance, within a quarter of its length.
 */
export function suggestFlag(name: string, platform: Platform): DockerdFlag | undefined {
  const candidates = [...dockerdFlags.values()].filter((flag) => flagOnPlatform(flag, platform));
  const byConfigName = candidates.find((flag) => flag.configName === name && flag.long !== name);
  if (byConfigName) return byConfigName;
  const limit = Math.max(1, Math.floor(name.length / 4));
  let best: DockerdFlag | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const flag of candidates) {
    if (!withinLengthOf(name, flag.long, limit)) continue;
    const distance = editDistance(name, flag.long);
    if (distance < bestDistance) [best, bestDistance, tie] = [flag, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return best && bestDistance <= limit && !tie ? best : undefined;
}
