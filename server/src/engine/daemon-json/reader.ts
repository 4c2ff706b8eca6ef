// Reads daemon.json as dockerd does (strict JSON, last duplicate wins, `proxies` flattened)
// while keeping the span of every key and value for diagnostics and edits.

import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { DockerdSettings, JsonValue, SettingEntry } from '../settings';
import type { Span } from '../types';
import { type DaemonJsonDocument, type JsonMember, spanOf } from './model';

export function readDaemonJson(text: string): DaemonJsonDocument {
  const hasBom = text.charCodeAt(0) === 0xfeff;
  // A BOM is fine for dockerd; blank it out (keeping offsets) so the parser accepts it.
  const source = hasBom ? ' ' + text.slice(1) : text;
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
  if (root && root.offset + root.length > text.length) clampToText(root, text.length);
  const members: JsonMember[] = [];
  if (root?.type === 'object') {
    for (const property of root.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      members.push({
        key: String(keyNode.value),
        keySpan: spanOf(keyNode),
        value: valueNode,
        valueSpan: spanOf(valueNode),
        memberSpan: spanOf(property),
      });
    }
  }
  return {
    root,
    syntaxErrors: errors.map((error) => ({
      // The same for the error of an unterminated /* at the end (see clampToText).
      span: { start: Math.min(error.offset, text.length), end: Math.min(error.offset + error.length, text.length) },
      code: error.error,
      name: printParseErrorCode(error.error),
    })),
    members,
    hasBom,
  };
}

/**
 * jsonc-parser counts an unterminated /* at the end of the text one character past its end,
 * and so do the nodes that end there; edits at their ends would fall outside the document.
 */
function clampToText(root: Node, length: number): void {
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.offset + node.length > length) (node as { length: number }).length = Math.max(0, length - node.offset);
    stack.push(...(node.children ?? []));
  }
}

/** The plain value of a node; jsonc-parser recovers partial values from broken text. */
export function nodeValue(node: Node): JsonValue {
  switch (node.type) {
    case 'object': {
      const result: { [key: string]: JsonValue } = {};
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode && valueNode) result[String(keyNode.value)] = nodeValue(valueNode);
      }
      return result;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return (node.value ?? null) as JsonValue;
  }
}

/** Keys whose object value dockerd replaces by its child keys before checking (config.go configValuesSet). */
const flattenedKeys = new Set(['proxies']);

/** The dockerd settings a daemon.json sets: the last occurrence of each key, as dockerd keeps it. */
export function daemonJsonSettings(uri: string, document: DaemonJsonDocument): DockerdSettings {
  const lastByKey = new Map<string, JsonMember>();
  for (const member of document.members) lastByKey.set(member.key, member);
  const entries: SettingEntry[] = [];
  for (const member of lastByKey.values()) {
    if (flattenedKeys.has(member.key) && member.value.type === 'object') {
      for (const child of member.value.children ?? []) {
        const [keyNode, valueNode] = child.children ?? [];
        if (keyNode && valueNode) entries.push(entryOf(uri, String(keyNode.value), spanOf(keyNode), valueNode, spanOf(child)));
      }
      continue;
    }
    entries.push(entryOf(uri, member.key, member.keySpan, member.value, member.memberSpan));
  }
  return { label: uri, sources: [{ uri, kind: 'daemon-json' }], entries, complete: false, socketListeners: [] };
}

function entryOf(uri: string, name: string, nameSpan: Span, value: Node, entrySpan: Span): SettingEntry {
  // A list's value is made of its items' values (computed once: lists can be long).
  const items = value.type === 'array' ? (value.children ?? []).map((item) => ({ value: nodeValue(item), span: spanOf(item) })) : undefined;
  return {
    name,
    origin: 'config-file',
    written: JSON.stringify(name),
    value: items ? items.map((item) => item.value) : nodeValue(value),
    uri,
    kind: 'daemon-json',
    valueSpan: spanOf(value),
    nameSpan,
    entrySpan,
    items,
  };
}
