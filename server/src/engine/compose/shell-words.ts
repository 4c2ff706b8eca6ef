// Splits a `command:`/`entrypoint:` string into words as Compose does (go-shellwords, without
// environment expansion): blanks separate words, single quotes are literal, double quotes keep
// blanks and honour `\"`, `\\`, `\$` and `` \` ``, a backslash outside quotes escapes the next
// character. Each word keeps the source span of every character.

import { type MappedString, concatMapped, sliceMapped } from './mapped-string';

export function splitShellWords(source: MappedString): MappedString[] {
  const words: MappedString[] = [];
  const text = source.text;
  let current: MappedString[] | undefined;
  let i = 0;
  const take = (from: number, to: number) => {
    current ??= [];
    current.push(sliceMapped(source, from, to));
  };
  const finish = (at: number) => {
    if (current) words.push(concatMapped(current, at < text.length ? source.starts[at] : source.end));
    current = undefined;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      finish(i);
      i++;
    } else if (c === '\\') {
      if (i + 1 < text.length) take(i + 1, i + 2);
      i += 2;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? text.length : close;
      take(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      current ??= [];
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
  finish(text.length);
  return words;
}
