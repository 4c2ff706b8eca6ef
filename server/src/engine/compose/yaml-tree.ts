// The plain tree the Compose model reads: nodes with source spans, aliases and `<<` merge keys
// resolved once per parse (yaml-reader.ts chooses how it is built). yaml's own `Alias.resolve`
// searches the whole document for every alias, which turns a file with many aliases quadratic;
// here each anchored node is converted once, in document order, and every alias points at the
// converted node.

import { type CST, type Node as YamlNode, type ParsedNode, Composer, isAlias, isMap, isPair, isScalar, isSeq, Scalar } from 'yaml';
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
  /** Compose's merge tags (`!reset`, `!override`) on the node, which yaml leaves unresolved. */
  tag?: MergeTag;
}

export type MergeTag = '!reset' | '!override';

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
  /** Its `<<` merge keys as written, overridden keys and all (fixes that edit what a merge brings read them). */
  merges?: readonly MergeKey[];
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

// uniqueKeys is off: yaml compares each new key with every earlier one of its map (a flow map
// of 40,000 keys: 14 s; issue 16 item 7). The Converter checks the same equality (the same
// key object, or scalars of equal values) with a set, and words the error as yaml does.
export const composeOptions = { merge: false, uniqueKeys: false, prettyErrors: false, keepSourceTokens: false } as const;

/**
 * The general path: yaml's Documents (with their errors), converted. `builderOf` gives each
 * document its builder (a part of a larger text gives builders that see the anchors before it).
 */
export function treeFromDocuments(text: string, tokens: Iterable<CST.Token>, builderOf: () => TreeBuilder = () => new TreeBuilder(text)): YamlDocument[] {
  const documents = Array.from(new Composer(composeOptions).compose(tokens));
  return documents.map((document) => {
    const builder = builderOf();
    const root = document.contents ? new Converter(builder, text).convert(document.contents as ParsedNode) : undefined;
    return {
      root,
      // yaml puts an error at the end of the text one character past it: clamp to the text.
      errors: [
        ...document.errors.map((error) => {
          const start = Math.min(error.pos[0], text.length);
          return { span: { start, end: Math.min(Math.max(error.pos[1], start), text.length) }, message: error.message.split('\n')[0], code: error.code };
        }),
        ...builder.errors,
      ],
    };
  });
}

function spanOf(node: YamlNode): Span {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: range[1] };
}

/** Where scalars read their written characters: a text and where it starts in the document. */
interface ScalarSource {
  text: string;
  offset: number;
}

/** What both paths share: anchors and aliases, scalars, maps with their merge keys. */
export class TreeBuilder {
  /** The anchors defined so far; undefined while its node is being read. */
  private readonly anchors = new Map<string, TreeNode | undefined>();
  private source: ScalarSource;
  /** Anchors defined since the last takeAnchorLog(), in order. */
  private anchorLog: AnchorDefinition[] = [];
  readonly errors: YamlError[] = [];

  /**
   * `outer` holds the anchors of the parts before this one (yaml-reader.ts reads large texts
   * in parts): its aliases see them, and what this one defines stays here until the caller
   * takes it (takeAnchorLog, replay), so a part read twice leaves nothing behind the first time.
   */
  constructor(
    text: string,
    private readonly outer?: TreeBuilder,
  ) {
    this.source = { text, offset: 0 };
  }

  /**
   * Scalars built from now on read their characters from `text`, which starts at `offset` of
   * the document. A read by parts gives each part's own text, so that parts reused across
   * edits do not keep every earlier version of the document alive (the head, the last service
   * and the tail are slices, which V8 keeps pointing into the document they were cut from: at
   * most three earlier versions).
   */
  readFrom(text: string, offset: number): void {
    this.source = { text, offset };
  }

  alias(name: string, span: Span): AliasNode {
    const target = this.anchored(name);
    // Compose's YAML reader refuses both: "unknown anchor referenced", "value contains itself".
    if (target === false) this.errors.push({ span, message: `Unknown anchor "${name}" referenced by *${name}`, code: 'UNKNOWN_ANCHOR' });
    else if (!target) this.errors.push({ span, message: `The anchor "${name}" contains its own alias *${name}`, code: 'RECURSIVE_ALIAS' });
    return { type: 'alias', name, span, target: target || undefined };
  }

