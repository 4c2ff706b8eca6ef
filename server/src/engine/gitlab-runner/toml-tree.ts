// GitLab Runner's config.toml as the plain tree the container model reads (compose/yaml-tree.ts):
// toml-eslint-parser keeps every key and value with its range, and each value becomes a
// scalar, sequence or map node whose characters map to the source where they are written as
// they read (a string without escapes), else to the whole value. Tables are flattened into
// entries keyed by their full path (`runners`, 0, `docker`, `privileged`), since TOML may
// write one table in several places (`[runners.docker]`, dotted keys, inline tables).

import { type AST, parseTOML } from 'toml-eslint-parser';
import { mappedVerbatim, mappedWhole } from '../compose/mapped-string';
import type { MapEntry, MapNode, ScalarNode, SeqNode, TreeNode } from '../compose/yaml-tree';
import type { Span } from '../types';

export type TomlPath = readonly (string | number)[];

/** A `key = value` with its full path: the table's key, then the dotted key's parts. */
export interface TomlEntry {
  path: TomlPath;
  keySpan: Span;
  value: TreeNode;
  /** The `key = value` text. */
  span: Span;
}

/** A table header (`[runners.docker]`, `[[runners]]` with the index TOML gives it). */
export interface TomlTableHeader {
  path: TomlPath;
  /** The key between the brackets. */
  span: Span;
}

export interface TomlTree {
  entries: TomlEntry[];
  tables: TomlTableHeader[];
  comments: { text: string; span: Span }[];
}

export type TomlRead = { tree: TomlTree } | { error: { message: string; span: Span } } | { tooDeep: number };

function spanOf(node: AST.HasLocs): Span {
  return { start: node.range[0], end: node.range[1] };
}

function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((part) => (part.type === 'TOMLBare' ? part.name : part.value));
}

/** A value as a tree node; strings written without escapes map character by character. */
function nodeOf(value: AST.TOMLContentNode, text: string): TreeNode {
  const span = spanOf(value);
  if (value.type === 'TOMLArray') return { type: 'seq', items: value.elements.map((element) => nodeOf(element, text)), flow: true, span } satisfies SeqNode;
  if (value.type === 'TOMLInlineTable') {
    const entries: MapEntry[] = value.body.map((pair) => ({ key: keyNames(pair.key).join('.'), keySpan: spanOf(pair.key), value: nodeOf(pair.value, text), span: spanOf(pair) }));
    return { type: 'map', entries, flow: true, span } satisfies MapNode;
  }
  return scalarOf(value, text, span);
}

function scalarOf(value: AST.TOMLValue, text: string, span: Span): ScalarNode {
  if (value.kind === 'string') {
    const quote = value.multiline ? 3 : 1;
    const inner = text.slice(span.start + quote, span.end - quote);
    const verbatim = !value.multiline && inner === value.value;
    const mapped = verbatim ? mappedVerbatim(value.value, span.start + quote) : mappedWhole(value.value, span);
    return { type: 'scalar', value: value.value, text: mapped, style: value.style === 'literal' ? 'single' : 'double', span };
  }
  const written = text.slice(span.start, span.end);
  const scalar = value.kind === 'boolean' || value.kind === 'integer' || value.kind === 'float' ? value.value : written;
  return { type: 'scalar', value: scalar, text: mappedVerbatim(written, span.start), style: 'plain', span };
}

/** Every `key = value` of the file with its full path, values of inline tables and arrays kept whole. */
export function readToml(text: string, depthLimit: number): TomlRead {
  const tooDeep = tomlNesting(text, depthLimit);
  if (tooDeep !== undefined) return { tooDeep };
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (error) {
    const at = typeof (error as { index?: unknown }).index === 'number' ? Math.min((error as { index: number }).index, text.length) : 0;
    return { error: { message: (error as Error).message, span: { start: at, end: Math.min(at + 1, text.length) } } };
  }
  const tree: TomlTree = { entries: [], tables: [], comments: program.comments.map((comment) => ({ text: text.slice(comment.range[0], comment.range[1]), span: spanOf(comment) })) };
  for (const item of program.body[0].body) {
    if (item.type === 'TOMLKeyValue') {
      tree.entries.push(entryOf([], item, text));
      continue;
    }
    tree.tables.push({ path: item.resolvedKey, span: spanOf(item.key) });
    for (const pair of item.body) tree.entries.push(entryOf(item.resolvedKey, pair, text));
  }
  return { tree };
}

function entryOf(table: TomlPath, pair: AST.TOMLKeyValue, text: string): TomlEntry {
  return { path: [...table, ...keyNames(pair.key)], keySpan: spanOf(pair.key), value: nodeOf(pair.value, text), span: spanOf(pair) };
}

/**
 * The offset where brackets and braces nest deeper than `limit` (the parser recurses once per
 * level), counted outside strings and comments; undefined when they do not.
 */
export function tomlNesting(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      for (i += close.length; i < text.length; i++) {
        if (c === '"' && text[i] === '\\') i++;
        else if (text.startsWith(close, i)) {
          i += close.length - 1;
          break;
        } else if (!triple && text[i] === '\n') break;
      }
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return undefined;
}
