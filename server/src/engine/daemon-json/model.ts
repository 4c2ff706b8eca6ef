// The model of a daemon.json that rules read: its top-level members in file order (duplicates
// included, each with its spans) and its syntax errors. reader.ts reads text into it; edit.ts
// edits it.

import type { Node, ParseErrorCode } from 'jsonc-parser';
import type { Span } from '../types';

export interface JsonMember {
  key: string;
  keySpan: Span;
  /** The value node (jsonc-parser), with offset/length into the text. */
  value: Node;
  valueSpan: Span;
  /** The whole `"key": value` member. */
  memberSpan: Span;
}

export interface JsonSyntaxError {
  span: Span;
  code: ParseErrorCode;
  /** jsonc-parser's error name, e.g. `InvalidCommentToken`. */
  name: string;
}

export interface DaemonJsonDocument {
  root: Node | undefined;
  syntaxErrors: JsonSyntaxError[];
  /** Top-level members in file order, duplicates included. */
  members: JsonMember[];
  hasBom: boolean;
}

export function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}
