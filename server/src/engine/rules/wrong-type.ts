import { type JsonMember, spanOf } from '../daemon-json/model';
import { type ValueSchema, checkValue } from '../daemon-json/value-check';
import { targetName } from '../daemon-json/wording';
import { type OptionMeta, keyStatus } from '../dockerd/options';
import type { LintEnvironment } from '../types';
import type { FileRule } from './types';

export const wrongType: FileRule<'daemon-json'> = {
  meta: {
    id: 'wrong-type',
    severity: 'error',
    title: 'daemon.json value of the wrong type or an invalid value',
    summary:
      'dockerd decodes daemon.json into a typed Go struct and validates some values: a string where a boolean belongs, a fraction where an integer belongs, a number for "default-shm-size" or an unknown "log-level" stops it from starting.',
    howToFix:
      'Write the value with the JSON type the option takes (true/false without quotes, whole numbers, quoted sizes) and one of its allowed values; the quick-fix unquotes "true", "false" and whole numbers.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    // The second decoding pass reads every occurrence of a key, duplicates included, in order.
    for (const member of document.members) {
      const meta = decodedField(member, context.env);
      if (!meta) continue;
      const field = meta.key;
      const renamed = field === member.key ? '' : ` (Go matches ${JSON.stringify(member.key)} to the field "${field}" ignoring case)`;
      for (const problem of checkValue(member.value, meta.valueSchema as ValueSchema, file.text, `Config.${field}`)) {
        const unquoted = problem.span.start === member.value.offset ? unquotedValue(member, meta.valueSchema as ValueSchema) : undefined;
        context.report({
          span: problem.span,
          message: `The value of ${JSON.stringify(member.key)}${renamed} ${problem.problem}: dockerd refuses to start ("${problem.dockerdSays}").`,
          fixes: unquoted ? [{ title: `Write ${unquoted} without quotes`, preferred: true, changes: [{ uri: file.uri, edits: [{ ...spanOf(member.value), newText: unquoted }] }] }] : [],
        });
      }
      const allowed = meta.allowedValues;
      if (allowed && member.value.type === 'string') {
        const value = String(member.value.value);
        const ok = allowed.values.some((candidate) => (allowed.ignoreCase ? candidate.toLowerCase() === value.toLowerCase() : candidate === value));
        if (!ok) {
          context.report({
            span: spanOf(member.value),
            message: `${JSON.stringify(value)} is not a valid ${JSON.stringify(field)}: ${targetName(context.env)} accepts ${allowed.values
              .filter((candidate) => candidate !== '')
              .map((candidate) => JSON.stringify(candidate))
              .join(', ')}${allowed.ignoreCase ? ' (in any letter case)' : ''} and refuses to start ("${allowed.error.replace('{value}', value)}").`,
          });
        }
      }
    }
  },
};

/** `"true"` where a boolean belongs, `"42"` where an integer does: the literal the user meant, unquoted. */
function unquotedValue(member: JsonMember, schema: ValueSchema): string | undefined {
  if (member.value.type !== 'string') return undefined;
  const value = String(member.value.value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value;
  if (schema.type === 'integer' && /^-?(0|[1-9][0-9]{0,14})$/.test(value)) return value;
  return undefined;
}

/**
 * The Config field a top-level key is decoded into, if any: the key itself when dockerd of
 * `env` accepts it, else (encoding/json being case-insensitive) an accepted key that equals it
 * ignoring case; such a key only passes the key check when its value is an object, which the
 * check flattens away. Keys dockerd refuses never get this far; flag names are never decoded.
 */
function decodedField(member: JsonMember, env: LintEnvironment): OptionMeta | undefined {
  const key = member.key;
  const exact = keyStatus(key, env);
  if (exact.kind === 'accepted') return exact.meta;
  if (exact.kind === 'rejected' && exact.reason !== 'unknown') return undefined;
  if (exact.kind === 'ignored') return undefined;
  const lower = keyStatus(key.toLowerCase(), env);
  return member.value.type === 'object' && key !== key.toLowerCase() && lower.kind === 'accepted' ? lower.meta : undefined;
}
