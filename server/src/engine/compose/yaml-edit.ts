// Text edits to Compose YAML at node ranges: add a sibling list item or map entry in the
// style of its neighbour (indentation, quoting, block or flow), remove one, keeping comments
// and every other byte as written. The document is never re-stringified.

import { lineBreakOf } from '../text';
import type { Span, TextEdit } from '../types';
import type { MapEntry, MapNode, ScalarNode, SeqNode, TreeNode } from './yaml-tree';

// Lines end at LF, CRLF or a lone CR, as YAML 1.2 (and the reader) has them.
function lineStart(text: string, offset: number): number {
  // A lone CR is searched for only back to the last LF: searching the whole text for a CR that
  // is not there would make every edit cost the size of the file.
  const newline = text.lastIndexOf('\n', offset - 1);
  for (let i = offset - 1; i > newline; i--) if (text[i] === '\r') return i + 1;
  return newline + 1;
}

/** The end of the line holding `offset` (before its line break). */
function lineEnd(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    if (text[i] === '\n' || text[i] === '\r') return i;
  }
  return text.length;
}

/** The last offset that belongs to a node (ranges of block nodes end after their line break). */
function contentEnd(text: string, span: Span): number {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** A scalar in the quoting style of `like`, for values that need no escaping. */
export function scalarLike(like: ScalarNode | undefined, value: string): string {
  if (like?.style === 'double') return JSON.stringify(value);
  if (like?.style === 'single') return `'${value.replace(/'/g, "''")}'`;
  const plainSafe = /^[A-Za-z0-9_./=:-]+$/.test(value) && !/^(-|:)$|:$/.test(value);
  // A plain `true`, `12` or `null` would not be read back as a string. (The number's parts
  // are written so that no digit can go to two of them: `(\d+)?\d*` backtracks quadratically.)
  const otherType = /^(true|false|null|~|yes|no|on|off|[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/i.test(value);
  return plainSafe && !otherType ? value : JSON.stringify(value);
}

/** Adds `newText` as a list item after `after` (an item of `list`). */
export function insertSeqItemAfter(text: string, list: SeqNode, after: TreeNode, newText: string): TextEdit {
  const end = contentEnd(text, after.span);
  if (list.flow) return { start: end, end, newText: `, ${newText}` };
  const start = lineStart(text, after.span.start);
  const prefix = text.slice(start, after.span.start);
  const at = lineEnd(text, end);
  return { start: at, end: at, newText: `${lineBreakOf(text)}${prefix}${newText}` };
}

/** Adds `key: value` to `map` after its entry `after`. */
export function insertMapEntryAfter(text: string, map: MapNode, after: MapEntry, newEntry: string): TextEdit {
  const end = contentEnd(text, after.span);
  if (map.flow) return { start: end, end, newText: `, ${newEntry}` };
  const start = lineStart(text, after.keySpan.start);
  // The first key of a list item shares its line with the dash: the sibling gets spaces there.
  // A key left empty (`  :`) has its range at the start of its line: its indentation counts.
  const indentEnd = start + /^[ \t]*/.exec(text.slice(start, lineEnd(text, start)))![0].length;
  const prefix = text.slice(start, Math.max(after.keySpan.start, indentEnd)).replace(/[^\s]/g, ' ');
  const at = lineEnd(text, end);
  return { start: at, end: at, newText: `${lineBreakOf(text)}${prefix}${newEntry}` };
}

/**
 * Removes `span` (a list item or a map entry) with its line when it stands alone on it, or with
 * the comma that joins it to a flow neighbour.
 */
export function removeChild(text: string, span: Span, flow: boolean): TextEdit {
  const end = contentEnd(text, span);
  if (flow) {
    const after = /^\s*,\s*/.exec(text.slice(end));
    if (after) return { start: span.start, end: end + after[0].length, newText: '' };
    const before = /,\s*$/.exec(text.slice(0, span.start));
    if (before) return { start: span.start - before[0].length, end, newText: '' };
    return { start: span.start, end, newText: '' };
  }
  const start = lineStart(text, span.start);
  const stop = lineEnd(text, end);
  const newline = text.startsWith('\r\n', stop) ? 2 : text[stop] === '\n' || text[stop] === '\r' ? 1 : 0;
  return { start, end: stop + newline, newText: '' };
}

/** Removes a whole `key: value` entry (the key's line to the end of the value). */
export function removeKeyAndValue(text: string, keySpan: Span, value: Span): TextEdit {
  return removeChild(text, { start: keySpan.start, end: Math.max(value.end, keySpan.end) }, false);
}
