// systemd's own word splitting (src/basic/extract-word.c, extract_first_word), which is not
// the shell's: double and single quotes may open anywhere in a word and are removed; a
// backslash escapes inside single quotes too; C-style escapes (`\n`, `\x41`, `\101`,
// `\u00e9`, `\s` for a space) are decoded where the setting asks for it (ExecStart=,
// Environment=), and an unknown escape is kept verbatim with a warning (as
// extract_first_word_and_warn retries); unbalanced quotes make the whole line invalid.
// Every word keeps where each of its characters is written.

import type { ArgWord } from '../dockerd/args';
import { MappedBuilder, type MappedText, type SourceMap, sourceAt } from '../mapped-text';
import type { Span } from '../types';

export interface SplitOptions {
  /** Decode C-style escapes (EXTRACT_CUNESCAPE); otherwise a backslash just takes the next character. */
  cunescape: boolean;
  /** EXTRACT_RELAX: an unterminated quote or a trailing backslash ends the word instead of failing. */
  relax: boolean;
  /** ExecStart=: a lone `;` separates commands, and `\;` is a literal `;` word. */
  commandSeparators?: boolean;
  /** The file the text is in, when not the one being parsed. */
  uri?: string;
  note?: string;
}

export interface SplitProblem {
  message: string;
  span: Span;
  /** An error makes systemd ignore the whole setting; a warning only logs. */
  severity: 'error' | 'warning';
}

export interface SplitResult {
  /** Commands separated by `;` (one group unless `commandSeparators`). */
  groups: ArgWord[][];
  problems: SplitProblem[];
  /** False when systemd rejects the value (unbalanced quotes). */
  ok: boolean;
}

const simpleEscapes: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
  s: ' ',
};

