import { type Node, ParseErrorCode } from 'jsonc-parser';
import type { JsonSyntaxError } from '../daemon-json/model';
import { compareVersions } from '../dockerd/options';
import type { Fix, LintEnvironment } from '../types';
import type { FileRule } from './types';

const explanations: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in daemon.json',
  [ParseErrorCode.PropertyNameExpected]: 'a property name is expected here (a trailing comma?)',
  [ParseErrorCode.ValueExpected]: 'a value is expected here (a trailing comma?)',
  [ParseErrorCode.InvalidSymbol]: 'invalid character (single quotes, or text outside a string?)',
  [ParseErrorCode.CommaExpected]: 'a comma is expected here',
  [ParseErrorCode.ColonExpected]: 'a colon is expected here',
  [ParseErrorCode.CloseBraceExpected]: 'a closing } is expected here',
  [ParseErrorCode.CloseBracketExpected]: 'a closing ] is expected here',
  [ParseErrorCode.EndOfFileExpected]: 'text after the end of the JSON object',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string',
  [ParseErrorCode.InvalidEscapeCharacter]: 'invalid escape in a string',
  [ParseErrorCode.InvalidCharacter]: 'invalid control character in a string',
};

const refusal = 'dockerd refuses to start ("invalid character ... looking for beginning of object key string" and similar)';

export const jsonSyntax: FileRule<'daemon-json'> = {
  meta: {
    id: 'json-syntax',
    severity: 'error',
    title: 'daemon.json is not strict JSON',
    summary: "dockerd decodes daemon.json with Go's strict JSON decoder: a comment, a trailing comma or single quotes stop it from starting.",
    howToFix: 'Remove comments and trailing commas, use double quotes, and keep one JSON object at the top level.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    about: 'syntax',
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    const before23 = !from23(context.env);
    if (file.invalidUtf8Offset !== undefined && !(before23 && insideString(document.root, file.invalidUtf8Offset))) {
      // From 23.0 dockerd validates the whole file first; older ones only fail where the bad
      // byte breaks the JSON syntax (Go replaces invalid bytes inside strings by U+FFFD).
      const at = file.invalidUtf8Offset;
      context.report({
        span: { start: at, end: at + 1 },
        message: `daemon.json is not valid UTF-8 here: dockerd refuses to start (${before23 ? '"invalid character ..."' : '"failed to decode configuration JSON at offset N"'}).`,
      });
    }
    if (before23 && document.hasBom) {
      context.report({
        span: { start: 0, end: 1 },
        message: `daemon.json starts with a byte-order mark: dockerd before 23.0 (the target is ${context.env.engineVersion}) refuses to start ("invalid character 'ï' looking for beginning of value").`,
        fixes: [{ title: 'Remove the byte-order mark', preferred: true, changes: [{ uri: file.uri, edits: [{ start: 0, end: 1, newText: '' }] }] }],
      });
    }
    if (before23 && file.text.replace(/^\ufeff/, '').trim() === '') {
      context.report({
        span: { start: 0, end: file.text.length },
        message: `daemon.json is empty: dockerd before 23.0 (the target is ${context.env.engineVersion}) refuses to start ("EOF"); from 23.0 an empty file is an empty configuration.`,
        fixes: [{ title: 'Write an empty object', preferred: true, changes: [{ uri: file.uri, edits: [{ start: file.text.length, end: file.text.length, newText: '{}' }] }] }],
      });
    }
    // Every comment is its own mistake; other errors cascade from the first, so only it is shown.
    // dockerd before 23.0 read only the first JSON value (json.Decoder): text after it was never looked at.
    const rootEnd = document.root ? document.root.offset + document.root.length : Infinity;
    const seen = document.syntaxErrors.filter((error) => !(before23 && error.span.start >= rootEnd));
    const comments = seen.filter((error) => error.code === ParseErrorCode.InvalidCommentToken);
    const firstOther = seen.find((error) => error.code !== ParseErrorCode.InvalidCommentToken);
    for (const error of firstOther ? [...comments, firstOther] : comments) {
      const what = explanations[error.code] ?? error.name;
      context.report({ span: widen(error, file.text), message: `${capitalize(what)}: ${refusal}.`, fixes: fixesFor(error, file.text, file.uri) });
    }
    const root = document.root;
    if (root && root.type !== 'object' && !(root.type === 'null')) {
      context.report({
        span: { start: root.offset, end: root.offset + root.length },
        message: `daemon.json must hold one JSON object at the top level, not ${root.type === 'array' ? 'an array' : `a ${root.type}`}: dockerd refuses to start ("json: cannot unmarshal ${root.type === 'boolean' ? 'bool' : root.type} into Go value of type map[string]interface {}").`,
      });
    }
  },
};

/** BOM handling, UTF-16 and empty files arrived in dockerd 23.0 (moby#44770, moby#44790). */
function from23(env: LintEnvironment): boolean {
  return compareVersions(env.engineVersion, '23.0') >= 0;
}

function insideString(node: Node | undefined, offset: number): boolean {
  if (!node || offset < node.offset || offset >= node.offset + node.length) return false;
  if (node.type === 'string') return true;
  return (node.children ?? []).some((child) => insideString(child, offset));
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Zero-length errors (a missing value) are widened to one character so they can be seen. */
function widen(error: JsonSyntaxError, text: string) {
  if (error.span.end > error.span.start) return error.span;
  const start = Math.min(error.span.start, Math.max(0, text.length - 1));
  return { start, end: Math.min(text.length, start + 1) };
}

function fixesFor(error: JsonSyntaxError, text: string, uri: string): Fix[] {
  if (error.code === ParseErrorCode.InvalidCommentToken) {
    return [{ title: 'Remove the comment', preferred: true, changes: [{ uri, edits: [removalOfComment(error, text)] }] }];
  }
  if (error.code === ParseErrorCode.PropertyNameExpected || error.code === ParseErrorCode.ValueExpected) {
    const comma = trailingCommaBefore(text, error.span.start);
    // Only a comma right before the closing } or ] is trailing; before other text, removing it fixes nothing.
    const closes = text[error.span.start] === '}' || text[error.span.start] === ']';
    if (comma !== undefined && closes) return [{ title: 'Remove the trailing comma', preferred: true, changes: [{ uri, edits: [{ start: comma, end: comma + 1, newText: '' }] }] }];
  }
  return [];
}

/** A comment alone on its line goes with its line; otherwise only the comment goes. */
function removalOfComment(error: JsonSyntaxError, text: string) {
  const lineStart = text.lastIndexOf('\n', error.span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', error.span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, error.span.start);
  const after = text.slice(error.span.end, lineEnd);
  if (before.trim() === '' && after.trim() === '') {
    return { start: lineStart, end: Math.min(text.length, lineEnd + 1), newText: '' };
  }
  let start = error.span.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end: error.span.end, newText: '' };
}

/** The comma that precedes `offset` with only whitespace and comments between. */
function trailingCommaBefore(text: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return text[i] === ',' ? i : undefined;
}
