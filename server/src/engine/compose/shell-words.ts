// Splits a `command:`/`entrypoint:` string into words as Compose does (go-shellwords, without
// environment expansion): blanks separate words, single quotes are literal, double quotes keep
// blanks and honour `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next
// character. Each word keeps the source span of every character.

import type { Span } from '../types';
import { type MappedString, concatMapped, sliceMapped, spanIn } from './mapped-string';

export interface ShellWord {
  text: MappedString;
  /** The word as written, quotes included. */
  span: Span;
}

export function splitShellWords(source: MappedString): ShellWord[] {
  const words: ShellWord[] = [];
  const text = source.text;
  let current: MappedString[] | undefined;
  let wordStart = 0;
  let i = 0;
  const begin = () => {
    if (!current) wordStart = i;
    current ??= [];
  };
  const take = (from: number, to: number) => {
    begin();
    current!.push(sliceMapped(source, from, to));
  };
  const finish = (at: number) => {
    if (current) {
      const written = spanIn(source, wordStart, at);
      words.push({ text: concatMapped(current, written.end), span: written });
    }
    current = undefined;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      finish(i);
      i++;
    } else if (c === '\\') {
      begin();
      if (i + 1 < text.length) take(i + 1, i + 2);
      i += 2;
    } else if (c === "'") {
      begin();
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      take(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      begin();
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1])) {
          take(i + 1, i + 2);
          i += 2;
        } else {
          take(i, i + 1);
          i++;
        }
      }
      i++;
    } else {
      take(i, i + 1);
      i++;
    }
  }
  finish(Math.min(i, text.length));
  return words;
}