/** cunescape_one: the decoded character and how many characters after the backslash it used. */
export function cunescapeOne(text: string, at: number): { char: string; length: number } | undefined {
  const c = text[at];
  if (c === undefined) return undefined;
  if (c in simpleEscapes) return { char: simpleEscapes[c], length: 1 };
  const hex = (count: number) => {
    const digits = text.slice(at + 1, at + 1 + count);
    return digits.length === count && /^[0-9a-fA-F]+$/.test(digits) ? Number.parseInt(digits, 16) : undefined;
  };
  if (c === 'x') {
    const value = hex(2);
    return value === undefined || value === 0 ? undefined : { char: String.fromCharCode(value), length: 3 };
  }
  if (c === 'u' || c === 'U') {
    const count = c === 'u' ? 4 : 8;
    const value = hex(count);
    if (value === undefined || value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return undefined;
    return { char: String.fromCodePoint(value), length: count + 1 };
  }
  if (/[0-7]/.test(c)) {
    const digits = text.slice(at, at + 3);
    if (!/^[0-7]{3}$/.test(digits)) return undefined;
    const value = Number.parseInt(digits, 8);
    return value === 0 || value > 255 ? undefined : { char: String.fromCharCode(value), length: 3 };
  }
  return undefined;
}

function isSeparator(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

export function splitWords(mapped: MappedText, options: SplitOptions): SplitResult {
  const { text } = mapped;
  const result: SplitResult = { groups: [[]], problems: [], ok: true };
  let group = result.groups[0];
  const reader = new WordReader(mapped);
  let p = 0;

  while (p < text.length) {
    while (p < text.length && isSeparator(text[p])) p++;
    if (p >= text.length) break;
    if (options.commandSeparators && group.length > 0) {
      if (text[p] === ';' && reader.atEnd(p + 1)) {
        group = [];
        result.groups.push(group);
        p++;
        continue;
      }
      if (text[p] === '\\' && text[p + 1] === ';' && reader.atEnd(p + 2)) {
        group.push(makeWord(';', { runs: [0, reader.at(p)], length: 1, end: reader.endAt(p + 2) }, reader.spanFrom(p, p + 2), options));
        p += 2;
        continue;
      }
    }

    const wordStart = p;
    reader.startWord();
    let quote: string | undefined;
    let unbalanced = false;
    for (;;) {
      const c = text[p];
      if (c === undefined) {
        if (quote && !options.relax) unbalanced = true;
        break;
      }
      if (c === '\\') {
        const next = text[p + 1];
        if (next === undefined) {
          // A trailing backslash: kept verbatim outside quotes (EXTRACT_UNESCAPE_RELAX retry).
          if (!options.relax && !quote) {
            result.problems.push({ message: `Ignoring unknown escape sequences: "${text.slice(wordStart)}"`, span: reader.spanFrom(p, p + 1), severity: 'warning' });
            reader.emit('\\', p, p + 1);
          } else if (quote && !options.relax) unbalanced = true;
          p++;
          break;
        }
        if (options.cunescape) {
          const decoded = cunescapeOne(text, p + 1);
          if (decoded) {
            reader.emit(decoded.char, p, p + 1 + decoded.length);
            p += 1 + decoded.length;
          } else {
            result.problems.push({ message: `Ignoring unknown escape sequence "\\${next}"`, span: reader.spanFrom(p, p + 2), severity: 'warning' });
            reader.emit('\\' + next, p, p + 2);
            p += 2;
          }
        } else {
          reader.emit(next, p, p + 2);
          p += 2;
        }
        continue;
      }
      if (quote) {
        if (c === quote) quote = undefined;
        else reader.emitAsWritten(p);
        p++;
        continue;
      }
      if (c === '"' || c === "'") {
        quote = c;
        p++;
        continue;
      }
      if (isSeparator(c)) break;
      reader.emitAsWritten(p);
      p++;
    }
    const span = reader.spanFrom(wordStart, p);
    if (unbalanced) {
      result.ok = false;
      result.problems.push({ message: `Unbalanced quoting: systemd ignores this setting`, span, severity: 'error' });
      break;
    }
    const built = reader.finishWord(wordStart);
    group.push(makeWord(built.text, built.map, span, options));
  }
  if (group.length === 0 && result.groups.length > 1) result.groups.pop();
  return result;
}

/** The word being read out of a mapped text, and where its characters come from. */
class WordReader {
  private readonly text: string;
  private readonly map: SourceMap;
  private word = new MappedBuilder();
  /** Where the word's content ends in `text`; -1 while it has none. */
  private contentTo = -1;
  // Characters taken as written gather in a run [runFrom, runTo) of `text`, added to the word
  // as one piece (a word built a character at a time is slow to search later).
  private runFrom = 0;
  private runTo = 0;

  constructor(private readonly mapped: MappedText) {
    this.text = mapped.text;
    this.map = mapped.map;
  }

  at(index: number): number {
    return sourceAt(this.map, index);
  }

  /**
   * Where the source of characters [.., to) ends: the next character's start, or past the last
   * one (not the text's recorded end, which may lie after a closing quote of the enclosing value).
   */
  endAt(to: number): number {
    if (to < this.text.length || to === 0) return this.at(to);
    const last = this.at(to - 1);
    const expanded = to >= 2 && this.at(to - 2) === last;
    return expanded ? this.map.end : Math.min(last + 1, this.map.end);
  }

  spanFrom(from: number, to: number): Span {
    return { start: this.at(from), end: this.endAt(to) };
  }

  atEnd(index: number): boolean {
    return index >= this.text.length || isSeparator(this.text[index]);
  }

  startWord(): void {
    this.word = new MappedBuilder();
    this.contentTo = -1;
  }

  emitAsWritten(index: number): void {
    if (this.runTo !== index || this.runTo === this.runFrom) {
      this.flushRun();
      this.runFrom = index;
    }
    this.runTo = index + 1;
    this.contentTo = index + 1;
  }

  /** `chars` standing for the written characters [from, to) (an escape). */
  emit(chars: string, from: number, to: number): void {
    this.flushRun();
    this.word.push(chars, this.at(from));
    this.contentTo = to;
  }

  finishWord(wordStart: number): MappedText {
    this.flushRun();
    return this.word.build(this.contentTo < 0 ? this.at(wordStart) : this.endAt(this.contentTo));
  }

  private flushRun(): void {
    this.word.pushMapped(this.mapped, this.runFrom, this.runTo);
    this.runFrom = this.runTo = 0;
  }
}

function makeWord(text: string, map: SourceMap, span: Span, options: SplitOptions): ArgWord {
  return { text, span, map, uri: options.uri, note: options.note };
}

/**
 * A word written so that systemd reads it back as `text`, quoted only when it must be. In a
 * command line (`exec`), `%` and `$` are doubled so that specifiers and variables stay literal.
 */
export function quoteWord(raw: string, exec = true): string {
  const text = exec ? raw.replace(/%/g, '%%').replace(/\$/g, '$$$$') : raw;
  if (text !== '' && /^[^\s"'\\;]+$/.test(text)) return text;
  let quoted = '"';
  for (const char of text) {
    if (char === '"' || char === '\\') quoted += '\\' + char;
    else if (char === '\n') quoted += '\\n';
    else if (char === '\r') quoted += '\\r';
    else if (char === '\t') quoted += '\\t';
    else quoted += char;
  }
  return quoted + '"';
}
