// YAML text -> our tree (yaml-tree.ts). yaml's Parser runs once. The part of YAML that Compose
// files and manifests use (block maps and sequences, scalars, one-line flow collections,
// anchors, aliases, merge keys, local tags on flow sequences as GitLab's `!reference`) becomes
// the tree straight from the CST, which costs much less than composing yaml's Documents.
// Anything outside that part, and anything yaml's Composer would report as an error, goes
// through the Composer from the same tokens instead (treeFromDocuments): the checks below
// mirror the Composer's (yaml/dist/compose/*) and leave at the first doubt, so values, ranges
// and errors are always yaml's own. A large file is read part by part
// (treeByParts: a Compose service, a top-level key, a document of a stream) when its layout is
// plain enough to cut where yaml's own reading would; the parts of one document share its
// anchors, so aliases resolve as in one reading, and test/engine/yaml-reader.test.ts checks
// that both readings build identical trees, also when an edit's next read takes the parts
// around it from the last one.

import { CST, Document, Lexer, Parser, isScalar } from 'yaml';
import { YamlFlowNesting } from '../nesting';
import { withYamlLineBreaks } from '../text';
import type { Span } from '../types';
import {
  type AnchorDefinition,
  type MapEntry,
  type MapNode,
  type MergeKey,
  type SeqNode,
  type TreeNode,
  type YamlDocument,
  type YamlError,
  TreeBuilder,
  TreeMover,
  composeOptions,
  styleOf,
  treeFromDocuments,
} from './yaml-tree';

export function parseYamlDocuments(text: string): YamlDocument[] {
  return (readYaml(text, Infinity) as { documents: YamlDocument[] }).documents;
}

/**
 * What the caller keeps between reads of one document being typed in: its last read by parts,
 * when it was large enough for one. A keystroke changes one place of the text: the parts before
 * it are the same text at the same offsets after the same anchors, and the parts after it the
 * same text moved, so the next read takes them from here instead of lexing and parsing them
 * again (treeByParts). Results are those of a fresh read
 * (test/engine/yaml-reader.test.ts compares them after random edits). The engine keeps none
 * itself: the language server holds one for the document being edited, whatever its kind.
 */
export interface YamlReadMemory {
  last?: PartsRead;
}

/**
 * The documents of a text, or where its flow collections nest deeper than `flowLimit` (yaml's
 * Parser and Composer recurse per level; cstOf counts the nesting). A large text is read by
 * parts when its layout allows (treeByParts); `memory` gives the parts of the previous read of
 * the same document and takes this read's.
 */
export function readYaml(original: string, flowLimit: number, memory?: YamlReadMemory): { documents: YamlDocument[] } | { tooDeep: number } {
  const text = withYamlLineBreaks(original);
  const previous = memory?.last;
  if (memory) memory.last = undefined;
  if (text.length >= readByPartsFrom) {
    const byParts = treeByParts(text, flowLimit, previous);
    if (memory) memory.last = byParts?.read;
    if (byParts) return { documents: byParts.documents };
  }
  const cst = cstOf(text, 0, flowLimit);
  if ('tooDeep' in cst) return cst;
  return { documents: treeFromCst(text, cst.tokens) ?? treeFromDocuments(text, cst.tokens) };
}

/**
 * From this size on, a text is read part by part when its layout allows (treeByParts): yaml's
 * CST of one part lives briefly instead of the whole file's, which keeps the heap, and the
 * garbage collector's work, small, and an edit reads again only the parts from it on.
 */
const readByPartsFrom = 64 * 1024;

/**
 * A block map of one document whose entries are read one part each: the root map (GitLab CI's
 * jobs), or the map under a top-level `services:` (Compose), whose head and tail are parts too.
 */
interface MapLayout {
  kind: 'map';
  /** Where the map's first entry starts (with the comments before it): 0 for the root map. */
  bodyStart: number;
  /** The start of the first top-level line after the map (the text's end if none). */
  bodyEnd: number;
  /** Where each entry's text starts; the first is bodyStart. */
  entryStarts: number[];
  /** How far the keys of the entries are indented. */
  entryIndent: number;
}

/** A stream of documents (Kubernetes manifests), each read as one part. */
interface DocumentsLayout {
  kind: 'documents';
  /** Where each part starts: the text's start, then each `---` line. */
  starts: number[];
}

type PartsLayout = MapLayout | DocumentsLayout;

/** The layout a text is read in by parts, or undefined when it must be read whole. */
export function partsLayout(text: string): PartsLayout | undefined {
  return documentsLayout(text) ?? servicesLayout(text) ?? rootLayout(text);
}

