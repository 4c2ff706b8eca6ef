// The unit-file reader, as systemd's config_parse (src/shared/conf-parser.c) reads:
// - comment lines start with `#` or `;` after leading whitespace, and are skipped whole,
//   also inside a continuation and also when they end in a backslash;
// - a line ending in an unescaped backslash continues on the next line, the backslash
//   becoming a space; an empty line ends the continuation;
// - `[Section]` headers; `Key=Value` with both sides stripped of whitespace;
// - assignments outside a section are ignored;
// - an invalid section header (`[Service` without `]`, or bad characters in its name) ends the reading: config_parse returns
//   at it, so nothing below it is applied (a unit whose own file has one fails to load).

import { MappedBuilder, type MappedText, sliceMapped, sourceAt, subMapped } from '../mapped-text';
import type { UnitAssignment, UnitFile, UnitSection } from './model';

const whitespace = new Set([' ', '\t', '\n', '\r']);
const commentStarts = new Set(['#', ';']);

interface PhysicalLine {
  start: number;
  end: number;
  index: number;
}

function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i === text.length || c === '\n' || c === '\r') {
      lines.push({ start, end: i, index: lines.length });
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
      if (i >= text.length) break;
    }
  }
  return lines;
}

/** True when the line ends in a backslash that is not itself escaped (conf-parser's scan). */
function endsInContinuation(text: string, start: number, end: number): boolean {
  let escaped = false;
  for (let i = start; i < end; i++) escaped = escaped ? false : text[i] === '\\';
  return escaped;
}

function firstNonBlank(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && whitespace.has(text[i])) i++;
  return i;
}

export function readUnitFile(text: string): UnitFile {
  const file: UnitFile = { sections: [], assignments: [], comments: [], problems: [] };
  const lines = physicalLines(text);
  const source: MappedText = sliceMapped(text, 0, text.length);
  // A BOM at the start is skipped, as conf-parser does.
  const bomSkip = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let pending: { builder: MappedBuilder; first: PhysicalLine; last: PhysicalLine } | undefined;

  let stopped = false;
  const finish = (logical: MappedText, first: PhysicalLine, last: PhysicalLine) => {
    stopped = !parseLogicalLine(logical, first, last, file);
  };

  for (const line of lines) {
    const start = line.index === 0 ? line.start + bomSkip : line.start;
    const contentStart = firstNonBlank(text, start, line.end);
    if (contentStart < line.end && commentStarts.has(text[contentStart])) {
      file.comments.push({ text: text.slice(contentStart, line.end), span: { start: contentStart, end: line.end }, line: line.index });
      continue;
    }
    // Comments are still collected after systemd stops reading: suppression comments live there too.
    if (stopped) continue;
    const continues = endsInContinuation(text, start, line.end);
    if (!continues && !pending) {
      finish(sliceMapped(text, start, line.end), line, line);
      continue;
    }
    const builder = pending?.builder ?? new MappedBuilder();
    builder.pushMapped(source, start, continues ? line.end - 1 : line.end);
    if (continues) builder.push(' ', line.end - 1);
    if (continues) {
      pending = { builder, first: pending?.first ?? line, last: line };
      continue;
    }
    finish(builder.build(line.end), pending?.first ?? line, line);
    pending = undefined;
  }
  if (pending) finish(pending.builder.build(pending.last.end), pending.first, pending.last);
  return file;
}

function parseLogicalLine(logical: MappedText, first: PhysicalLine, last: PhysicalLine, file: UnitFile): boolean {
  const chars = logical.text;
  let from = 0;
  let to = chars.length;
  while (from < to && whitespace.has(chars[from])) from++;
  while (to > from && whitespace.has(chars[to - 1])) to--;
  if (from === to) return true;
  const at = (i: number) => sourceAt(logical.map, i);
  const lineSpan = { start: at(from), end: last.end };

  if (chars[from] === '[') {
    if (chars[to - 1] !== ']') {
      file.problems.push({ message: `Invalid section header '${chars.slice(from, to)}'`, kind: 'invalid-section-header', span: lineSpan });
      return false;
    }
    const name = chars.slice(from + 1, to - 1);
    // string_is_safe: no control characters, quotes or backslashes in a section name.
    if (/[\x01-\x1f\x7f"'\\]/.test(name)) {
      file.problems.push({ message: `Bad characters in section header '${chars.slice(from, to)}'`, kind: 'invalid-section-header', span: lineSpan });
      return false;
    }
    const section: UnitSection = { name, headerSpan: lineSpan, assignments: [] };
    file.sections.push(section);
    return true;
  }
  // The section an assignment belongs to is the last one opened.
  const section = file.sections.at(-1);
  if (!section) {
    file.problems.push({ message: 'Assignment outside of section. Ignoring.', kind: 'outside-section', span: lineSpan });
    return true;
  }
  const equals = chars.indexOf('=', from);
  if (equals < 0 || equals >= to) {
    file.problems.push({ message: "Missing '=', ignoring line.", kind: 'missing-equals', span: lineSpan });
    return true;
  }
  if (equals === from) {
    file.problems.push({ message: "Missing key name before '=', ignoring line.", kind: 'missing-key', span: lineSpan });
    return true;
  }
  let keyEnd = equals;
  while (keyEnd > from && whitespace.has(chars[keyEnd - 1])) keyEnd--;
  let valueStart = equals + 1;
  while (valueStart < to && whitespace.has(chars[valueStart])) valueStart++;
  const value = subMapped(logical, valueStart, to, valueStart < to ? at(to - 1) + 1 : at(equals) + 1);
  const assignment: UnitAssignment = {
    section: section.name,
    key: chars.slice(from, keyEnd),
    keySpan: { start: at(from), end: at(keyEnd - 1) + 1 },
    value,
    valueSpan: { start: sourceAt(value.map, 0), end: value.map.end },
    lineSpan,
    line: first.index,
  };
  section.assignments.push(assignment);
  file.assignments.push(assignment);
  return true;
}
