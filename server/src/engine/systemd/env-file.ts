// Environment files (/etc/default/docker, /etc/sysconfig/docker, any EnvironmentFile=) as
// systemd reads them (src/basic/env-file.c, parse_env_file_internal): `KEY=value` lines,
// `#`/`;` comments at the start of a line, single quotes literal, double quotes with `\"`,
// `\\`, `` \` `` and `\$` escapes, an unquoted value trimmed at its end, a backslash-newline
// joining lines. Unlike a shell, `#` after a value is part of the value, and `export` is
// not understood.

import { MappedBuilder, subMapped } from '../mapped-text';
import type { EnvFile } from './model';

const blank = (c: string) => c === ' ' || c === '\t';
const newline = (c: string) => c === '\n' || c === '\r';
const needsEscapeInDoubleQuotes = new Set(['"', '\\', '`', '$']);

export function readEnvFile(text: string): EnvFile {
  const file: EnvFile = { assignments: [], comments: [], problems: [] };
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const advanceLine = (c: string, i: number) => {
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
  };

  while (p < text.length) {
    const c = text[p];
    if (newline(c) || blank(c)) {
      advanceLine(c, p);
      p++;
      continue;
    }
    if (c === '#' || c === ';') {
      const start = p;
      while (p < text.length && !newline(text[p])) p++;
      file.comments.push({ text: text.slice(start, p), span: { start, end: p }, line });
      continue;
    }
    // The key: up to '=' on the same line.
    const keyStart = p;
    const keyLine = line;
    while (p < text.length && text[p] !== '=' && !newline(text[p])) p++;
    if (text[p] !== '=') {
      file.problems.push({ message: `Line without "=" ignored: ${text.slice(keyStart, p).trim()}`, kind: 'missing-equals', span: { start: keyStart, end: p } });
      continue;
    }
    let keyEnd = p;
    while (keyEnd > keyStart && blank(text[keyEnd - 1])) keyEnd--;
    const name = text.slice(keyStart, keyEnd);
    p++; // '='
    while (p < text.length && blank(text[p])) p++;

    const builder = new MappedBuilder();
    let valueEnd = p;
    let trailingBlankFrom = -1;
    for (;;) {
      const ch = text[p];
      if (ch === undefined || newline(ch)) break;
      if (ch === "'") {
        const close = text.indexOf("'", p + 1);
        const end = close < 0 ? text.length : close;
        for (let i = p + 1; i < end; i++) {
          advanceLine(text[i], i);
          builder.push(text[i], i);
        }
        p = close < 0 ? text.length : close + 1;
        valueEnd = p;
        trailingBlankFrom = -1;
        continue;
      }
      if (ch === '"') {
        p++;
        while (p < text.length && text[p] !== '"') {
          if (text[p] === '\\' && p + 1 < text.length) {
            const next = text[p + 1];
            if (needsEscapeInDoubleQuotes.has(next)) builder.push(next, p);
            else if (newline(next)) advanceLine(next, p + 1);
            else builder.push('\\' + next, p);
            p += next === '\r' && text[p + 2] === '\n' ? 3 : 2;
            continue;
          }
          advanceLine(text[p], p);
          builder.push(text[p], p);
          p++;
        }
        p = Math.min(p + 1, text.length);
        valueEnd = p;
        trailingBlankFrom = -1;
        continue;
      }
      if (ch === '\\' && p + 1 < text.length) {
        const next = text[p + 1];
        if (newline(next)) {
          advanceLine(next, p + 1);
          p += next === '\r' && text[p + 2] === '\n' ? 3 : 2;
          continue;
        }
        builder.push(next, p);
        p += 2;
        valueEnd = p;
        trailingBlankFrom = -1;
        continue;
      }
      if (blank(ch)) {
        if (trailingBlankFrom < 0) trailingBlankFrom = builder.length;
      } else trailingBlankFrom = -1;
      builder.push(ch, p);
      p++;
      if (!blank(ch)) valueEnd = p;
    }
    let value = builder.build(valueEnd);
    if (trailingBlankFrom >= 0) value = subMapped(value, 0, trailingBlankFrom, valueEnd);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      file.problems.push({ message: `Invalid variable name "${name}", ignoring`, kind: 'invalid-name', span: { start: keyStart, end: keyEnd } });
      continue;
    }
    file.assignments.push({ name, nameSpan: { start: keyStart, end: keyEnd }, value, span: { start: keyStart, end: valueEnd }, line: keyLine });
  }
  return file;
}
