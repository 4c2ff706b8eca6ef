// YAML text -> a plain tree with source spans, aliases and `<<` merge keys resolved once per
// parse. yaml's own `Alias.resolve` searches the whole document for every alias, which turns a
// file with many aliases quadratic; here each anchored node is converted once, in document
// order, and every alias points at the converted node.

import { type Document, type Node as YamlNode, type ParsedNode, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Span } from '../types';
import { type MappedString, mappedVerbatim, mappedWhole } from './mapped-string';

export type ScalarValue = string | number | boolean | null;

/** Where a value was reached through an alias: the `*name` use site and the anchored node. */
export interface AliasUse {
  use: Span;
  anchor: Span;
  name: string;
}

interface NodeBase {
  span: Span;
}

export interface ScalarNode extends NodeBase {
  type: 'scalar';
  value: ScalarValue;
  /** The value as a string, each character mapped to the source when written verbatim. */
  text: MappedString;
  style: 'plain' | 'single' | 'double' | 'block';
}

export interface MapEntry {
  key: string;
  keySpan: Span;
  value: TreeNode;
  /** The `key: value` pair. */
  span: Span;
  /** Set when the entry comes from a `<<` merge key. */
  via?: AliasUse;
}

export interface MapNode extends NodeBase {
  type: 'map';
  /** Own entries in source order, then merged entries that no own key overrides. */
  entries: MapEntry[];
  flow: boolean;
}

export interface SeqNode extends NodeBase {
  type: 'seq';
  items: TreeNode[];
  flow: boolean;
}

export interface AliasNode extends NodeBase {
  type: 'alias';
  name: string;
  /** Undefined for an unknown anchor or an alias inside its own anchor. */
  target: TreeNode | undefined;
}

export type TreeNode = ScalarNode | MapNode | SeqNode | AliasNode;

export interface YamlError {
  span: Span;
  message: string;
  code: string;
}

export interface YamlDocument {
  root: TreeNode | undefined;
  errors: YamlError[];
}

export function parseYamlDocuments(text: string): YamlDocument[] {
  const documents = parseAllDocuments(text, { merge: false, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  const list = Array.isArray(documents) ? documents : [];
  return list.map((document) => {
    const converter = new Converter(text);
    return {
      root: document.contents ? converter.convert(document.contents as ParsedNode) : undefined,
      errors: document.errors.map((error) => ({ span: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0]) }, message: error.message.split('\n')[0], code: error.code })),
    };
  });
}

function spanOf(node: YamlNode): Span {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: range[1] };
}

class Converter {
  private readonly anchors = new Map<string, { node: TreeNode | undefined; span: Span }>();
  private readonly converted = new Map<YamlNode, TreeNode>();

  constructor(private readonly text: string) {}

  convert(node: YamlNode): TreeNode {
    const done = this.converted.get(node);
    if (done) return done;
    const result = this.convertNew(node);
    this.converted.set(node, result);
    return result;
  }

  private convertNew(node: YamlNode): TreeNode {
    const span = spanOf(node);
    if (isAlias(node)) {
      const anchor = this.anchors.get(node.source);
      return { type: 'alias', name: node.source, span, target: anchor?.node };
    }
    const anchorName = (node as { anchor?: string }).anchor;
    // Registered before the children so that an alias inside its own anchor finds no target.
    if (anchorName) this.anchors.set(anchorName, { node: undefined, span });
    const result = this.convertContent(node, span);
    if (anchorName) this.anchors.set(anchorName, { node: result, span });
    return result;
  }

  private convertContent(node: YamlNode, span: Span): TreeNode {
    if (isScalar(node)) return this.scalar(node, span);
    if (isSeq(node)) {
      return { type: 'seq', span, flow: !!node.flow, items: node.items.map((item) => this.convert(item as YamlNode)) };
    }
    if (isMap(node)) return this.map(node.items, span, !!node.flow);
    return { type: 'scalar', span, value: null, text: mappedWhole('', span), style: 'plain' };
  }

  private scalar(node: Scalar, span: Span): ScalarNode {
    const raw = node.value;
    const value: ScalarValue = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    const asText = value === null ? '' : typeof raw === 'number' && node.source !== undefined && isPlainNumberSource(this.text.slice(span.start, span.end)) ? this.text.slice(span.start, span.end) : String(value);
    const style = node.type === Scalar.QUOTE_SINGLE ? 'single' : node.type === Scalar.QUOTE_DOUBLE ? 'double' : node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED ? 'block' : 'plain';
    const inner = style === 'single' || style === 'double' ? { start: span.start + 1, end: span.end - 1 } : span;
    const written = this.text.slice(inner.start, inner.end);
    const text = style !== 'block' && written === asText ? mappedVerbatim(asText, inner.start) : mappedWhole(asText, span);
    return { type: 'scalar', span, value, text, style };
  }

  private map(pairs: unknown[], span: Span, flow: boolean): MapNode {
    const own: MapEntry[] = [];
    const merged: MapEntry[] = [];
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      const keySpan = keyNode ? spanOf(keyNode) : { start: span.start, end: span.start };
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? this.text.slice(keySpan.start, keySpan.end) : '';
      const value: TreeNode = valueNode ? this.convert(valueNode) : { type: 'scalar', span: { start: keySpan.end, end: keySpan.end }, value: null, text: mappedWhole('', { start: keySpan.end, end: keySpan.end }), style: 'plain' };
      const pairSpan = { start: keySpan.start, end: valueNode ? (valueNode.range?.[1] ?? keySpan.end) : keySpan.end };
      if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN) {
        merged.push(...mergeSources(value, pairSpan));
        continue;
      }
      own.push({ key, keySpan, value, span: pairSpan });
    }
    // Own keys win over merged ones; of several merged maps, the first listed wins (YAML merge).
    const seen = new Set(own.map((entry) => entry.key));
    const entries = [...own];
    for (const entry of merged) {
      if (seen.has(entry.key)) continue;
      seen.add(entry.key);
      entries.push(entry);
    }
    return { type: 'map', span, entries, flow };
  }
}

/** The entries a `<<` value brings in: one alias, a list of aliases, or an inline map. */
function mergeSources(value: TreeNode, pairSpan: Span): MapEntry[] {
  const sources = value.type === 'seq' ? value.items : [value];
  const entries: MapEntry[] = [];
  for (const source of sources) {
    const { node, via } = deref(source);
    if (node?.type !== 'map') continue;
    const use = via ?? { use: pairSpan, anchor: node.span, name: '' };
    for (const entry of node.entries) entries.push({ ...entry, via: entry.via ?? use });
  }
  return entries;
}

function isPlainNumberSource(source: string): boolean {
  return /^[-+]?[0-9][0-9_]*$/.test(source);
}

/** Follows an alias to its target, remembering the outermost use site. */
export function deref(node: TreeNode | undefined, via?: AliasUse): { node: TreeNode | undefined; via?: AliasUse } {
  if (node?.type !== 'alias') return { node, via };
  const target = node.target;
  const use = via ?? { use: node.span, anchor: target?.span ?? node.span, name: node.name };
  return deref(target, use);
}

export function entryOf(map: MapNode, key: string): MapEntry | undefined {
  // Own keys come first; a duplicate own key is a yaml-syntax error, the first is kept.
  return map.entries.find((entry) => entry.key === key);
}

export type { Document };
