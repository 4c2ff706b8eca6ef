// The SurfaceEditor of systemd units, drop-ins and environment files: dockerd flags on an
// ExecStart= line, in an Environment= value, or in DOCKER_OPTS. Edits touch only the words
// concerned; a word is re-quoted per systemd's rules when its new text needs it, and a flag
// on a continuation line of its own is removed with its line, keeping the backslashes sane.
// Where a safe edit cannot be told (a word inside another quoted value that would need
// quoting), no edit is offered rather than a wrong one.

import { type ArgWord, mapOfWord } from '../dockerd/args';
import { flagWordsFor } from '../dockerd/options';
import { type ParsedFile, fileOfKind } from '../document';
import { sourceAt } from '../mapped-text';
import type { JsonValue, SettingEntry } from '../settings';
import type { SystemdEditor } from '../surface-editor';
import type { Span, TextEdit } from '../types';
import { effectiveCommands } from './model';
import { runsDockerd } from './exec';
import { splitWords, quoteWord } from './words';

interface LocatedWord {
  word: ArgWord;
  /** A top-level ExecStart= word, which may be re-quoted; otherwise it sits inside another value. */
  topLevel: boolean;
}

/**
 * The innermost word that holds `span`, among the words of the file a dockerd flag may be
 * written in; the first one found when two are as small.
 */
function wordAt(file: ParsedFile, span: Span): LocatedWord | undefined {
  const document = fileOfKind(file, 'systemd')?.systemd;
  if (!document) return undefined;
  let best: LocatedWord | undefined;
  const consider = (word: ArgWord, topLevel: boolean) => {
    const { start, end } = word.span;
    if (start <= span.start && span.end <= end && (!best || end - start < best.word.span.end - best.word.span.start)) best = { word, topLevel };
  };
  for (const step of document.execStarts) {
    for (const command of step.exec?.commands ?? []) for (const word of command.args) consider(word, true);
  }
  for (const value of document.environment.values()) {
    // The words of a value lie within its `NAME=value` definition: only that one is split.
    if (value.span.start > span.start || span.end > value.span.end) continue;
    for (const word of splitWords(value.value, { cunescape: false, relax: true }).groups.flat()) consider(word, false);
  }
  for (const word of document.optionsVariable?.words ?? []) consider(word, false);
  return best;
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

function lineBounds(text: string, offset: number): { start: number; end: number } {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start, end };
}

function removeEntry(file: ParsedFile, entry: SettingEntry): TextEdit[] {
  const text = file.text;
  const { start, end } = entry.entrySpan;
  const located = wordAt(file, { start, end: start });
  if (located && (start > located.word.span.start || end < located.word.span.end)) {
    // Part of a word (`-D` of `-Dl`): remove just those characters when written verbatim.
    return verbatim(file, located.word, entry.entrySpan) ? [{ start, end, newText: '' }] : [];
  }
  const line = lineBounds(text, start);
  const before = text.slice(line.start, start);
  const after = text.slice(end, line.end);
  const aloneOnLine = /^[ \t]*$/.test(before) && /^[ \t]*(\\)?[ \t]*$/.test(after);
  if (aloneOnLine && line.start > 0) {
    const continues = /\\[ \t]*$/.test(after);
    const breakStart = text[line.start - 1] === '\n' && text[line.start - 2] === '\r' ? line.start - 2 : line.start - 1;
    if (continues) return [{ start: line.start, end: nextLineStart(text, line.end), newText: '' }];
    // The last line of a continuation: the previous line's backslash must go too.
    const previous = lineBounds(text, breakStart);
    const backslash = /[ \t]*\\[ \t]*$/.exec(text.slice(previous.start, previous.end));
    if (backslash) return [{ start: previous.start + backslash.index, end: line.end, newText: '' }];
  }
  // Inline: take the blanks before the entry, or after it when it comes first.
  let from = start;
  while (from > line.start && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  if (from > line.start && text[from - 1] !== '=' && text[from - 1] !== '"' && text[from - 1] !== "'") return [{ start: from, end, newText: '' }];
  let to = end;
  while (to < line.end && (text[to] === ' ' || text[to] === '\t')) to++;
  return [{ start, end: to, newText: '' }];
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
  const commands = effectiveCommands(document).filter(({ command }) => runsDockerd(command));
  const command = commands[commands.length - 1]?.command;
  return command ? { at: command.span.end, topLevel: true } : undefined;
}

function setOptions(file: ParsedFile, options: { name: string; value: JsonValue }[], anchor?: SettingEntry): TextEdit[] {
  const point = insertionPoint(file, anchor);
  if (!point || options.length === 0) return [];
  const elsewhere = otherCommands(file, point.at);
  const words: string[] = [];
  const edits: TextEdit[] = [];
  for (const option of options) {
    // An option this file already passes is changed in place (`--tlsverify=false` -> `=true`).
    const existing = file.dockerd
      .flatMap((settings) => settings.entries)
      .filter((entry) => entry.name === option.name && entry.uri === file.uri && entry.origin === 'flag' && !elsewhere.some((span) => within(entry.entrySpan, span)));
    const held = existing[existing.length - 1];
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
 * The ExecStart= commands other than the one at `at`: each command is a dockerd of its own,
 * so its flags are not the ones to change (none when `at` is in no command, e.g. DOCKER_OPTS).
 */
function otherCommands(file: ParsedFile, at: number): Span[] {
  const commands = (fileOfKind(file, 'systemd')?.systemd.execStarts ?? []).flatMap((step) => step.exec?.commands ?? []).map((command) => command.span);
  if (!commands.some((span) => span.start <= at && at <= span.end)) return [];
  return commands.filter((span) => !(span.start <= at && at <= span.end));
}

function within(inner: Span, outer: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export const systemdEditor: SystemdEditor = { replaceValue, removeEntry, setOptions, quoteWord };