  /** The node anchored as `name` (undefined while it is read), or false for an unknown anchor. */
  anchored(name: string): TreeNode | undefined | false {
    if (this.anchors.has(name)) return this.anchors.get(name);
    return this.outer ? this.outer.anchored(name) : false;
  }

  /** Called before the anchored node's children, so that an alias inside its own anchor finds no target. */
  openAnchor(name: string): void {
    this.anchors.set(name, undefined);
  }

  closeAnchor(name: string, node: TreeNode): void {
    this.anchors.set(name, node);
    this.anchorLog.push({ name, node });
  }

  /** What a read by parts keeps of one part: the anchors it defined. */
  takeAnchorLog(): AnchorDefinition[] {
    const log = this.anchorLog;
    this.anchorLog = [];
    return log;
  }

  /** Leaves the builder as reading a part again would: its anchors defined, its errors reported. */
  replay(anchors: readonly AnchorDefinition[], errors: readonly YamlError[]): void {
    for (const { name, node } of anchors) this.anchors.set(name, node);
    for (const error of errors) this.errors.push(error);
  }

  scalar(span: Span, raw: unknown, style: ScalarNode['style']): ScalarNode {
    const value: ScalarValue = raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : String(raw);
    return new LazyScalar(span, value, style, this.source);
  }

  /** The value of a key written with nothing after the `:`. */
  emptyScalar(at: number): ScalarNode {
    return new LazyScalar({ start: at, end: at }, null, 'plain', this.source);
  }

  /** A map of its own entries, then what its merge keys bring (mergedMap). */
  map(entries: MapEntry[], merges: readonly MergeKey[] | undefined, span: Span, flow: boolean): MapNode {
    return mergedMap(entries, merges, span, flow);
  }
}

/**
 * A map of its own entries in source order, then the entries its `<<` merge keys bring in
 * that no own key overrides (of several merged maps, the first listed wins, as YAML merges).
 */
function mergedMap(entries: MapEntry[], merges: readonly MergeKey[] | undefined, span: Span, flow: boolean): MapNode {
  if (!merges) return { type: 'map', span, entries, flow };
  const seen = new Set<string>();
  for (const entry of entries) seen.add(entry.key);
  for (const merge of merges) {
    for (const source of merge.value.type === 'seq' ? merge.value.items : [merge.value]) {
      const { node, via } = deref(source);
      if (node?.type !== 'map') continue;
      const use = via ?? { use: merge.span, anchor: node.span, name: '' };
      for (const entry of node.entries) {
        if (seen.has(entry.key)) continue;
        seen.add(entry.key);
        entries.push({ key: entry.key, keySpan: entry.keySpan, value: entry.value, span: entry.span, via: entry.via ?? use });
      }
    }
  }
  return { type: 'map', span, entries, flow, merges };
}

export interface AnchorDefinition {
  name: string;
  node: TreeNode;
}

/** A `<<: value` pair (a plain `<<` key). */
export interface MergeKey {
  value: TreeNode;
  span: Span;
}

/** A scalar whose characters are mapped to the source on first use: most (labels, names) never are. */
class LazyScalar implements ScalarNode {
  readonly type = 'scalar';
  tag?: MergeTag;
  private mapped: MappedString | undefined;

  constructor(
    readonly span: Span,
    readonly value: ScalarValue,
    readonly style: ScalarNode['style'],
    readonly source: ScalarSource,
  ) {}

  get text(): MappedString {
    return (this.mapped ??= this.map());
  }

  /** This scalar where an edit before it moved it by `shift`, reading from `source` (the same text, moved). */
  movedBy(shift: number, source: ScalarSource): LazyScalar {
    const moved = new LazyScalar({ start: this.span.start + shift, end: this.span.end + shift }, this.value, this.style, source);
    if (this.tag) moved.tag = this.tag;
    return moved;
  }

