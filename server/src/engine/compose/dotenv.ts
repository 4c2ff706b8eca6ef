// A Compose project's `.env` file, read as `docker compose` reads it before interpolating the
// Compose files of the project (the file next to them): `NAME=value` lines, `export NAME=...`,
// `#` comments (also after an unquoted value), single quotes literal, double quotes with
// `\n`, `\"` and `\\`, unquoted values trimmed. One pass over the text.

import type { Span } from '../types';

export interface ProjectVariable {
  value: string;
  /** 0-based line of the assignment in the .env file. */
  line: number;
  /** The value as written (its quotes included). */
  span: Span;
}

export interface ProjectEnvironment {
  /** The .env file. */
  uri: string;
  variables: Map<string, ProjectVariable>;
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function parseDotenv(uri: string, text: string): ProjectEnvironment {
  const variables = new Map<string, ProjectVariable>();
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const assignment = readAssignment(text, start, end > start && text[end - 1] === '\r' ? end - 1 : end);
    if (assignment) variables.set(assignment.name, { value: assignment.value, line, span: assignment.span });
    if (newline < 0) break;
    start = newline + 1;
  }
  return { uri, variables };
}

function readAssignment(text: string, start: number, end: number): { name: string; value: string; span: Span } | undefined {
  let at = skipBlanks(text, start, end);
  if (at >= end || text[at] === '#') return undefined;
  if (text.startsWith('export', at) && (text[at + 6] === ' ' || text[at + 6] === '\t')) at = skipBlanks(text, at + 6, end);
  const equals = text.indexOf('=', at);
  if (equals < 0 || equals >= end) return undefined;
  const name = text.slice(at, equals).trim();
  if (!namePattern.test(name)) return undefined;
  const valueStart = skipBlanks(text, equals + 1, end);
  const quote = text[valueStart];
  if (quote === "'" || quote === '"') {
    const close = closingQuote(text, valueStart + 1, end, quote);
    if (close >= 0) {
      const inner = text.slice(valueStart + 1, close);
      const value = quote === "'" ? inner : inner.replace(/\\([n"\\])/g, (_all, c: string) => (c === 'n' ? '\n' : c));
      return { name, value, span: { start: valueStart, end: close + 1 } };
    }
  }
  let valueEnd = end;
  for (let i = valueStart; i < end; i++) {
    if (text[i] === '#' && i > valueStart && (text[i - 1] === ' ' || text[i - 1] === '\t')) {
      valueEnd = i;
      break;
    }
  }
  while (valueEnd > valueStart && (text[valueEnd - 1] === ' ' || text[valueEnd - 1] === '\t')) valueEnd--;
  return { name, value: text.slice(valueStart, valueEnd), span: { start: valueStart, end: valueEnd } };
}

function skipBlanks(text: string, at: number, end: number): number {
  while (at < end && (text[at] === ' ' || text[at] === '\t')) at++;
  return at;
}

function closingQuote(text: string, from: number, end: number, quote: string): number {
  for (let i = from; i < end; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}