/** A `---` line: yaml's lexer ends a document there, whatever came before it. */
const documentStart = /^---(?:[ \t]|\r?$)/;

/**
 * The parts of a text with `---` lines after its start; undefined for one document, and for a
 * text with directives: a `%YAML 1.1` changes how the document after it reads, and sits in the
 * part before that document's `---`.
 */
function documentsLayout(text: string): DocumentsLayout | undefined {
  if (/^%/m.test(text)) return undefined;
  const starts = [0];
  for (let start = text.indexOf('\n---') + 1; start > 0; start = text.indexOf('\n---', start) + 1) {
    const newline = text.indexOf('\n', start);
    if (documentStart.test(text.slice(start, newline < 0 ? text.length : newline))) starts.push(start);
  }
  return starts.length > 1 ? { kind: 'documents', starts } : undefined;
}

/**
 * The root map of a single-document file as entries at the line start, or undefined when a line
 * there is anything else (document markers, directives, a merge key, a sequence, a flow
 * collection, properties, a tab) or content is indented before the first key. Comments between
 * entries go with the entry before: its part is read with the next key after it (treeByParts).
 */
function rootLayout(text: string): MapLayout | undefined {
  const entryStarts: number[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const first = text[start];
    if (first !== '#' && first !== '\n' && first !== '\r' && (first !== ' ' || entryStarts.length === 0)) {
      if (first === ' ') {
        // An indented line before the first key: only comments and blank lines go there.
        const content = text.slice(start, end).trimStart();
        if (content !== '' && !content.startsWith('#')) return undefined;
      } else {
        if (/^(?:---|\.\.\.|<<\s*:)/.test(text.slice(start, start + 4)) || '-?[{&*!|>%@`\t\uFEFF'.includes(first)) return undefined;
        entryStarts.push(entryStarts.length === 0 ? 0 : start);
      }
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  return entryStarts.length > 0 ? { kind: 'map', bodyStart: 0, bodyEnd: text.length, entryStarts, entryIndent: 0 } : undefined;
}

/**
 * The layout of a single-document file with a top-level `services:` whose body is a block map
 * of services at one indentation, or undefined for anything less plain (document markers,
 * directives, a top-level merge key, `services:` with a value on its line, a line indented
 * less than the services in the body, a top-level comment right after it): those are read whole.
 */
export function servicesLayout(text: string): MapLayout | undefined {
  let bodyStart = -1;
  let bodyEnd = text.length;
  let childIndent = -1;
  /** A top-level comment after the last service line: it goes with what follows the body. */
  let commentAfterBody: number | undefined;
  let lastBodyLineIsComment = false;
  const serviceStarts: number[] = [];
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let indent = start;
    while (indent < end && text.charCodeAt(indent) === 32) indent++;
    const first = indent < end ? text[indent] : '';
    const blank = first === '' || first === '\r' || first === '#';
    if (indent === start && !blank) {
      if (/^(?:---|\.\.\.|%|<<\s*:)/.test(text.slice(start, start + 4))) return undefined;
      if (bodyStart >= 0 && bodyEnd === text.length) {
        // Comments that end the last service: yaml decides by what follows whose they are.
        if (lastBodyLineIsComment) return undefined;
        bodyEnd = commentAfterBody ?? start;
      } else if (text.startsWith('services:', start)) {
        if (bodyStart >= 0 || !/^services:[ ]*(?:#.*)?\r?$/.test(text.slice(start, end))) return undefined;
        bodyStart = end + 1;
      }
    } else if (indent === start && first === '#' && bodyStart >= 0 && bodyEnd === text.length && serviceStarts.length > 0) {
      if (lastBodyLineIsComment) return undefined;
      commentAfterBody ??= start;
    } else if (bodyStart >= 0 && bodyEnd === text.length && first === '#') {
      if (commentAfterBody === undefined) lastBodyLineIsComment = true;
    } else if (bodyStart >= 0 && bodyEnd === text.length && !blank) {
      lastBodyLineIsComment = false;
      // A top-level comment between two services: yaml's reading of it is left to yaml.
      if (commentAfterBody !== undefined) return undefined;
      if (childIndent < 0) childIndent = indent - start;
      if (indent - start < childIndent || first === '\t') return undefined;
      if (indent - start === childIndent) {
        if (first === '-' || first === '?' || first === '<') return undefined;
        serviceStarts.push(serviceStarts.length === 0 ? bodyStart : start);
      }
    }
    if (newline < 0) break;
    start = newline + 1;
  }
  if (bodyStart < 0 || serviceStarts.length === 0) return undefined;
  // Comments that end the file: the whole reading decides where they belong.
  if (bodyEnd === text.length && commentAfterBody !== undefined) return undefined;
  return { kind: 'map', bodyStart, bodyEnd, entryStarts: serviceStarts, entryIndent: childIndent };
}

/** One part of a read by parts, and what it left for the parts after it. */
interface ReadPart {
  from: number;
  to: number;
  lookahead: string;
  /** Its documents: one map for a part of a map layout. */
  documents: YamlDocument[];
  /** The anchors it defined and the errors of its map (a map layout's parts share them). */
  anchors: AnchorDefinition[];
  errors: YamlError[];
}

/** What the next read of an edited text can take from this one. */
export interface PartsRead {
  text: string;
  flowLimit: number;
  layout: PartsLayout['kind'];
  parts: ReadPart[];
  /** How many leading parts were taken from the previous read as they were. */
  reused: number;
  /** How many parts after the edit were taken from the previous read, moved (TreeMover). */
  moved: number;
}

/**
 * The text read in parts (partsLayout), each through the CST path, or through the Composer when
 * yaml reports nothing on it. What `previous` read of the same text is taken from it: the
 * leading parts at the same offsets as they were, and the parts after the edit, the same text
 * moved by the edit's change of length, as moved copies (TreeMover: their aliases resolve
 * again against the anchors now before them). `previous` is used up: as soon as a part is read
 * again, it keeps only the parts after the edit, so that the old tree and the new one are not
 * both held.
 * Undefined when a part does not read as its layout says (a cut yaml's reading does not make, a
 * key twice, an error yaml reports): the caller then reads the text whole.
 */
export function treeByParts(text: string, flowLimit: number, previous?: PartsRead): { documents: YamlDocument[]; read: PartsRead } | undefined {
  const layout = partsLayout(text);
  if (!layout) return undefined;
  const parts: ReadPart[] = [];
  const reusable = previous && previous.flowLimit === flowLimit && previous.layout === layout.kind ? previous : undefined;
  const unchangedUpTo = reusable ? commonPrefixLength(reusable.text, text) : -1;
  const shift = reusable ? text.length - reusable.text.length : 0;
  /** Where the text after the edit starts: from here on it is the previous text's, moved by `shift`. */
  const unchangedFrom = reusable ? text.length - commonSuffixLength(reusable.text, text, unchangedUpTo) : Number.POSITIVE_INFINITY;
  let reused = 0;
  let moved = 0;
  /** The previous read's parts after the edit, in order; `next` is the first not yet passed. */
  let after: ReadPart[] | undefined;
  let next = 0;
  const movedPart = (from: number, to: number, lookahead: string, shared: TreeBuilder | undefined): ReadPart | undefined => {
    if (!after || from < unchangedFrom) return undefined;
    while (next < after.length && after[next].from + shift < from) next++;
    const before = after[next];
    if (!before || before.from + shift !== from || before.to + shift !== to || before.lookahead !== lookahead) return undefined;
    return movedCopy(before, shift, shared);
  };
  /** The documents of text[from, to) + lookahead; a map layout's parts share `shared`'s anchors. */
  const read = (from: number, to: number, lookahead: string, shared?: TreeBuilder): YamlDocument[] | undefined => {
    const before = reused === parts.length ? reusable?.parts[parts.length] : undefined;
    if (before && before.from === from && before.to === to && before.lookahead === lookahead && to <= unchangedUpTo) {
      shared?.replay(before.anchors, before.errors);
      parts.push(before);
      reused++;
      return before.documents;
    }
    if (reusable && !after) {
      after = reusable.parts.filter((part) => part.from + shift >= unchangedFrom);
      reusable.parts.length = 0;
    }
    const taken = movedPart(from, to, lookahead, shared);
    if (taken) moved++;
    const part = taken ?? readPart(text, from, to, lookahead, flowLimit, shared);
    if (!part) return undefined;
    shared?.replay(part.anchors, part.errors);
    parts.push(part);
    return part.documents;
  };
  const documents = layout.kind === 'documents' ? documentsByParts(text, layout, read) : mapByParts(text, layout, read);
  return documents && { documents, read: { text, flowLimit, layout: layout.kind, parts, reused, moved } };
}

/**
 * A part of the previous read that an edit before it moved by `shift`, copied moved with its
 * aliases resolved against `shared` as now read (TreeMover), or undefined when it cannot be.
 * The anchors it defines are the copies.
 */
function movedCopy(part: ReadPart, shift: number, shared: TreeBuilder | undefined): ReadPart | undefined {
  if (part.errors.length > 0) return undefined;
  const mover = new TreeMover(shift, part.anchors, shared);
  const documents: YamlDocument[] = [];
  for (const document of part.documents) {
    const copy = mover.document(document);
    if (!copy) return undefined;
    documents.push(copy);
  }
  const anchors = part.anchors.map(({ name, node }) => ({ name, node: mover.copyOf(node)! }));
  return { from: part.from + shift, to: part.to + shift, lookahead: part.lookahead, documents, anchors, errors: [] };
}

type PartReader = (from: number, to: number, lookahead: string, shared?: TreeBuilder) => YamlDocument[] | undefined;

/**
 * One part, read as the whole text would read it: the CST path, else the Composer when yaml
 * reports nothing (its errors are placed by what it read, which a part may end early). Its
 * builders see `shared`'s anchors and keep their own until the caller replays them.
 */
function readPart(text: string, from: number, to: number, lookahead: string, flowLimit: number, shared: TreeBuilder | undefined): ReadPart | undefined {
  const partText = ownCopy(text.slice(from, to) + lookahead);
  const cst = cstOf(partText, from, flowLimit);
  if ('tooDeep' in cst) return undefined;
  let builders: TreeBuilder[] = [];
  const builderOf = () => {
    const builder = new TreeBuilder(text, shared);
    builder.readFrom(partText, from);
    builders.push(builder);
    return builder;
  };
  let documents = treeFromCst(text, cst.tokens, builderOf);
  if (!documents) {
    builders = [];
    documents = treeFromDocuments(text, cst.tokens, builderOf);
    if (documents.some((document) => document.errors.length > 0)) return undefined;
  }
  const anchors = builders.flatMap((builder) => builder.takeAnchorLog());
  return { from, to, lookahead, documents, anchors, errors: builders.flatMap((builder) => builder.errors) };
}

/** Each document of a stream on its own: anchors are per document. */
function documentsByParts(text: string, layout: DocumentsLayout, read: PartReader): YamlDocument[] | undefined {
  const documents: YamlDocument[] = [];
  const starts = [...layout.starts, text.length];
  for (let i = 0; i + 1 < starts.length; i++) {
    const part = read(starts[i], starts[i + 1], '');
    if (!part) return undefined;
    documents.push(...part);
  }
  return documents;
}

/**
 * A map layout's document: its head (the top-level text before `services:`'s body, for
 * Compose), each entry, its tail. An entry is read with the key of the next one after it, so
 * that yaml gives the comments that end it to the same node as in the whole text; the stand-in
 * entry is dropped. Parts share one TreeBuilder, so aliases resolve as in one read.
 */
function mapByParts(text: string, layout: MapLayout, read: PartReader): YamlDocument[] | undefined {
  const builder = new TreeBuilder(text);
  // yaml places an empty key (`: x`) after the item before it, which a part does not have.
  const mapOf = (documents: YamlDocument[] | undefined) => {
    const root = documents?.length === 1 ? documents[0].root : undefined;
    const first = root?.type === 'map' ? root.entries[0] : undefined;
    return root?.type === 'map' && (!first || first.keySpan.start < first.keySpan.end) ? root : undefined;
  };
  const head = layout.bodyStart > 0 ? mapOf(read(0, layout.bodyStart, '', builder)) : undefined;
  const servicesEntry = head?.entries.at(-1);
  if (layout.bodyStart > 0 && (!head || servicesEntry?.key !== 'services' || servicesEntry.value.type !== 'scalar' || servicesEntry.value.value !== null)) return undefined;
  const entries: MapEntry[] = [];
  const keys = new KeySet();
  const starts = [...layout.entryStarts, layout.bodyEnd];
  const nextEntry = `${' '.repeat(layout.entryIndent)}${lookaheadKey}:\n`;
  let bodySpan: { start: number; end: number } | undefined;
  for (let i = 0; i + 1 < starts.length; i++) {
    const last = i + 2 === starts.length;
    const part = mapOf(read(starts[i], starts[i + 1], last ? '' : nextEntry, builder));
    if (!part || part.entries.length !== (last ? 1 : 2) || (!last && part.entries[1].key !== lookaheadKey)) return undefined;
    if (part.entries[0].key === '<<' || !keys.add(part.entries[0].key)) return undefined;
    entries.push(part.entries[0]);
    bodySpan = { start: bodySpan?.start ?? part.span.start, end: part.span.end };
  }
  if (!head) return [{ root: builder.map(entries, undefined, bodySpan!, false), errors: builder.errors }];
  const tail = layout.bodyEnd < text.length ? mapOf(read(layout.bodyEnd, text.length, '', builder)) : undefined;
  if (layout.bodyEnd < text.length && !tail) return undefined;
  const topKeys = new KeySet();
  for (const entry of [...head.entries, ...(tail?.entries ?? [])]) if (!topKeys.add(entry.key)) return undefined;
  const servicesMap = builder.map(entries, undefined, bodySpan!, false);
  const topEntries = [...head.entries.slice(0, -1), { ...servicesEntry!, value: servicesMap, span: { start: servicesEntry!.keySpan.start, end: servicesMap.span.end } }, ...(tail?.entries ?? [])];
  const root = builder.map(topEntries, undefined, { start: head.span.start, end: tail?.span.end ?? servicesMap.span.end }, false);
  return [{ root, errors: builder.errors }];
}

/**
 * `part` as a string of its own. V8 keeps a slice pointing into the text it was cut from, and a
 * part reused across edits would keep that whole version of the document alive; a part joined
 * with its lookahead is copied when the lexer first reads it, so the copy is taken here the same
 * way for every part.
 */
function ownCopy(part: string): string {
  return `${part}\n`.slice(0, -1);
}

/** How many characters two texts share from their start (compared a block at a time). */
function commonPrefixLength(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  const block = 4096;
  let at = 0;
  while (at + block <= length && a.substring(at, at + block) === b.substring(at, at + block)) at += block;
  while (at < length && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** How many characters two texts share at their end, leaving the first `prefix` of each alone. */
function commonSuffixLength(a: string, b: string, prefix: number): number {
  const length = Math.min(a.length, b.length) - prefix;
  const block = 4096;
  let at = 0;
  while (at + block <= length && a.substring(a.length - at - block, a.length - at) === b.substring(b.length - at - block, b.length - at)) at += block;
  while (at < length && a.charCodeAt(a.length - 1 - at) === b.charCodeAt(b.length - 1 - at)) at++;
  return at;
}

/** The key of the stand-in for the next entry (an entry of this name is read whole: its key repeats). */
const lookaheadKey = '__dockerd-lint-next-entry__';

/**
 * yaml's CST of `part`, which starts at `offset` of the whole text (its tokens' offsets are the
 * whole text's), or where its flow collections nest deeper than `flowLimit`. The text is lexed
 * once: the nesting is counted on the lexemes the Parser gets, and nothing deeper reaches it.
 */
function cstOf(part: string, offset: number, flowLimit: number): { tokens: CST.Token[] } | { tooDeep: number } {
  const nesting = new YamlFlowNesting(flowLimit, part.length);
  const parser = new Parser();
  parser.offset = offset;
  const tokens: CST.Token[] = [];
  for (const lexeme of new Lexer().lex(part)) {
    const tooDeep = nesting.add(lexeme);
    if (tooDeep !== undefined) return { tooDeep: offset + tooDeep };
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** A local tag that yaml's core schema does not resolve, other than Compose's merge tags (yaml-tree.ts keeps those). */
const ignoredTag = /^!(?!reset$|override$)[A-Za-z][A-Za-z0-9_-]*$/;

/** Thrown (one shared value, no stack) to leave the CST path. */
const outside = Symbol('outside the CST path');

/** The tree of every document, or undefined when yaml's Composer must decide; `builderOf` gives each document its builder. */
export function treeFromCst(text: string, tokens: readonly CST.Token[], builderOf: () => TreeBuilder = () => new TreeBuilder(text)): YamlDocument[] | undefined {
  const documents: YamlDocument[] = [];
  try {
    for (const token of tokens) {
      if (token.type === 'document') documents.push(new CstReader(builderOf()).document(token));
      else if (token.type !== 'comment' && token.type !== 'newline' && token.type !== 'space') return undefined;
    }
  } catch (error) {
    if (error === outside) return undefined;
    throw error;
  }
  return documents;
}

/** yaml's core schema, as the Composer resolves plain scalars with it. */
const documentOptions = new Document(null, composeOptions).options;
const plainTags = new Document(null, composeOptions).schema.tags.filter((tag) => tag.default === true && tag.test !== undefined);

/** Deeper nesting goes to the Composer (lint.ts refuses more than 256 levels before parsing). */
const maxDepth = 128;

function leave(): never {
  throw outside;
}

/** One document's tokens -> tree; anchors are per document. */
class CstReader {
  /** The end of the last node read, after its trailing comment and newline (yaml's `range[2]`). */
  private nodeEnd = 0;
  // What the last props scan found (yaml's resolveProps), kept in fields to allocate nothing.
  private found: CST.SourceToken | undefined;
  private anchor: CST.SourceToken | undefined;
  private tag: CST.SourceToken | undefined;
  private comma: CST.SourceToken | undefined;
  private hasNewline = false;
  private newlineAfterAnchor = false;
  private hasComment = false;
  private propsEnd = 0;
  private depth = 0;

  constructor(private readonly builder: TreeBuilder) {}

  document(document: CST.Document): YamlDocument {
    const value = document.value;
    const start = this.props(document.start, 'doc-start', true, false, document.offset, value ?? document.end?.[0]);
    // A block scalar at the root reads differently (yaml's `atRoot`); root props are rare.
    if (!value || this.anchor || this.tag || value.type === 'block-scalar') leave();
    if (start && (value.type === 'block-map' || value.type === 'block-seq') && !this.hasNewline) leave();
    const root = this.node(value, undefined, false, undefined);
    this.end(document.end, this.nodeEnd, false);
    return { root, errors: this.builder.errors };
  }

  /**
   * yaml's resolveProps over the tokens before a node, leaving on what it would report
   * (and on tabs and key properties, which Compose files do not need; node() judges tags).
   */
  private props(tokens: readonly CST.SourceToken[] | undefined, indicator: string, startOnNewline: boolean, flow: boolean, offset: number, next: CST.Token | undefined): CST.SourceToken | undefined {
    let hasSpace = startOnNewline;
    let requiresSpace = false;
    this.found = this.anchor = this.tag = this.comma = undefined;
    this.hasNewline = this.newlineAfterAnchor = this.hasComment = false;
    let end = offset;
    for (const token of tokens ?? []) {
      if (requiresSpace && token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') leave();
      requiresSpace = false;
      switch (token.type) {
        case 'space':
          if (token.source.includes('\t')) leave();
          hasSpace = true;
          break;
        case 'comment':
          if (!hasSpace) leave();
          this.hasComment = true;
          break;
        case 'newline':
          this.hasNewline = hasSpace = true;
          if (this.anchor) this.newlineAfterAnchor = true;
          break;
        case 'anchor':
          if (this.anchor || token.source.length < 2 || token.source.endsWith(':')) leave();
          this.anchor = token;
          hasSpace = false;
          requiresSpace = true;
          break;
        case 'tag':
          if (this.tag) leave();
          this.tag = token;
          hasSpace = false;
          requiresSpace = true;
          break;
        case 'comma':
          if (!flow || this.comma) leave();
          this.comma = token;
          hasSpace = false;
          break;
        default:
          if (token.type !== indicator || this.anchor || this.tag || this.found) leave();
          this.found = token;
          hasSpace = false;
      }
      end = token.offset + token.source.length;
    }
    this.propsEnd = end;
    if (requiresSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && !(next.type === 'scalar' && next.source === '')) leave();
    return this.found;
  }

  /** yaml's resolveEnd: the offset after a node's trailing space, comment and newline. */
  private end(tokens: readonly CST.SourceToken[] | undefined, offset: number, strict: boolean): number {
    let hasSpace = false;
    for (const token of tokens ?? []) {
      if (token.type === 'space' || token.type === 'newline') hasSpace = true;
      else if (token.type !== 'comment' || (strict && !hasSpace)) leave();
      offset += token.source.length;
    }
    return offset;
  }

  private node(token: CST.Token, anchor: CST.SourceToken | undefined, newlineAfterAnchor: boolean, tag: CST.SourceToken | undefined): TreeNode {
    // A local tag on a flow collection (GitLab's `!reference [job, key]`) is one yaml warns of
    // and reads as the untagged collection; tags elsewhere are the Composer's.
    if (tag && (token.type !== 'flow-collection' || !ignoredTag.test(tag.source))) leave();
    if (!anchor) return this.content(token);
    // An alias takes no properties; a block sequence's must end their line.
    if (token.type === 'alias' || (token.type === 'block-seq' && !newlineAfterAnchor)) leave();
    const name = anchor.source.slice(1);
    this.builder.openAnchor(name);
    const node = this.content(token);
    this.builder.closeAnchor(name, node);
    return node;
  }

  private content(token: CST.Token): TreeNode {
    // yaml's Composer recurses per level and may run out of stack on deep nesting, which it
    // reports; what it does there is its own to decide.
    if (++this.depth > maxDepth) leave();
    const node = this.contentAtDepth(token);
    this.depth--;
    return node;
  }

  private contentAtDepth(token: CST.Token): TreeNode {
    switch (token.type) {
      case 'alias':
        return this.alias(token);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        return this.scalar(token);
      case 'block-map':
        return this.blockMap(token);
      case 'block-seq':
        return this.blockSeq(token);
      case 'flow-collection':
        return this.flowCollection(token);
      default:
        return leave();
    }
  }

  private alias(token: CST.FlowScalar): TreeNode {
    if (token.source.length < 2 || token.source.endsWith(':')) leave();
    const span = { start: token.offset, end: token.offset + token.source.length };
    this.nodeEnd = this.end(token.end, span.end, true);
    return this.builder.alias(token.source.slice(1), span);
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar): TreeNode {
    const resolved = CST.resolveAsScalar(token, true, leave);
    if (!resolved) return leave();
    const [start, end, nodeEnd] = resolved.range;
    this.nodeEnd = nodeEnd;
    return this.builder.scalar({ start, end }, token.type === 'scalar' ? plainValue(resolved.value) : resolved.value, styleOf(resolved.type));
  }

  /** A node yaml creates where a value is missing (`key:`, `-`), after the spaces that follow the indicator. */
  private empty(offset: number, before: readonly CST.SourceToken[], anchor: CST.SourceToken | undefined, tag: CST.SourceToken | undefined): TreeNode {
    if (tag) leave();
    const at = emptyScalarPosition(offset, before);
    const name = anchor?.source.slice(1);
    if (name !== undefined) this.builder.openAnchor(name);
    const node = this.builder.scalar({ start: at, end: at }, null, 'plain');
    if (name !== undefined) this.builder.closeAnchor(name, node);
    this.nodeEnd = this.hasComment ? this.propsEnd : at;
    return node;
  }

  private blockMap(map: CST.BlockMap): MapNode {
    let offset = map.offset;
    let commentEnd: number | undefined;
    const entries: MapEntry[] = [];
    let merges: MergeKey[] | undefined;
    const keys = new KeySet();
    for (const item of map.items as CST.CollectionItem[]) {
      const { key, sep, value } = item;
      // Explicit `? ` keys and key properties are left to the Composer.
      if (this.props(item.start, 'explicit-key-ind', true, false, offset, key ?? sep?.[0]) || this.anchor || this.tag) leave();
      const keyStart = this.propsEnd;
      if (!key && !sep) {
        commentEnd = keyStart;
        continue;
      }
      // Content after a comment-only item: yaml reports "Map comment with trailing content".
      if (commentEnd !== undefined || !key || !sep) leave();
      const keyToken = scalarToken(key);
      if (keyToken.indent !== map.indent || keyToken.source.includes('\n') || keyToken.end?.some((token) => token.type === 'newline')) leave();
      const { keyText, keySpan, keyEnd } = this.key(keyToken, keys);
      const indicator = this.props(sep, 'map-value-ind', false, false, keyEnd, value);
      if (!indicator || (value?.type === 'block-map' && !this.hasNewline) || keyStart < indicator.offset - 1024) leave();
      const node = value ? this.node(value, this.anchor, this.newlineAfterAnchor, this.tag) : this.empty(this.propsEnd, sep, this.anchor, this.tag);
      offset = this.nodeEnd;
      const span = { start: keySpan.start, end: node.span.end };
      if (keyText === '<<' && key.type === 'scalar') (merges ??= []).push({ value: node, span });
      else entries.push({ key: keyText, keySpan, value: node, span });
    }
    this.nodeEnd = commentEnd ?? offset;
    return this.builder.map(entries, merges, { start: map.offset, end: offset }, false);
  }

  private blockSeq(seq: CST.BlockSequence): SeqNode {
    let offset = seq.offset;
    let commentEnd: number | undefined;
    const items: TreeNode[] = [];
    for (const item of seq.items as CST.CollectionItem[]) {
      if (item.key || item.sep) leave();
      if (!this.props(item.start, 'seq-item-ind', true, false, offset, item.value)) {
        if (this.anchor || this.tag || item.value) leave();
        commentEnd = this.propsEnd;
        continue;
      }
      if (commentEnd !== undefined) leave();
      items.push(item.value ? this.node(item.value, this.anchor, this.newlineAfterAnchor, this.tag) : this.empty(this.propsEnd, item.start, this.anchor, this.tag));
      offset = this.nodeEnd;
    }
    this.nodeEnd = commentEnd ?? offset;
    return { type: 'seq', span: { start: seq.offset, end: offset }, items, flow: false };
  }

  /**
   * A scalar key's text as the Converter makes it, its span, and the end of its tokens. yaml's
   * uniqueKeys compares the keys' values; the Composer words the error. Equal strings of
   * different values (1 and "1") also leave: rare, and never wrong.
   */
  private key(key: CST.FlowScalar, keys: KeySet): { keyText: string; keySpan: Span; keyEnd: number } {
    const resolved = CST.resolveAsScalar(key, true, leave)!;
    const keyText = String(key.type === 'scalar' ? plainValue(resolved.value) : resolved.value);
    if (!keys.add(keyText)) leave();
    return { keyText, keySpan: { start: resolved.range[0], end: resolved.range[1] }, keyEnd: resolved.range[2] };
  }

  /** Flow collections on one line: sequences of values (`[a, "b", *c]`), maps of `key: value` pairs (`{cpu: 500m}`). */
  private flowCollection(collection: CST.FlowCollection): TreeNode {
    const isMap = collection.start.source === '{';
    let offset = collection.offset + collection.start.source.length;
    const items: TreeNode[] = [];
    const entries: MapEntry[] = [];
    const keys = new KeySet();
    const count = collection.items.length;
    for (let i = 0; i < count; i++) {
      const { start, key, sep, value } = collection.items[i] as CST.CollectionItem;
      if (this.props(start, 'explicit-key-ind', false, true, offset, key ?? sep?.[0]) || this.anchor || this.tag || this.hasNewline || this.hasComment) leave();
      if (!key && !sep && !value) {
        // Only a trailing empty item is silent (`[a, b, ]`).
        if ((i === 0 && this.comma) || i < count - 1) leave();
        offset = this.propsEnd;
        continue;
      }
      if (!value || (i === 0) === !!this.comma || !onOneLine(value)) leave();
      if (!isMap) {
        if (key || sep) leave();
        items.push(this.content(value));
        offset = this.nodeEnd;
        continue;
      }
      // A pair with a key, `:` and a value, none of them with properties; `<<` is the Composer's.
      if (!key || !sep || !onOneLine(key)) leave();
      const { keyText, keySpan, keyEnd } = this.key(scalarToken(key), keys);
      if (keyText === '<<' && key.type === 'scalar') leave();
      if (!this.props(sep, 'map-value-ind', false, true, keyEnd, value) || this.anchor || this.tag || this.comma || this.hasNewline || this.hasComment) leave();
      const node = this.content(value);
      offset = this.nodeEnd;
      entries.push({ key: keyText, keySpan, value: node, span: { start: keySpan.start, end: node.span.end } });
    }
    const [close, ...after] = collection.end;
    if (close?.source !== (isMap ? '}' : ']')) leave();
    const span = { start: collection.offset, end: close.offset + close.source.length };
    this.nodeEnd = after.length > 0 ? this.end(after, span.end, true) : span.end;
    return isMap ? this.builder.map(entries, undefined, span, true) : { type: 'seq', span, items, flow: true };
  }
}

/** A scalar token (a key), or leave: keys of other kinds are the Composer's. */
function scalarToken(token: CST.Token): CST.FlowScalar {
  if (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar') leave();
  return token;
}

/** Keys seen in one map: a scan while it is small, a Set once it is large (a `services:` map). */
class KeySet {
  private readonly list: string[] = [];
  private set: Set<string> | undefined;

  /** False when the key was seen before. */
  add(key: string): boolean {
    if (this.set) {
      if (this.set.has(key)) return false;
      this.set.add(key);
      return true;
    }
    if (this.list.includes(key)) return false;
    this.list.push(key);
    if (this.list.length > 16) this.set = new Set(this.list);
    return true;
  }
}

/** A flow value with no line break or comment in or after it, and no block collection. */
function onOneLine(token: CST.Token): boolean {
  switch (token.type) {
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return !token.source.includes('\n') && (token.end ?? []).every((end) => end.type === 'space');
    case 'flow-collection':
      return token.end.slice(1).every((end) => end.type === 'space');
    default:
      return false;
  }
}

/** A plain scalar's value under yaml's core schema (null, booleans, numbers, else the string). */
function plainValue(source: string): unknown {
  for (const tag of plainTags) {
    if (!tag.test!.test(source)) continue;
    const resolved = (tag.resolve as (value: string, onError: () => never, options: typeof documentOptions) => unknown)(source, leave, documentOptions);
    return isScalar(resolved) ? resolved.value : resolved;
  }
  return source;
}

/** yaml's emptyScalarPosition: after the last non-space token before the missing value, and the spaces after it. */
function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[]): number {
  for (let i = before.length - 1; i >= 0; --i) {
    const token = before[i];
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      offset -= token.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j].source.length;
    break;
  }
  return offset;
}
