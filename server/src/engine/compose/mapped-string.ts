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
  /** Text that produced no characters (an unset `$VAR`), before character `at`: spans include it. */
  gaps?: { at: number; span: Span }[];
}

export function mappedVerbatim(text: string, start: number): MappedString {
  return new Verbatim(text, start);
}

/**
 * Text written as is from `start`: the spans of its characters are arithmetic, so the arrays
 * are only built if something reads them (most values are only ever sliced and spanned).
 */
class Verbatim implements MappedString {
  private arrays: { starts: number[]; ends: number[] } | undefined;

  constructor(
    readonly text: string,
    readonly start: number,
  ) {}

  get end(): number {
    return this.start + this.text.length;
  }

  get starts(): number[] {
    return (this.arrays ??= this.spell()).starts;
  }

  get ends(): number[] {
    return (this.arrays ??= this.spell()).ends;
  }

  private spell(): { starts: number[]; ends: number[] } {
    const starts = new Array<number>(this.text.length);
    const ends = new Array<number>(this.text.length);
    for (let i = 0; i < this.text.length; i++) {
      starts[i] = this.start + i;
      ends[i] = this.start + i + 1;
    }
    return { starts, ends };
  }
}

export function mappedWhole(text: string, span: Span): MappedString {
  return { text, starts: new Array<number>(text.length).fill(span.start), ends: new Array<number>(text.length).fill(span.end), end: span.end };
}

export function sliceMapped(source: MappedString, from: number, to: number = source.text.length): MappedString {
  if (source instanceof Verbatim && 0 <= from && from <= to && to <= source.text.length) return new Verbatim(source.text.slice(from, to), source.start + from);
  const gaps = source.gaps?.filter((gap) => gap.at >= from && gap.at <= to).map((gap) => ({ at: gap.at - from, span: gap.span }));
  return {
    text: source.text.slice(from, to),
    starts: source.starts.slice(from, to),
    ends: source.ends.slice(from, to),
    end: to < source.text.length ? source.starts[to] : source.end,
    gaps: gaps && gaps.length > 0 ? gaps : undefined,
  };
}

/** An empty string standing for source text that produced nothing. */
export function mappedGap(span: Span): MappedString {
  return { text: '', starts: [], ends: [], end: span.end, gaps: [{ at: 0, span }] };
}

export function concatMapped(parts: MappedString[], end: number): MappedString {
  const gaps: { at: number; span: Span }[] = [];
  let offset = 0;
  for (const part of parts) {
    for (const gap of part.gaps ?? []) gaps.push({ at: gap.at + offset, span: gap.span });
    offset += part.text.length;
  }
  return {
    text: parts.map((part) => part.text).join(''),
    starts: parts.flatMap((part) => part.starts),
    ends: parts.flatMap((part) => part.ends),
    end,
    gaps: gaps.length > 0 ? gaps : undefined,
  };
}

/** The source span of characters [from, to). */
export function spanIn(source: MappedString, from = 0, to: number = source.text.length): Span {
  if (source instanceof Verbatim && 0 <= from && to <= source.text.length) {
    if (to > from) return { start: source.start + from, end: source.start + to };
    const at = source.start + Math.min(from, source.text.length);
    return { start: at, end: at };
  }
  let start = Infinity;
  let end = -Infinity;
  // Unset variables inside the range, or right before its first character, belong to it.
  for (const gap of source.gaps ?? []) {
    if (gap.at >= from && (gap.at < to || (gap.at === from && to === from))) {
      start = Math.min(start, gap.span.start);
      end = Math.max(end, gap.span.end);
    }
  }
  if (to <= from) {
    if (start !== Infinity) return { start, end };
    const at = from < source.text.length ? source.starts[from] : source.end;
    return { start: at, end: at };
  }
  for (let i = from; i < to; i++) {
    start = Math.min(start, source.starts[i]);
    end = Math.max(end, source.ends[i]);
  }
  return { start, end };
}

/** True when every character is written verbatim and in order (edits can target parts). */
export function isVerbatim(source: MappedString): boolean {
  if (source instanceof Verbatim) return true;
  for (let i = 0; i < source.text.length; i++) if (source.ends[i] - source.starts[i] !== 1 || (i > 0 && source.starts[i] !== source.ends[i - 1])) return false;
  return true;
}

export function trimMapped(source: MappedString): MappedString {
  const start = source.text.length - source.text.trimStart().length;
  const end = source.text.trimEnd().length;
  return sliceMapped(source, start, Math.max(start, end));
}
