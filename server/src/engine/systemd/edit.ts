// The SurfaceEditor of systemd units, drop-ins and environment files: dockerd flags on an
// ExecStart= line, in an Environment= value, or in DOCKER_OPTS. Edits touch only the words
// concerned; a word is re-quoted per systemd's rules when its new text needs it, and a flag
// on a continuation line of its own is removed with its line, keeping the backslashes sane.
// Where a safe edit cannot be told (a word inside another quoted value that would need
// quoting), no edit is offered rather than a wrong one.

import { type ArgWord, mapOfWord } from '../dockerd/args';
import { flagWordsFor } from '../dockerd/options';
import { type ParsedFile, fileOfKind } from '../document';
import { keptWith } from '../kept-with';
import { sourceAt } from '../mapped-text';
import type { JsonValue, SettingEntry } from '../settings';
import type { SystemdEditor } from '../surface-editor';
import type { Span, TextEdit } from '../types';
import { effectiveCommands } from './model';
import type { EnvValue } from './env-expansion';
import { runsDockerd } from './exec';
import { splitWords, quoteWord } from './words';

interface LocatedWord {
  word: ArgWord;
  /** A top-level ExecStart= word, which may be re-quoted; otherwise it sits inside another value. */
  topLevel: boolean;
}

/**
 * The words and flags of a file that edits look up, made once per parsed file: fixes are
 * built per finding, and each used to scan every word and entry of the file (8,000 -H
 * flags: 30 s; issue 16 item 7, issue 19 item 11).
 */
interface EditIndex {
  /** ExecStart= argument words, in file order; they do not overlap. */
  topLevel: ArgWord[];
  /**
   * This file's Environment= definitions, in file order; the words of one are split when a
   * fix first looks inside it (splitting them all costs a lint of a big drop-in twice over).
   */
  values: EnvValue[];
  valueWords: Map<EnvValue, ArgWord[]>;
  /** The words of DOCKER_OPTS, in file order. */
  optionsWords: ArgWord[];
  /** The spans of the ExecStart= commands, in file order. */
  commands: Span[];
  /** This file's last flag entry of each option name: of the file, and of each command that holds one (-1: none). */
  flags: Map<string, { last: HeldFlag; byCommand: Map<number, HeldFlag> }>;
  /** The file's last command that runs dockerd, where new flags go when no anchor says. */
  lastDockerd?: Span;
}

/** A flag entry and its place among the file's entries. */
interface HeldFlag {
  entry: SettingEntry;
  order: number;
}

const editIndexOf = keptWith<EditIndex>('systemd edit index');

function indexOf(file: ParsedFile): EditIndex {
  return editIndexOf(file, () => buildIndex(file));
}

function buildIndex(file: ParsedFile): EditIndex {
  const document = fileOfKind(file, 'systemd')?.systemd;
  const byStart = (a: ArgWord, b: ArgWord) => a.span.start - b.span.start;
  const commands = (document?.execStarts ?? []).flatMap((step) => step.exec?.commands ?? []);
  const index: EditIndex = {
    topLevel: commands.flatMap((command) => command.args).sort(byStart),
    values: [...(document?.environment.values() ?? [])].filter((value) => value.uri === file.uri).sort((a, b) => a.span.start - b.span.start),
    valueWords: new Map(),
    optionsWords: [...(document?.optionsVariable?.words ?? [])].sort(byStart),
    commands: commands.map((command) => command.span).sort((a, b) => a.start - b.start),
    flags: new Map(),
    lastDockerd: document
      ? effectiveCommands(document)
          .filter(({ command }) => runsDockerd(command))
          .pop()?.command.span
      : undefined,
  };
  let order = 0;
  for (const settings of file.dockerd) {
    for (const entry of settings.entries) {
      if (entry.uri !== file.uri || entry.origin !== 'flag') continue;
      const held = { entry, order: order++ };
      const flags = index.flags.get(entry.name) ?? { last: held, byCommand: new Map<number, HeldFlag>() };
      flags.last = held;
      flags.byCommand.set(holding(index.commands, spanOfSpan, entry.entrySpan), held);
      index.flags.set(entry.name, flags);
    }
  }
  return index;
}

