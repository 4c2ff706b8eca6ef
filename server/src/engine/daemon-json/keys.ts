// The keys dockerd's loader checks, as config.go does it (reference/daemon-json-loading.md §3):
// the file is first decoded into a map (the last of duplicate keys wins), then every object
// value whose key is not in flatOptions is replaced by its members (one level), and only
// then are the keys compared with dockerd's flags.

import type { Node } from 'jsonc-parser';
import type { Span } from '../types';
import { type DaemonJsonDocument, type JsonMember, spanOf } from './model';

/** config.go flatOptions: object values dockerd keeps as one key. */
export const flatOptions: ReadonlySet<string> = new Set(['cluster-store-opts', 'default-network-opts', 'log-opts', 'runtimes', 'default-ulimits', 'features', 'builder', 'nri-opts']);

export interface CheckedKey {
  key: string;
  keySpan: Span;
  value: Node;
  /** The whole member, what a removal deletes. */
  memberSpan: Span;
  /** The spans of the members of the object that holds it (for removal). */
  siblings: Span[];
  /** Set when the key was lifted out of this top-level object by the flattening. */
  flattenedFrom?: JsonMember;
}

/** The last occurrence of each top-level key: what dockerd's first decoding pass keeps. */
export function lastMembers(document: DaemonJsonDocument): JsonMember[] {
  const last = new Map<string, JsonMember>();
  for (const member of document.members) {
    last.delete(member.key);
    last.set(member.key, member);
  }
  return [...last.values()].sort((a, b) => a.memberSpan.start - b.memberSpan.start);
}

/** True when dockerd replaces this member by its children before checking keys. */
export function isFlattened(member: JsonMember): boolean {
  return member.value.type === 'object' && !flatOptions.has(member.key);
}

/** Every key dockerd's key check sees, with where it was written. */
export function checkedKeys(document: DaemonJsonDocument): CheckedKey[] {
  const result: CheckedKey[] = [];
  const topSiblings = document.members.map((member) => member.memberSpan);
  for (const member of lastMembers(document)) {
    if (!isFlattened(member)) {
      result.push({ key: member.key, keySpan: member.keySpan, value: member.value, memberSpan: member.memberSpan, siblings: topSiblings });
      continue;
    }
    const properties = member.value.children ?? [];
    const siblings = properties.map(spanOf);
    const lastChild = new Map<string, Node>();
    for (const property of properties) {
      const keyNode = property.children?.[0];
      if (keyNode) lastChild.set(String(keyNode.value), property);
    }
    for (const [key, property] of lastChild) {
      const [keyNode, valueNode] = property.children ?? [];
      if (!keyNode || !valueNode) continue;
      result.push({ key, keySpan: spanOf(keyNode), value: valueNode, memberSpan: spanOf(property), siblings, flattenedFrom: member });
    }
  }
  return result;
}

/** The text of a JSON value as Go's `fmt.Sprintf("%v")` prints it, for flags dockerd sets from keys. */
export function goPrint(node: Node): string {
  if (node.type === 'number') return String(node.value);
  if (node.type === 'null') return '<nil>';
  return String(node.value);
}

/** Go's strconv.ParseBool, which pflag's boolean flags use. */
export function goParseBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}