  private map(): MappedString {
    const { span, value, style, source } = this;
    const written = source.text.slice(span.start - source.offset, span.end - source.offset);
    // A plain integer keeps its written form, so that its characters map to the source.
    const asText = value === null ? '' : typeof value === 'number' && isPlainNumberSource(written) ? written : String(value);
    if (style === 'block') return mappedWhole(asText, span);
    const quoted = style === 'single' || style === 'double';
    const inner = quoted ? written.slice(1, -1) : written;
    return inner === asText ? mappedVerbatim(asText, quoted ? span.start + 1 : span.start) : mappedWhole(asText, span);
  }
}

/**
 * Copies of trees read from an earlier version of a text, for a stretch that an edit before it
 * moved by `shift` characters and otherwise left as it was: yaml-reader.ts takes such parts
 * instead of reading them again, and a copy because the earlier trees are still in use (the
 * previous lint's fixes hold their spans). Spans, and where scalars read their characters,
 * move. Aliases resolve again, as reading the stretch now would: to an anchor defined before
 * them in the copy, else to what `outer` (the anchors before the stretch) names; and the
 * entries a merge key brings are taken again from what it names now. Undefined when an alias
 * would not resolve (reading the stretch again reports it) or the tree is one a copy cannot
 * vouch for.
 */
export class TreeMover {
  private readonly sources = new Map<ScalarSource, ScalarSource>();
  /** The anchors the stretch defines, by anchored node (its anchor log). */
  private readonly anchorNames = new Map<TreeNode, string[]>();
  /** The copies of the anchored nodes copied so far, by name, and by the node they copy. */
  private readonly defined = new Map<string, TreeNode>();
  private readonly copies = new Map<TreeNode, TreeNode>();

  constructor(
    private readonly shift: number,
    anchors: readonly AnchorDefinition[],
    private readonly outer: TreeBuilder | undefined,
  ) {
    for (const { name, node } of anchors) this.anchorNames.set(node, [...(this.anchorNames.get(node) ?? []), name]);
  }

  /** The copy of a node the anchor log names, once its tree is moved. */
  copyOf(node: TreeNode): TreeNode | undefined {
    return this.copies.get(node);
  }

  document(document: YamlDocument): YamlDocument | undefined {
    if (document.errors.length > 0) return undefined;
    if (!document.root) return { root: undefined, errors: [] };
    const root = this.node(document.root);
    return root && { root, errors: [] };
  }

  private node(node: TreeNode): TreeNode | undefined {
    const moved = this.copy(node);
    const names = this.anchorNames.get(node);
    if (moved && names) {
      this.copies.set(node, moved);
      for (const name of names) this.defined.set(name, moved);
    }
    return moved;
  }

  private copy(node: TreeNode): TreeNode | undefined {
    const span = this.moved(node.span);
    switch (node.type) {
      case 'alias': {
        const target = this.defined.get(node.name) ?? this.outer?.anchored(node.name);
        return target ? { type: 'alias', name: node.name, span, target } : undefined;
      }
      case 'scalar':
        return node instanceof LazyScalar ? node.movedBy(this.shift, this.movedSource(node.source)) : this.plainScalar(node);
      case 'seq': {
        const items: TreeNode[] = [];
        for (const item of node.items) {
          const moved = this.node(item);
          if (!moved) return undefined;
          items.push(moved);
        }
        return this.tagged({ type: 'seq', span, items, flow: node.flow }, node);
      }
      case 'map': {
        const entries: MapEntry[] = [];
        // Own entries; those a merge key brought (`via`) are taken again from what it names now.
        for (const entry of node.entries) {
          if (entry.via) continue;
          const value = this.node(entry.value);
          if (!value) return undefined;
          entries.push({ key: entry.key, keySpan: this.moved(entry.keySpan), value, span: this.moved(entry.span) });
        }
        let merges: MergeKey[] | undefined;
        for (const merge of node.merges ?? []) {
          const value = this.node(merge.value);
          if (!value) return undefined;
          (merges ??= []).push({ value, span: this.moved(merge.span) });
        }
        return this.tagged(mergedMap(entries, merges, span, node.flow), node);
      }
    }
  }

  /** The stand-in for a node yaml gave no content (only its empty text maps to the source). */
  private plainScalar(node: ScalarNode): ScalarNode | undefined {
    if (node.text.text !== '' || node.text.gaps) return undefined;
    const span = this.moved(node.span);
    return this.tagged({ type: 'scalar', span, value: node.value, text: mappedWhole('', span), style: node.style }, node);
  }

