// Edits of a GitLab Runner config.toml in TOML's own syntax: a value replaced by a TOML
// literal, an item removed from or added to an array with its comma, a `key = [item]` line
// added to `[runners.docker]`. What cannot be written exactly (a dockerd flag inside a
// service's command string, a YAML-shaped entry) gets no edit, so no fix is offered.

import type { MapEntry, SeqNode } from '../compose/yaml-tree';
import type { JsonValue } from '../settings';
import type { ComposeEditor } from '../surface-editor';
import type { Span, TextEdit } from '../types';
import { isRunnerDockerTable, variableArray } from './read';

/** `value` written as TOML: a basic string (JSON's escapes are TOML's), a boolean or a number. */
export function tomlLiteral(value: JsonValue): string | undefined {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
  return undefined;
}

/** The array item at `span` removed with its comma (the one after it, else the one before), other items kept as written. */
export function removeArrayItem(text: string, array: SeqNode, span: Span): TextEdit | undefined {
  const index = array.items.findIndex((item) => item.span.start === span.start && item.span.end === span.end);
  if (index < 0) return undefined;
  const next = array.items[index + 1];
  if (next) return { start: span.start, end: next.span.start, newText: '' };
  const previous = array.items[index - 1];
  if (previous) return { start: previous.span.end, end: span.end, newText: '' };
  // The only item: the array becomes empty (`[]`); a trailing comma goes with it.
  return text[array.span.end - 1] === ']' ? { start: array.span.start + 1, end: array.span.end - 1, newText: '' } : undefined;
}

/** `item` added as the array's last item, after a comma. */
function appendArrayItem(array: SeqNode, item: string): TextEdit {
  const last = array.items.at(-1);
  if (!last) return { start: array.span.start + 1, end: array.span.start + 1, newText: item };
  return { start: last.span.end, end: last.span.end, newText: `, ${item}` };
}

/** A new `key = value` line after the entry `after`, indented like it. */
function lineAfter(text: string, after: MapEntry, line: string): TextEdit {
  let lineStart = after.span.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  let indent = '';
  for (let i = lineStart; text[i] === ' ' || text[i] === '\t'; i++) indent += text[i];
  let end = after.span.end;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { start: end, end, newText: `\n${indent}${line}` };
}

export const gitlabRunnerEditor: ComposeEditor = {
  replaceValue(file, target, value) {
    const literal = tomlLiteral(value);
    const written = file.text.slice(target.start, target.end);
    // Only a whole TOML value: a quoted string, a boolean, a number (not a word inside a string).
    const whole = written.startsWith('"') || written.startsWith("'") || written === 'true' || written === 'false' || (written !== '' && !Number.isNaN(Number(written)));
    return literal !== undefined && whole ? [{ ...target, newText: literal }] : [];
  },
  removeEntry() {
    return [];
  },
  setOptions() {
    return [];
  },
  removeVariable(text, service, variable) {
    if (variable.form !== 'list') return undefined;
    const array = variableArray(service, variable);
    return array && removeArrayItem(text, array, variable.span);
  },
  addVariableAfter(_text, service, after, name, value) {
    if (after.form !== 'list') return undefined;
    const array = variableArray(service, after);
    if (!array) return undefined;
    return { start: after.span.end, end: after.span.end, newText: `, ${JSON.stringify(`${name}=${value}`)}` };
  },
  insertMapEntryAfter(text, _map, after, newEntry) {
    // Callers write YAML (`key: value`); as TOML: `key = "value"`.
    const colon = newEntry.indexOf(':');
    const key = newEntry.slice(0, colon).trim();
    const value = newEntry.slice(colon + 1).trim();
    return lineAfter(text, after, `${key} = ${JSON.stringify(value)}`);
  },
  addListItem(text, service, key, item) {
    // Only `[runners.docker]` takes the job containers' options; a service table has no such keys.
    if (!isRunnerDockerTable(service.node)) return undefined;
    const entry = service.node.entries.find((candidate) => candidate.key === key);
    if (entry) return entry.value.type === 'seq' ? appendArrayItem(entry.value, JSON.stringify(item)) : undefined;
    const last = service.node.entries.at(-1);
    return last ? lineAfter(text, last, `${key} = [${JSON.stringify(item)}]`) : undefined;
  },
};
