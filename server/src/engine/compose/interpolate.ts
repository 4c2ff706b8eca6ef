// Compose variable interpolation (compose-spec "Interpolation"): `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
// `${VAR+alt}`, nested defaults, and `$$` for a literal `$`.
// The shell's environment Compose will see is unknown here: a variable the project's .env sets
// is judged by that value (compose/project.ts passes them), any other as unset: a default is
// what the value will be unless someone sets the variable, and an unset variable with no
// default becomes an empty string, as Compose substitutes it. Each such judgement is kept as a
// note for the message.

import type { Span } from '../types';
import { type MappedString, concatMapped, mappedGap, mappedWhole, sliceMapped, spanIn } from './mapped-string';

/** Variables known to be set when Compose runs: the project's .env. */
export type ComposeVariables = ReadonlyMap<string, string>;

const noVariables: ComposeVariables = new Map();

export interface Interpolated {
  value: MappedString;
  /** Human notes: "${SOCK:-/var/run/docker.sock} judged by its default". */
  notes: string[];
  /** True when a variable without default (or a required one) decided part of the value. */
  unresolved: boolean;
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(source: MappedString, variables: ComposeVariables = noVariables): Interpolated {
  if (!source.text.includes('$')) return { value: source, notes: [], unresolved: false };
  const notes: string[] = [];
  let unresolved = false;
  const parts: MappedString[] = [];
  const text = source.text;
  let literalStart = 0;
  let i = 0;
  const flushLiteral = (to: number) => {
    if (to > literalStart) parts.push(sliceMapped(source, literalStart, to));
  };
  while (i < text.length) {
    if (text[i] !== '$') {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      flushLiteral(i);
      parts.push(sliceMapped(source, i + 1, i + 2));
      i += 2;
      literalStart = i;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 2);
      if (close < 0) {
        i++;
        continue;
      }
      flushLiteral(i);
      const expression = sliceMapped(source, i + 2, close);
      const whole = spanIn(source, i, close + 1);
      const result = substitute(expression, text.slice(i, close + 1), whole, variables);
      parts.push(result.value);
      notes.push(...result.notes);
      unresolved ||= result.unresolved;
      i = close + 1;
      literalStart = i;
      continue;
    }
    const name = namePattern.exec(text.slice(i + 1))?.[0];
    if (!name) {
      i++;
      continue;
    }
    flushLiteral(i);
    const whole = spanIn(source, i, i + 1 + name.length);
    const set = variables.get(name);
    if (set !== undefined) {
      parts.push(fromDotEnv(set, whole));
      notes.push(dotEnvNote(`$${name}`, set));
    } else {
      parts.push(mappedGap(whole));
      notes.push(`$${name} is judged as unset (Compose then substitutes an empty string)`);
      unresolved = true;
    }
    i += 1 + name.length;
    literalStart = i;
  }
  flushLiteral(text.length);
  return { value: concatMapped(parts, source.end), notes, unresolved };
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** A .env value in place of the variable: its characters all map to the `${...}` written. */
function fromDotEnv(value: string, whole: Span): MappedString {
  return value === '' ? mappedGap(whole) : mappedWhole(value, whole);
}

function dotEnvNote(written: string, value: string): string {
  return `${written} is "${value}" as the project's .env sets it (unless the shell sets it otherwise)`;
}

function substitute(expression: MappedString, written: string, whole: Span, variables: ComposeVariables): Interpolated {
  const name = namePattern.exec(expression.text)?.[0] ?? '';
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(expression.text.slice(name.length))?.[0];
  const set = variables.get(name);
  if (set !== undefined) {
    const note = dotEnvNote(written, set);
    const empty = set === '';
    // `:-`/`:?`/`:+` treat an empty value as unset; `-`/`?`/`+` only an unset one.
    if (!operator || operator === '?' || operator === '-' || ((operator === ':?' || operator === ':-') && !empty)) return { value: fromDotEnv(set, whole), notes: [note], unresolved: false };
    if (operator === '+' || (operator === ':+' && !empty)) {
      const inner = interpolate(sliceMapped(expression, name.length + operator.length), variables);
      return { value: inner.value, notes: [note, ...inner.notes], unresolved: inner.unresolved };
    }
    if (operator === ':+') return { value: mappedGap(whole), notes: [note], unresolved: false };
  }
  if (!operator) {
    return { value: mappedGap(whole), notes: [`${written} is judged as unset (Compose then substitutes an empty string)`], unresolved: true };
  }
  const argument = sliceMapped(expression, name.length + operator.length);
  if (operator === ':-' || operator === '-') {
    const inner = interpolate(argument, variables);
    return { value: inner.value, notes: [`judged by the default of ${written}, the value when ${name} is unset`, ...inner.notes], unresolved: inner.unresolved };
  }
  if (operator === ':?' || operator === '?') {
    return { value: mappedGap(whole), notes: [`${written} must be set when Compose runs; its value is not known here`], unresolved: true };
  }
  return { value: mappedGap(whole), notes: [`${written} is empty while ${name} is unset`], unresolved: true };
}
