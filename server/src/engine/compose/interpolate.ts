// Compose variable interpolation (compose-spec "Interpolation"): `$VAR`, `${VAR}`,
// `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`,
// `${VAR+alt}`, nested defaults, and `$$` for a literal `$`.
// A variable the project's `.env` sets takes its value from there (dotenv.ts), with a note
// naming the line. Any other variable is unknown here, so it is judged as unset: a default is
// what the value will be unless someone sets the variable, and an unset variable with no
// default becomes an empty string, as Compose substitutes it. Each such judgement is kept as a
// note for the message.

import type { Span } from '../types';
import type { ProjectEnvironment, ProjectVariable } from './dotenv';
import { type MappedString, concatMapped, mappedGap, mappedWhole, sliceMapped, spanIn } from './mapped-string';

export interface Interpolated {
  value: MappedString;
  /** Human notes: "${SOCK:-/var/run/docker.sock} judged by its default". */
  notes: string[];
  /** True when a variable without default (or a required one) decided part of the value. */
  unresolved: boolean;
}

const namePattern = /^[A-Za-z_][A-Za-z0-9_]*/;

export function interpolate(source: MappedString, env?: ProjectEnvironment): Interpolated {
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
      const result = substitute(expression, text.slice(i, close + 1), whole, env);
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
    const set = env?.variables.get(name);
    if (set) {
      parts.push(mappedWhole(set.value, whole));
      notes.push(fromDotenv(`$${name}`, set));
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

/** The note for a value taken from .env: where it is set, never the value (it may be a secret). */
function fromDotenv(written: string, set: ProjectVariable): string {
  return `${written} is taken from .env (line ${set.line + 1})`;
}

function substitute(expression: MappedString, written: string, whole: Span, env: ProjectEnvironment | undefined): Interpolated {
  const name = namePattern.exec(expression.text)?.[0] ?? '';
  const operator = /^(:-|-|:\?|\?|:\+|\+)/.exec(expression.text.slice(name.length))?.[0];
  const set = env?.variables.get(name);
  // Set in .env: `:-`/`:+` also ask for a value that is not empty.
  if (set && !(set.value === '' && (operator === ':-' || operator === ':+'))) {
    if (operator === ':+' || operator === '+') {
      const inner = interpolate(sliceMapped(expression, name.length + operator.length), env);
      return { value: inner.value, notes: [`${written} gives its alternative: ${name} is set in .env (line ${set.line + 1})`, ...inner.notes], unresolved: inner.unresolved };
    }
    return { value: mappedWhole(set.value, whole), notes: [fromDotenv(written, set)], unresolved: false };
  }
  if (!operator) {
    return { value: mappedGap(whole), notes: [`${written} is judged as unset (Compose then substitutes an empty string)`], unresolved: true };
  }
  const argument = sliceMapped(expression, name.length + operator.length);
  if (operator === ':-' || operator === '-') {
    const inner = interpolate(argument, env);
    return { value: inner.value, notes: [`judged by the default of ${written}, the value when ${name} is unset`, ...inner.notes], unresolved: inner.unresolved };
  }
  if (operator === ':?' || operator === '?') {
    return { value: mappedGap(whole), notes: [`${written} must be set when Compose runs; its value is not known here`], unresolved: true };
  }
  return { value: mappedGap(whole), notes: [`${written} is empty while ${name} is unset`], unresolved: true };
}
