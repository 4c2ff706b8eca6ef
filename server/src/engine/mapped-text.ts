// Text assembled from pieces of a file (a unit line joined over continuations, a quoted
// value) that remembers where each character came from, so that every word cut out of it
// still has its span in the file.
//
// The map is kept as runs, not as an offset per character: almost every character comes
// right after the one before it in the file, and a per-character array made reading a
// 1,000-line drop-in allocate about 7 MB per lint (bench/, "drop-in 1000"). An expansion
// (a variable's value standing for its `${NAME}`) is one run too, whatever its length: a
// 100 KB value used 1,000 times once cost 200,000 pairs per use (issue 16 item 4).

/** Where each character of a text comes from in the source. */
export interface SourceMap {
  /**
   * Pairs (index in the text, source offset): from that index up to the next pair's, the
   * characters come from consecutive source offsets. The first pair is at index 0 (none
   * for an empty text). A character that stands for several written ones (an escape) ends
   * its run. A source written as `~offset` (negative) is a point run: all its characters
   * stand for what is written at `offset` (an expansion: a specifier, a variable).
   */
  readonly runs: readonly number[];
  /** The text's length. */
  readonly length: number;
  /** Where the text ends in the source. */
  readonly end: number;
}

export interface MappedText {
  readonly text: string;
  readonly map: SourceMap;
}

/** `length` characters written from `start` on. */
export function verbatimMap(start: number, length: number): SourceMap {
  return { runs: length > 0 ? [0, start] : [], length, end: start + length };
}

/** `length` characters that all stand for what is written at `at` (a variable's use). */
export function pointMap(at: number, length: number): SourceMap {
  return { runs: length > 0 ? [0, ~at] : [], length, end: at };
}

/** The map of a text whose characters come from `starts` (one per character), ending at `end`. */
export function mapOfOffsets(starts: readonly number[], end: number): SourceMap {
  const runs: number[] = [];
  for (let i = 0; i < starts.length; i++) appendRun(runs, i, starts[i]);
  return { runs, length: starts.length, end };
}

/** A verbatim slice of the source. */
export function sliceMapped(source: string, start: number, end: number): MappedText {
  return { text: source.slice(start, end), map: verbatimMap(start, end - start) };
}

/** The source offset of character `index`; at the text's length, where the text ends. */
export function sourceAt(map: SourceMap, index: number): number {
  if (index >= map.length) return map.end;
  const run = runAt(map.runs, index);
  const source = map.runs[run + 1];
  return source < 0 ? ~source : source + (index - map.runs[run]);
}

/** The position in `runs` of the pair whose run holds character `index`. */
function runAt(runs: readonly number[], index: number): number {
  let low = 0;
  let high = runs.length / 2 - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (runs[2 * middle] <= index) low = middle;
    else high = middle - 1;
  }
  return 2 * low;
}

/**
 * Adds a run starting at character `index` with `source` (`~offset` for a point run), or
 * nothing when the last run already covers it: a plain run that follows on, or the same point.
 */
function appendRun(runs: number[], index: number, source: number): void {
  const last = runs.length - 2;
  if (last >= 0) {
    const previous = runs[last + 1];
    if (source < 0 ? previous === source : previous >= 0 && previous + (index - runs[last]) === source) return;
  }
  runs.push(index, source);
}

/** Builds a mapped text piece by piece. */
export class MappedBuilder {
  private text = '';
  // Created at the first character, as a pair: most texts are one run, and a pushed-to empty array reserves 16.
  private runs: number[] | undefined;

  /** Appends `chars` as all standing for what is written at `start`. */
  push(chars: string, start: number): void {
    if (chars.length === 0) return;
    // One character is a plain run, so that text written next to it can extend it.
    this.append(this.text.length, chars.length === 1 ? start : ~start);
    this.text += chars;
  }

  /** Appends characters [from, to) of a mapped text, keeping their sources. */
  pushMapped(source: MappedText, from: number, to: number): void {
    if (to <= from) return;
    const { runs } = source.map;
    const shift = this.text.length - from;
    const first = runAt(runs, from);
    // Inside a point run the first character keeps the point; inside a plain run it starts a plain one.
    this.append(from + shift, runs[first + 1] < 0 ? runs[first + 1] : sourceAt(source.map, from));
    for (let pair = first + 2; pair < runs.length && runs[pair] < to; pair += 2) this.append(runs[pair] + shift, runs[pair + 1]);
    this.text += source.text.slice(from, to);
  }

  /** Appends characters of a mapped text from `from` up to the next `marker` (or its end); returns where it stopped. */
  pushMappedUntil(source: MappedText, from: number, marker: string): number {
    const next = source.text.indexOf(marker, from);
    const to = next < 0 ? source.text.length : next;
    this.pushMapped(source, from, to);
    return to;
  }

  get length(): number {
    return this.text.length;
  }

  /** The text, ending at source offset `end`. The builder is done: its runs are handed over. */
  build(end: number): MappedText {
    return { text: this.text, map: { runs: this.runs ?? [], length: this.text.length, end } };
  }

  private append(index: number, source: number): void {
    if (this.runs) appendRun(this.runs, index, source);
    else this.runs = [index, source];
  }
}

/** The part [from, to) of a mapped text; it ends where character `to` starts, or at `end` when given. */
export function subMapped(mapped: MappedText, from: number, to: number, end = sourceAt(mapped.map, to)): MappedText {
  const builder = new MappedBuilder();
  builder.pushMapped(mapped, from, to);
  return builder.build(end);
}
