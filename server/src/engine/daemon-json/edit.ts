// Edits to daemon.json that keep the user's formatting: the file's own indentation and line
// breaks, and no byte outside the member that changes.

import type { FormattingOptions } from 'jsonc-parser';
import { type ParsedFile, fileOfKind } from '../document';
import type { JsonValue, SettingEntry } from '../settings';
import type { DaemonJsonEditor } from '../surface-editor';
import type { Span, TextEdit } from '../types';

export function formattingOf(text: string): FormattingOptions {
  const indented = /\n([ \t]+)\S/.exec(text);
  const indent = indented?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    insertFinalNewline: false,
  };
}

/**
 * Removes element `index` of a comma-separated list of JSON members or array items, with
 * its comma, touching nothing else (jsonc-parser's `modify` would re-format the neighbours):
 * the other elements keep their lines, and comments between elements stay (a comment on the
 * removed element's own line goes with it).
 */
export function removeListElement(text: string, siblings: readonly Span[], index: number): TextEdit {
  const target = siblings[index];
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  const ownLine = startOfLineIfBlankBefore(text, target.start) !== target.start;
  if (next) {
    const comma = skipTrivia(text, target.end);
    if (text[comma] !== ',' || comma >= next.start) return { start: startOfLineIfBlankBefore(text, target.start), end: startOfLineIfBlankBefore(text, next.start), newText: '' };
    const afterComma = comma + 1;
    const restOfLine = lineRest(text, afterComma);
    // `"a",  // about a` on lines of their own: the whole line goes.
    if (ownLine && isTriviaOnly(restOfLine.text)) return { start: startOfLineIfBlankBefore(text, target.start), end: restOfLine.next, newText: '' };
    let end = afterComma;
    while (end < next.start && (text[end] === ' ' || text[end] === '	')) end++;
    return { start: target.start, end, newText: '' };
  }
  if (previous) {
    // The comma after the previous element goes; what lies between it and this element stays.
    const comma = skipTrivia(text, previous.end);
    if (text[comma] !== ',' || comma >= target.start) return { start: previous.end, end: target.end, newText: '' };
    const restOfLine = lineRest(text, target.end);
    const removesLine = ownLine && isTriviaOnly(restOfLine.text);
    let from = target.start;
    while (from > comma + 1 && /\s/.test(text[from - 1])) from--;
    const between = text.slice(comma + 1, removesLine ? startOfLineIfBlankBefore(text, target.start) : from);
    // Only white space between: `"a",\n  "b"\n]` becomes `"a"\n]`, the removed line's break ending the previous one.
    const kept = /^\s*$/.test(between) ? '' : between;
    const end = !removesLine ? target.end : kept ? restOfLine.next : restOfLine.end;
    return { start: comma, end, newText: kept };
  }
  const start = startOfLineIfBlankBefore(text, target.start);
  const lineEnd = text.indexOf('\n', target.end);
  const rest = lineEnd < 0 ? '' : text.slice(target.end, lineEnd);
  // The last line may have no line break (a truncated file): then the removal ends at the text's end.
  const afterLine = lineEnd < 0 ? text.length : lineEnd + 1;
  return { start, end: start === target.start || rest.trim() !== '' ? target.end : afterLine, newText: '' };
}

/** The offset of the first character at or after `offset` that is not white space or a comment. */
function skipTrivia(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    while (at < text.length && /\s/.test(text[at])) at++;
    if (text.startsWith('//', at)) {
      const lineEnd = text.indexOf('\n', at);
      at = lineEnd < 0 ? text.length : lineEnd;
    } else if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      at = close < 0 ? text.length : close + 2;
    } else return at;
  }
}

/** The text from `offset` to the end of its line (`end`, before the line break) and where the next line starts. */
function lineRest(text: string, offset: number): { text: string; end: number; next: number } {
  const lineEnd = text.indexOf('\n', offset);
  const end = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  return { text: text.slice(offset, end), end, next: lineEnd < 0 ? text.length : lineEnd + 1 };
}