  private tagged<T extends TreeNode>(copy: T, node: TreeNode): T {
    if (node.tag) copy.tag = node.tag;
    return copy;
  }

  private moved(span: Span): Span {
    return { start: span.start + this.shift, end: span.end + this.shift };
  }

  private movedSource(source: ScalarSource): ScalarSource {
    let moved = this.sources.get(source);
    if (!moved) {
      moved = { text: source.text, offset: source.offset + this.shift };
      this.sources.set(source, moved);
    }
    return moved;
  }
}

export function styleOf(type: Scalar.Type | null | undefined): ScalarNode['style'] {
  return type === Scalar.QUOTE_SINGLE ? 'single' : type === Scalar.QUOTE_DOUBLE ? 'double' : type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED ? 'block' : 'plain';
}

class Converter {
  private readonly converted = new Map<YamlNode, TreeNode>();

  constructor(
    private readonly builder: TreeBuilder,
    private readonly text: string,
  ) {}

  convert(node: YamlNode): TreeNode {
    const done = this.converted.get(node);
    if (done) return done;
    const result = this.convertNew(node);
    this.converted.set(node, result);
    return result;
  }

  private convertNew(node: YamlNode): TreeNode {
    const span = spanOf(node);
    if (isAlias(node)) return this.builder.alias(node.source, span);
    const anchorName = (node as { anchor?: string }).anchor;
    if (anchorName) this.builder.openAnchor(anchorName);
    const result = this.convertContent(node, span);
    if (anchorName) this.builder.closeAnchor(anchorName, result);
    return result;
  }

  private convertContent(node: YamlNode, span: Span): TreeNode {
    const result = this.convertUntagged(node, span);
    // The CST path leaves on these tags, so nodes with them are always converted here.
    if (node.tag === '!reset' || node.tag === '!override') result.tag = node.tag;
    return result;
  }

  private convertUntagged(node: YamlNode, span: Span): TreeNode {
    if (isScalar(node)) return this.builder.scalar(span, node.value, styleOf(node.type));
    if (isSeq(node)) {
      return { type: 'seq', span, flow: !!node.flow, items: node.items.map((item) => this.convert(item as YamlNode)) };
    }
    if (isMap(node)) return this.mapOf(node.items, span, !!node.flow);
    return { type: 'scalar', span, value: null, text: mappedWhole('', span), style: 'plain' };
  }

  private mapOf(items: unknown[], span: Span, flow: boolean): MapNode {
    const entries: MapEntry[] = [];
    let merges: MergeKey[] | undefined;
    const seenKeys = new Set<unknown>();
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const valueNode = pair.value as YamlNode | null;
      const keySpan = keyNode ? spanOf(keyNode) : { start: span.start, end: span.start };
      // yaml's mapIncludes: the same key, or two scalars whose values are === (NaN never is).
      const identity = keyNode && isScalar(keyNode) ? keyNode.value : keyNode;
      if (seenKeys.has(identity) && !Number.isNaN(identity)) {
        const at = Math.min(keySpan.start, this.text.length);
        this.builder.errors.push({ span: { start: at, end: Math.min(at + 1, this.text.length) }, message: 'Map keys must be unique', code: 'DUPLICATE_KEY' });
      }
      seenKeys.add(identity);
      const key = keyNode && isScalar(keyNode) ? String(keyNode.value) : keyNode ? this.text.slice(keySpan.start, keySpan.end) : '';
      const value: TreeNode = valueNode ? this.convert(valueNode) : this.builder.emptyScalar(keySpan.end);
      const pairSpan = { start: keySpan.start, end: valueNode ? (valueNode.range?.[1] ?? keySpan.end) : keySpan.end };
      if (key === '<<' && keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN) (merges ??= []).push({ value, span: pairSpan });
      else entries.push({ key, keySpan, value, span: pairSpan });
    }
    return this.builder.map(entries, merges, span, flow);
  }
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
  for (const entry of map.entries) if (entry.key === key) return entry;
  return undefined;
}