/** The position of the item of `items` (in file order, not overlapping) whose span holds `inner`, or -1. */
function holding<T>(items: readonly T[], spanOf: (item: T) => Span, inner: Span): number {
  let low = 0;
  let high = items.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (spanOf(items[middle]).start <= inner.start) low = middle;
    else high = middle - 1;
  }
  return items.length > 0 && within(inner, spanOf(items[low])) ? low : -1;
}

const spanOfSpan = (span: Span) => span;
const spanOfWord = (word: ArgWord) => word.span;

/** The word of `words` (in file order, not overlapping) that holds `span`. */
function wordHolding(words: readonly ArgWord[], span: Span): ArgWord | undefined {
  const at = holding(words, spanOfWord, span);
  return at < 0 ? undefined : words[at];
}

/**
 * The innermost word that holds `span`, among the words of the file a dockerd flag may be
 * written in; the ExecStart= word when two are as small.
 */
function wordAt(file: ParsedFile, span: Span): LocatedWord | undefined {
  if (!fileOfKind(file, 'systemd')) return undefined;
  const index = indexOf(file);
  const top = wordHolding(index.topLevel, span);
  const size = (word: ArgWord) => word.span.end - word.span.start;
  const inner = [wordHolding(wordsOfValueHolding(index, span), span), wordHolding(index.optionsWords, span)]
    .filter((word) => word !== undefined)
    .reduce<ArgWord | undefined>((best, word) => (!best || size(word) < size(best) ? word : best), undefined);
  if (top && (!inner || size(top) <= size(inner))) return { word: top, topLevel: true };
  return inner ? { word: inner, topLevel: false } : undefined;
}

/** The words of the Environment= definition that holds `span` (none when no definition does). */
function wordsOfValueHolding(index: EditIndex, span: Span): ArgWord[] {
  const at = holding(index.values, (value) => value.span, span);
  if (at < 0) return [];
  const value = index.values[at];
  let words = index.valueWords.get(value);
  if (!words) {
    words = splitWords(value.value, { cunescape: false, relax: true })
      .groups.flat()
      .sort((a, b) => a.span.start - b.span.start);
    index.valueWords.set(value, words);
  }
  return words;
}

