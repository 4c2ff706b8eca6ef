// Checks a daemon.json value against its schema the way Go's encoding/json decodes it into
// dockerd's Config struct: JSON types must match exactly, integers take no fraction or
// exponent, null is accepted anywhere (decoding null is a no-op), struct field names match
// case-insensitively and unknown fields are ignored (unless the schema forbids them, as for
// nri-opts), map keys are data. Walks jsonc-parser nodes so every problem has a span.

import type { Node } from 'jsonc-parser';
import type { Span } from '../types';
import { spanOf } from './model';

export interface ValueSchema {
  type?: string | string[];
  items?: ValueSchema;
  properties?: Record<string, ValueSchema>;
  additionalProperties?: ValueSchema | boolean;
  'x-go-type'?: string;
}

export interface ValueProblem {
  span: Span;
  /** Plain words: what is wrong. */
  problem: string;
  /** What dockerd prints (Go's encoding/json wording; it varies a little between Go versions). */
  dockerdSays: string;
}

const integerRanges: Record<string, [bigint, bigint]> = {
  int: [-(2n ** 63n), 2n ** 63n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
};

/** Go's names for JSON kinds in UnmarshalTypeError. */
function jsonKind(node: Node): string {
  switch (node.type) {
    case 'boolean':
      return 'bool';
    default:
      return node.type;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

function plainType(schema: ValueSchema): string {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'value'];
  return types
    .map((type) => {
      if (type === 'boolean') return 'true or false';
      if (type === 'array') return schema.items?.type === 'string' ? 'a list of strings' : 'a list';
      if (type === 'object') return schema.properties ? 'an object' : 'an object (a map)';
      return article(type);
    })
    .join(' or ');
}

export function goTypeOf(schema: ValueSchema): string {
  if (schema['x-go-type']) return schema['x-go-type'];
  switch (Array.isArray(schema.type) ? schema.type[0] : schema.type) {
    case 'boolean':
      return 'bool';
    case 'integer':
      return 'int';
    case 'string':
      return 'string';
    case 'array':
      return `[]${schema.items ? goTypeOf(schema.items) : 'interface {}'}`;
    case 'object':
      return schema.additionalProperties && typeof schema.additionalProperties === 'object' ? `map[string]${goTypeOf(schema.additionalProperties)}` : 'map[string]interface {}';
    default:
      return 'interface {}';
  }
}

/** `-?(0|[1-9][0-9]*)`: how Go decodes into an integer (no fraction, no exponent). */
function isIntegerLiteral(text: string, start: number, end: number): boolean {
  let i = text.charCodeAt(start) === 0x2d /* - */ ? start + 1 : start;
  if (i >= end) return false;
  if (text.charCodeAt(i) === 0x30 /* 0 */) return i + 1 === end;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function matchesType(node: Node, type: string, text: string): boolean {
  switch (type) {
    case 'integer':
      return node.type === 'number' && isIntegerLiteral(text, node.offset, node.offset + node.length);
    case 'boolean':
      return node.type === 'boolean';
    default:
      return node.type === type;
  }
}

/**
 * Every place where `node` does not decode into `schema`. `path` is the Go field path for
 * the message, e.g. `Config.debug`.
 */
export function checkValue(node: Node, schema: ValueSchema, text: string, path: string): ValueProblem[] {
  const problems: ValueProblem[] = [];
  collectProblems(node, schema, text, path, problems);
  return problems;
}

// Runs once per value of a large file, so it allocates nothing for a value that decodes: the
// literal, the type list and the Go type name are only built for a problem.
function collectProblems(node: Node, schema: ValueSchema, text: string, path: string, problems: ValueProblem[]): void {
  if (node.type === 'null' || schema.type === undefined) return;
  const integer = node.type === 'number' && acceptsType(schema.type, 'integer');
  if (!matchesAnyType(node, schema.type, text)) {
    const goType = goTypeOf(schema);
    if (goType === 'opts.MemBytes') {
      problems.push({ span: spanOf(node), problem: `must be a quoted size such as "64M", not ${article(jsonKind(node))}`, dockerdSays: `invalid size: ${literalOf(node, text)}` });
      return;
    }
    // Go names the number itself when it is a number that does not fit the integer type.
    const what = integer ? `number ${literalOf(node, text)}` : jsonKind(node);
    const why = integer ? 'must be a whole number' : `must be ${plainType(schema)}, not ${article(jsonKind(node))}`;
    problems.push({ span: spanOf(node), problem: why, dockerdSays: `json: cannot unmarshal ${what} into Go struct field ${path} of type ${goType}` });
    return;
  }
  if (integer) {
    const goType = goTypeOf(schema);
    const range = integerRanges[goType] ?? integerRanges.int;
    const value = BigInt(literalOf(node, text));
    if (value < range[0] || value > range[1]) {
      problems.push({
        span: spanOf(node),
        problem: `is out of range for ${goType}`,
        dockerdSays: `json: cannot unmarshal number ${literalOf(node, text)} into Go struct field ${path} of type ${goType}`,
      });
      return;
    }
  }
  if (node.type === 'array' && schema.items) {
    for (const item of node.children ?? []) collectProblems(item, schema.items, text, path, problems);
    return;
  }
  if (node.type === 'object') checkObject(node, schema, text, path, problems);
}

function acceptsType(schemaType: string | string[], type: string): boolean {
  return typeof schemaType === 'string' ? schemaType === type : schemaType.includes(type);
}

function matchesAnyType(node: Node, schemaType: string | string[], text: string): boolean {
  if (typeof schemaType === 'string') return matchesType(node, schemaType, text);
  for (const type of schemaType) if (matchesType(node, type, text)) return true;
  return false;
}

function literalOf(node: Node, text: string): string {
  return text.slice(node.offset, node.offset + node.length);
}

function checkObject(node: Node, schema: ValueSchema, text: string, path: string, problems: ValueProblem[]): void {
  const fields = schema.properties;
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (fields) {
      // encoding/json: an exact match first, else any field whose name equals it ignoring case.
      const field = key in fields ? key : Object.keys(fields).find((name) => name.toLowerCase() === key.toLowerCase());
      if (field) collectProblems(valueNode, fields[field], text, `${path}.${field}`, problems);
      else if (schema.additionalProperties === false) {
        problems.push({ span: spanOf(keyNode), problem: `is not a field of this object (${Object.keys(fields).join(', ')})`, dockerdSays: `json: unknown field ${JSON.stringify(key)}` });
      }
    } else if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
      collectProblems(valueNode, schema.additionalProperties, text, path, problems);
    }
  }
}
