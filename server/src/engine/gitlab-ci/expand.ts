// GitLab's variable expansion in a job's values (service names, image names, variables that
// name others, e.g. DOCKER_CERT_PATH "$DOCKER_TLS_CERTDIR/client" or a service
// `name: $CODE_QUALITY_DIND_IMAGE`): `$NAME` and `${NAME}` take the job's variable, `$$` is a
// `$`. A name the file does not set (GitLab's predefined CI_* variables, project and runner
// variables) is judged empty, and the value says so. No `${NAME:-default}` forms: GitLab has none.
// Characters keep their source spans (mapped-string.ts); one pass over the value.

import type { Span } from '../types';
import { type MappedString, concatMapped, mappedGap, mappedWhole, sliceMapped, spanIn } from '../compose/mapped-string';

export interface Expanded {
  value: MappedString;
  notes: string[];
  unresolved: boolean;
}

const name = /[A-Za-z_][A-Za-z0-9_]*/y;

function nameAt(text: string, at: number): string | undefined {
  name.lastIndex = at;
  return name.exec(text)?.[0];
}

export function expandVariables(source: MappedString, lookup: (name: string) => string | undefined): Expanded {
  const text = source.text;
  if (!text.includes('$')) return { value: source, notes: [], unresolved: false };
  const parts: MappedString[] = [];
  const notes: string[] = [];
  let unresolved = false;
  let literalStart = 0;
  let i = 0;
  const substitute = (variable: string, whole: Span) => {
    const value = lookup(variable);
    if (value !== undefined) {
      parts.push(mappedWhole(value, whole));
      notes.push(`$${variable} is the job's variable ${variable}`);
    } else {
      parts.push(mappedGap(whole));
      notes.push(`$${variable} is not set in the pipeline file (a predefined, project or runner variable), judged as empty`);
      unresolved = true;
    }
  };
  while (i < text.length) {
    if (text[i] !== '$') {
      i++;
      continue;
    }
    if (text[i + 1] === '$') {
      // `$$` is one literal `$`.
      if (i > literalStart) parts.push(sliceMapped(source, literalStart, i));
      parts.push(sliceMapped(source, i, i + 1));
      i += 2;
      literalStart = i;
      continue;
    }
    const braced = text[i + 1] === '{';
    const variable = nameAt(text, braced ? i + 2 : i + 1);
    const end = variable === undefined ? -1 : braced ? i + 2 + variable.length : i + 1 + variable.length;
    if (variable === undefined || (braced && text[end] !== '}')) {
      i++;
      continue;
    }
    if (i > literalStart) parts.push(sliceMapped(source, literalStart, i));
    const after = braced ? end + 1 : end;
    substitute(variable, spanIn(source, i, after));
    i = after;
    literalStart = i;
  }
  if (text.length > literalStart) parts.push(sliceMapped(source, literalStart, text.length));
  return { value: concatMapped(parts, source.end), notes, unresolved };
}