/** A word written verbatim (no quotes or escapes) from `from` to `to` in the source. */
function verbatim(file: ParsedFile, word: ArgWord, span: Span): boolean {
  if (!word.map) return true;
  const raw = file.text.slice(span.start, span.end);
  return !/["'\\]/.test(raw);
}

const safeInsideValue = /^[^\s"'\\$`%;]*$/;

function valueText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function replaceValue(file: ParsedFile, target: Span, value: JsonValue): TextEdit[] {
  const located = wordAt(file, target);
  const text = valueText(value);
  if (!located) return [];
  const { word, topLevel } = located;
  if (verbatim(file, word, target) && safeInsideValue.test(text)) return [{ ...target, newText: text }];
  if (!topLevel) return [];
  // Rebuild the whole word: what precedes the value in it (`--host=`) plus the new value.
  const map = mapOfWord(word);
  let from = 0;
  while (from <= word.text.length && sourceAt(map, from) < target.start) from++;
  const prefix = from > word.text.length ? '' : word.text.slice(0, from);
  return [{ ...word.span, newText: quoteWord(prefix + text) }];
}

const blank = (c: string | undefined) => c === ' ' || c === '\t';
const lineBreak = (c: string | undefined) => c === '\n' || c === '\r';

/** Where the blanks before `offset` start. */
function blanksBefore(text: string, offset: number): number {
  while (offset > 0 && blank(text[offset - 1])) offset--;
  return offset;
}

/** Where the blanks from `offset` on end. */
function blanksAfter(text: string, offset: number): number {
  while (offset < text.length && blank(text[offset])) offset++;
  return offset;
}

// Only the blanks and backslash around the entry are looked at, never its whole line: an
// ExecStart= line may hold 20,000 flags, each removed by a fix of its own.
function removeEntry(file: ParsedFile, entry: SettingEntry): TextEdit[] {
  const text = file.text;
  const { start, end } = entry.entrySpan;
  const located = wordAt(file, { start, end: start });
  if (located && (start > located.word.span.start || end < located.word.span.end)) {
    // Part of a word (`-D` of `-Dl`): remove just those characters when written verbatim.
    return verbatim(file, located.word, entry.entrySpan) ? [{ start, end, newText: '' }] : [];
  }
  const lineStart = blanksBefore(text, start);
  const afterBlanks = blanksAfter(text, end);
  const continues = text[afterBlanks] === '\\';
  const lineEnd = continues ? blanksAfter(text, afterBlanks + 1) : afterBlanks;
  const aloneOnLine = (lineStart === 0 || lineBreak(text[lineStart - 1])) && (lineEnd === text.length || lineBreak(text[lineEnd]));
  if (aloneOnLine && lineStart > 0) {
    const breakStart = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    if (continues) return [{ start: lineStart, end: nextLineStart(text, lineEnd), newText: '' }];
    // The last line of a continuation: the previous line's backslash must go too.
    const beforeBreak = blanksBefore(text, breakStart);
    if (text[beforeBreak - 1] === '\\') return [{ start: blanksBefore(text, beforeBreak - 1), end: lineEnd, newText: '' }];
  }
  // Inline: take the blanks before the entry, or after it when it comes first.
  const from = lineStart;
  if (from > 0 && !lineBreak(text[from - 1]) && text[from - 1] !== '=' && text[from - 1] !== '"' && text[from - 1] !== "'") return [{ start: from, end, newText: '' }];
  return [{ start, end: afterBlanks, newText: '' }];
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd < text.length ? lineEnd + 1 : lineEnd;
}

/** Where new flags go: after the anchor, else after the last word of the file's dockerd command. */
function insertionPoint(file: ParsedFile, anchor?: SettingEntry): { at: number; topLevel: boolean } | undefined {
  if (anchor && anchor.uri === file.uri) {
    const located = wordAt(file, { start: anchor.entrySpan.end - 1, end: anchor.entrySpan.end - 1 });
    return { at: anchor.entrySpan.end, topLevel: located?.topLevel ?? true };
  }
  const document = fileOfKind(file, 'systemd')?.systemd;
  if (!document) return undefined;
  if (document.optionsVariable) {
    const words = document.optionsVariable.words;
    const last = words[words.length - 1];
    return last ? { at: last.span.end, topLevel: false } : undefined;
  }
  const command = indexOf(file).lastDockerd;
  return command ? { at: command.end, topLevel: true } : undefined;
}

function setOptions(file: ParsedFile, options: { name: string; value: JsonValue }[], anchor?: SettingEntry): TextEdit[] {
  const point = insertionPoint(file, anchor);
  if (!point || options.length === 0) return [];
  const index = indexOf(file);
  const home = holding(index.commands, spanOfSpan, { start: point.at, end: point.at });
  const words: string[] = [];
  const edits: TextEdit[] = [];
  for (const option of options) {
    // An option this file already passes is changed in place (`--tlsverify=false` -> `=true`).
    const held = heldFlag(index, option.name, home);
    if (held && !Array.isArray(option.value)) {
      if (held.value === option.value) continue;
      const explicit = held.valueSpan.start !== held.nameSpan.start || held.valueSpan.end !== held.nameSpan.end;
      const replaced = explicit ? replaceValue(file, held.valueSpan, option.value) : [];
      if (replaced.length === 0) return [];
      edits.push(...replaced);
      continue;
    }
    const written = flagWordsFor(option.name, option.value);
    if (!written) return [];
    for (const word of written) {
      if (point.topLevel) words.push(quoteWord(word));
      else if (safeInsideValue.test(word)) words.push(word);
      else return [];
    }
  }
  if (words.length > 0) edits.push({ start: point.at, end: point.at, newText: ' ' + words.join(' ') });
  return edits;
}

/**
 * The file's last flag entry of `name` outside the ExecStart= commands other than `home`:
 * each command is a dockerd of its own, so its flags are not the ones to change (any are
 * when the insertion point is in no command, e.g. DOCKER_OPTS).
 */
function heldFlag(index: EditIndex, name: string, home: number): SettingEntry | undefined {
  const flags = index.flags.get(name);
  if (!flags || home < 0) return flags?.last.entry;
  const inHome = flags.byCommand.get(home);
  const outside = flags.byCommand.get(-1);
  const later = !inHome || (outside && outside.order > inHome.order) ? outside : inHome;
  return later?.entry;
}

function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export const systemdEditor: SystemdEditor = { replaceValue, removeEntry, setOptions, quoteWord };
