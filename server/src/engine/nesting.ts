// How deeply a text nests, found before any parser sees it. jsonc-parser and yaml's composer
// recurse once per level: a few thousand `[` overflow the stack (jsonc-parser throws), and
// yaml can abort the whole process (a V8 out-of-memory in its regexp compiler), which no
// try/catch stops. The scans here are iterative and count at least as deep as the parser goes.

import { Lexer } from 'yaml';
import { withYamlLineBreaks } from './text';

const openBracket = 0x5b;
const openBrace = 0x7b;
const closeBracket = 0x5d;
const closeBrace = 0x7d;

/** The offset where nesting first goes deeper than `limit`, or undefined. */
export type NestingScan = (text: string, limit: number) => number | undefined;

/** Counts brackets as jsonc-parser's scanner sees them: not in strings (which end at a line break) or comments. */
export const jsonNesting: NestingScan = (text, limit) => {
  if (!hasMoreOpeners(text, limit)) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22 || s === 0x0a || s === 0x0d) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === openBracket || c === openBrace) {
      if (++depth > limit) return i;
    } else if ((c === closeBracket || c === closeBrace) && depth > 0) {
      depth--;
    }
  }
  return undefined;
};

/**
 * YAML nests in two ways: block collections by indentation and compact `- - -` / `? ` items,
 * counted per line, and flow collections, counted with yaml's own lexer (iterative) so that
 * quoting and comments match the parser. A block level can hold a map inside a sequence
 * item, so block levels count twice. Lines inside scalars (block scalars, multi-line quoted
 * or plain ones) are text, not structure: they are left out, as yaml's lexer delimits them.
 */
export const yamlNesting: NestingScan = (text, limit) => yamlBlockNesting(text, limit) ?? yamlFlowNesting(withYamlLineBreaks(text), limit);

/** The block part of yamlNesting: the flow part can be counted with YamlFlowNesting while lexing. */
export const yamlBlockNesting: NestingScan = (text, limit) => blockNesting(withYamlLineBreaks(text), Math.floor(limit / 2));

/**
 * A first scan counts every line, scalar text included (an over-estimate, and no lexing for
 * the usual file). Only when that finds too deep a nesting is the text lexed, and the scan
 * repeated without the lines inside scalars: a block scalar shaped like a staircase is text.
 */
function blockNesting(text: string, limit: number): number | undefined {
  if (blockNestingOutside(text, limit, []) === undefined) return undefined;
  return blockNestingOutside(text, limit, multiLineScalars(text));
}

/** blockNesting over the lines that do not start inside one of `scalars` ([start, end) pairs, in order). */
function blockNestingOutside(text: string, limit: number, scalars: readonly (readonly [number, number])[]): number | undefined {
  const indents: number[] = [];
  let scalar = 0;
  for (let lineStart = 0; lineStart < text.length; ) {
    while (scalar < scalars.length && scalars[scalar][1] <= lineStart) scalar++;
    if (scalar < scalars.length && scalars[scalar][0] <= lineStart) {
      const newline = text.indexOf('\n', lineStart);
      lineStart = newline < 0 ? text.length : newline + 1;
      continue;
    }
    let i = lineStart;
    while (text.charCodeAt(i) === 0x20) i++;
    const indent = i - lineStart;
    let items = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if ((c === 0x2d /* - */ || c === 0x3f) /* ? */ && (next === 0x20 || next === 0x09)) {
        items++;
        i += 2;
        while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
      } else break;
    }
    const c = text.charCodeAt(i);
    // `- - - # note` is still 3 nested items: only a line with no item before its comment is blank.
    const blank = items === 0 && (i >= text.length || c === 0x0a || c === 0x0d || c === 0x23); /* # */
    if (!blank) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
      if (indents.length + items > limit) return i;
    }
    const newline = text.indexOf('\n', i);
    lineStart = newline < 0 ? text.length : newline + 1;
  }
  return undefined;
}

/**
 * Where yaml's lexer finds lexemes that span lines: scalars (a block scalar's body is one
 * lexeme, from the start of its first line) and runs of blank lines, which count for nothing.
 */
function multiLineScalars(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let offset = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (isControlToken(lexeme)) continue;
    if (lexeme.includes('\n') && lexeme !== '\n' && lexeme !== '\r\n') ranges.push([offset, offset + lexeme.length]);
    offset += lexeme.length;
  }
  return ranges;
}

function yamlFlowNesting(text: string, limit: number): number | undefined {
  if (!hasMoreOpeners(text, limit)) return undefined;
  const nesting = new YamlFlowNesting(limit, text.length);
  for (const lexeme of new Lexer().lex(text)) {
    const deep = nesting.add(lexeme);
    if (deep !== undefined) return deep;
  }
  return undefined;
}

/**
 * Counts flow nesting over yaml's lexemes, one at a time, so that the reader can count while
 * it lexes the text for parsing (compose/yaml-reader.ts) instead of lexing it twice.
 */
export class YamlFlowNesting {
  private depth = 0;
  private offset = 0;

  constructor(
    private readonly limit: number,
    private readonly textLength: number,
  ) {}

  /** The offset where nesting first goes deeper than the limit, at this lexeme; else undefined. */
  add(lexeme: string): number | undefined {
    if (lexeme.length === 1) {
      const c = lexeme.charCodeAt(0);
      if (c === openBracket || c === openBrace) {
        if (++this.depth > this.limit) return Math.min(this.offset, this.textLength);
      } else if ((c === closeBracket || c === closeBrace) && this.depth > 0) {
        this.depth--;
      }
    }
    // Control tokens (document and scalar markers) are not part of the source text.
    if (!isControlToken(lexeme)) this.offset += lexeme.length;
    return undefined;
  }
}

/** A text with no more than `limit` opening brackets cannot nest deeper than `limit`. */
function hasMoreOpeners(text: string, limit: number): boolean {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === openBracket || c === openBrace) && ++count > limit) return true;
  }
  return false;
}

function isControlToken(token: string): boolean {
  const c = token.charCodeAt(0);
  return token.length === 1 && (c === 0x02 || c === 0x18 || c === 0x1f);
}
