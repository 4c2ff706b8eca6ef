// Text assembled from pieces of a file (a unit line joined over continuations, a quoted
// value) that remembers where each character came from, so that every word cut out of it
// still has its span in the file.

import type { Span } from '../types';

export interface MappedText {
  text: string;
  /** Source offset of each character, plus one entry: where the text ends in the source. Shared, never changed. */
  offsets: readonly number[];
}

export function emptyMapped(at: number): MappedText {
  return { text: '', offsets: [at] };
}

/** A verbatim slice of the source. */
export function sliceMapped(source: string, start: number, end: number): MappedText {
  const offsets: number[] = [];
  for (let i = start; i <= end; i++) offsets.push(i);
  return { text: source.slice(start, end), offsets };
}

/** Builds a mapped text character by character. */
export class MappedBuilder {
  private text = '';
  private readonly offsets: number[] = [];

  /** Appends `chars` as coming from source [start, end). */
  push(chars: string, start: number): void {
    if (chars.length === 1) {
      this.text += chars;
      this.offsets.push(start);
      return;
    }
    for (const char of chars) {
      this.text += char;
      this.offsets.push(start);
      if (char.length === 2) this.offsets.push(start);
    }
  }

  get length(): number {
    return this.text.length;
  }

  /** The text, ending at source offset `end`. The builder is done: its offsets are handed over. */
  build(end: number): MappedText {
    this.offsets.push(end);
    return { text: this.text, offsets: this.offsets };
  }
}

/** The part [from, to) of a mapped text. */
export function subMapped(mapped: MappedText, from: number, to: number): MappedText {
  const offsets = mapped.offsets.slice(from, to);
  offsets.push(to < mapped.text.length ? mapped.offsets[to] : mapped.offsets[mapped.text.length]);
  return { text: mapped.text.slice(from, to), offsets };
}

export function spanOfMapped(mapped: MappedText, from = 0, to = mapped.text.length): Span {
  const start = mapped.offsets[from];
  const end = to === 0 ? start : endOfChar(mapped, to - 1);
  return { start, end: Math.max(start, end) };
}

/** Where character `index` ends in the source: the start of the next character that moves forward. */
function endOfChar(mapped: MappedText, index: number): number {
  const here = mapped.offsets[index];
  for (let next = index + 1; next < mapped.offsets.length; next++) {
    if (mapped.offsets[next] > here) return mapped.offsets[next];
  }
  return here + 1;
}