function isTriviaOnly(text: string): boolean {
  return skipTrivia(text, 0) === text.length;
}

/** The start of the offset's line when only white space precedes it there; else the offset. */
function startOfLineIfBlankBefore(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(lineStart, offset).trim() === '' ? lineStart : offset;
}

/** The member spans of the object that holds the entry: the root, or `proxies` for flattened keys. */
function containerOf(file: ParsedFile, entry: SettingEntry): Span[] | undefined {
  const members = fileOfKind(file, 'daemon-json')?.daemonJson.members ?? [];
  if (members.some((member) => member.memberSpan.start === entry.entrySpan.start)) return members.map((member) => member.memberSpan);
  const proxies = members.find((member) => member.key === 'proxies' && member.value.type === 'object');
  return proxies?.value.children?.map((child) => ({ start: child.offset, end: child.offset + child.length }));
}

export const daemonJsonEditor: DaemonJsonEditor = {
  removeElement: removeListElement,
  replaceValue(_file: ParsedFile, target: Span, value: JsonValue): TextEdit[] {
    return [{ ...target, newText: JSON.stringify(value) }];
  },
  removeEntry(file: ParsedFile, entry: SettingEntry): TextEdit[] {
    const container = containerOf(file, entry);
    if (!container) return [];
    const index = container.findIndex((span) => span.start === entry.entrySpan.start);
    return index < 0 ? [] : [removeListElement(file.text, container, index)];
  },
  removeItem(file: ParsedFile, entry: SettingEntry, index: number): TextEdit[] {
    const items = entry.items ?? [];
    return index >= 0 && index < items.length
      ? [
          removeListElement(
            file.text,
            items.map((item) => item.span),
            index,
          ),
        ]
      : [];
  },
  setOptions(file: ParsedFile, options: { name: string; value: JsonValue }[]): TextEdit[] {
    const document = fileOfKind(file, 'daemon-json')?.daemonJson;
    const root = document?.root;
    // In a file that does not parse, the end of the root object is a guess: add nothing there
    // (fix-all removes the syntax errors first, then a later pass adds the options).
    if (!document || root?.type !== 'object' || document.syntaxErrors.length > 0) return [];
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const option of options) {
      const existing = [...document.members].reverse().find((member) => member.key === option.name);
      if (existing) edits.push({ ...existing.valueSpan, newText: JSON.stringify(option.value) });
      else added.push(`${JSON.stringify(option.name)}: ${JSON.stringify(option.value)}`);
    }
    if (added.length > 0) edits.push(appendMembers(file.text, document.members, root.offset + root.length - 1, added));
    return edits;
  },
};

/**
 * New top-level members go after the last one, on lines of their own with its indentation
 * (jsonc-parser's `modify` would re-format the neighbouring member as well).
 */
function appendMembers(text: string, members: { memberSpan: Span }[], closingBrace: number, added: string[]): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const last = members[members.length - 1];
  if (!last) {
    const indent = formattingOf(text).insertSpaces ? ' '.repeat(formattingOf(text).tabSize ?? 2) : '\t';
    const inner = text.slice(text.lastIndexOf('{', closingBrace) + 1, closingBrace);
    const start = closingBrace - inner.length;
    return { start, end: closingBrace, newText: `${eol}${added.map((member) => indent + member).join(`,${eol}`)}${eol}` };
  }
  const lineStart = text.lastIndexOf('\n', last.memberSpan.start - 1) + 1;
  const lead = text.slice(lineStart, last.memberSpan.start);
  // `{"a": 1}` on one line stays on one line; otherwise each member gets a line like the last one's.
  const separator = lead.trim() !== '' ? ' ' : eol + lead;
  return { start: last.memberSpan.end, end: last.memberSpan.end, newText: added.map((member) => `,${separator}${member}`).join('') };
}
