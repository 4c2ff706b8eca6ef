// Offset <-> line/column conversion. Offsets and columns count UTF-16 code units, as LSP does.

import type { Span } from './types';

export interface LineColumn {
  /** 0-based line */
  line: number;
  /** 0-based column in UTF-16 code units */
  character: number;
}

export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  // Counted on first use: most lints of a large file never ask for a line.
  private get lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): LineColumn {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low] };
  }

  offset(position: LineColumn): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** Offset of the end of the line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The line break style the document uses, for inserted lines (lineBreakOf). */
  eol(): string {
    return lineBreakOf(this.text);
  }
}

/** The line break for lines added to `text`: CRLF if it has any, else CR if it ends lines with CR only, else LF. */
export function lineBreakOf(text: string): string {
  if (text.includes('\r\n')) return '\r\n';
  return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
}

const loneCr = /\r(?!\n)/g;

/**
 * The text with each CR that is not part of a CRLF turned into LF. YAML 1.2 reads CR alone as a
 * line break; yaml's lexer does not. Same length, so every offset stays valid for the original.
 */
export function withYamlLineBreaks(text: string): string {
  // includes() first: a text without CR, nearly every one, skips the regex, whose scan of a
  // whole file (twice per YAML lint: nesting check and reader) costs 40x more.
  if (!text.includes('\r')) return text;
  loneCr.lastIndex = 0;
  return loneCr.test(text) ? text.replace(loneCr, '\n') : text;
}

/** The smallest span that covers both (they may come in either order). */
export function spanUnion(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/** Applies non-overlapping edits to a text (edits in any order). */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/**
 * `text` without the characters of `chars` at its end. A loop, not `replace(/\/+$/, '')`: an
 * unanchored run-to-the-end regex starts again at every character of a long run that does
 * not reach the end (quadratic; issue 16 item 6).
 */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}
