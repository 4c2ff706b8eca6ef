// A string whose characters remember where in the source they were written, so that a part
// of a value (the socket path of `/var/run/docker.sock:/var/run/docker.sock:ro`, the default
// of `${SOCK:-/run/docker.sock}`) can be reported at its exact range. A character that cannot
// be placed exactly (an escape, a folded line) maps to the whole scalar.

import type { Span } from '../types';

export interface MappedString {
  text: string;
  /** Source span of each character. */
  starts: number[];
  ends: number[];
  /** Where the string ends in the source (the position of an empty string). */
  end: number;
}

export function mappedVerbatim(text: string, start: number): MappedString {
  const starts = new Array<number>(text.length);
  const ends = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    starts[i] = start + i;
    ends[i] = start + i + 1;
  }
  return { text, starts, ends, end: start + text.length };
}

export function mappedWhole(text: string, span: Span): MappedString {
  return { text, starts: new Array<number>(text.length).fill(span.start), ends: new Array<number>(text.length).fill(span.end), end: span.end };
}

export function sliceMapped(source: MappedString, from: number, to: number = source.text.length): MappedString {
  return {
    text: source.text.slice(from, to),
    starts: source.starts.slice(from, to),
    ends: source.ends.slice(from, to),
    end: to < source.text.length ? source.starts[to] : source.end,
  };
}

export function concatMapped(parts: MappedString[], end: number): MappedString {
  return {
    text: parts.map((part) => part.text).join(''),
    starts: parts.flatMap((part) => part.starts),
    ends: parts.flatMap((part) => part.ends),
    end,
  };
}

/** The source span of characters [from, to). */
export function spanIn(source: MappedString, from = 0, to: number = source.text.length): Span {
  if (to <= from) {
    const at = from < source.text.length ? source.starts[from] : source.end;
    return { start: at, end: at };
  }
  let start = Infinity;
  let end = -Infinity;
  for (let i = from; i < to; i++) {
    start = Math.min(start, source.starts[i]);
    end = Math.max(end, source.ends[i]);
  }
  return { start, end };
}

/** True when every character is written verbatim and in order (edits can target parts). */
export function isVerbatim(source: MappedString): boolean {
  for (let i = 0; i < source.text.length; i++) if (source.ends[i] - source.starts[i] !== 1 || (i > 0 && source.starts[i] !== source.ends[i - 1])) return false;
  return true;
}

export function trimMapped(source: MappedString): MappedString {
  const start = source.text.length - source.text.trimStart().length;
  const end = source.text.trimEnd().length;
  return sliceMapped(source, start, Math.max(start, end));
}
