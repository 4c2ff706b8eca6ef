import { type CheckedKey, checkedKeys } from '../daemon-json/keys';
import { mergeEdits, unionValues } from '../rule-kit/fixes';
import { editorFor } from '../surface-edit';
import { closestKey } from '../daemon-json/suggest';
import { keyLabel, targetName, unknownKeyRefusal } from '../daemon-json/wording';
import { type KeyStatus, acceptedKeys, keyStatus, plainVersion } from '../dockerd/options';
import type { Node } from 'jsonc-parser';
import type { DaemonJsonFile } from '../document';
import type { JsonValue } from '../settings';
import type { Fix, LintEnvironment } from '../types';
import type { FileRule } from './types';

export const unknownKey: FileRule<'daemon-json'> = {
  meta: {
    id: 'unknown-key',
    severity: 'error',
    title: 'daemon.json key that dockerd does not know',
    summary: 'dockerd compares every daemon.json key, exactly and case-sensitively, with its flag names and refuses to start on any other key, including keys of newer or older engine versions.',
    howToFix: 'Correct the spelling (the quick-fix renames a key with one close match), or remove keys the target engine version does not have.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    const keys = checkedKeys(document);
    for (const checked of keys) {
      const status = keyStatus(checked.key, context.env);
      if (status.kind !== 'rejected' || status.reason === 'platform') continue;
      context.report({
        span: checked.keySpan,
        message: messageFor(checked, status, context.env),
        fixes: fixesFor(file, checked, status, context.env, keys),
      });
    }
  },
};

function messageFor(checked: CheckedKey, status: Extract<KeyStatus, { kind: 'rejected' }>, env: LintEnvironment): string {
  const label = keyLabel(checked);
  const refusal = unknownKeyRefusal(checked.key);
  const meta = status.meta;
  switch (status.reason) {
    case 'not-yet':
      return `${label} exists from dockerd ${plainVersion(meta?.versions.added ?? '')} on; the target engine is ${targetName(env)}, which does not know it: ${refusal}.`;
    case 'removed': {
      const replacement = meta?.replacement ? ` Use ${JSON.stringify(meta.replacement)} instead.` : '';
      const from = meta?.versions.rejectedFrom ? ` from dockerd ${plainVersion(meta.versions.rejectedFrom)} on` : '';
      const deprecated = meta?.versions.deprecated ? ` (deprecated since ${plainVersion(meta.versions.deprecated)})` : '';
      return `${label} is no longer usable${from}${deprecated}: ${targetName(env)} refuses to start with it.${replacement}`;
    }
    case 'no-flag':
      return `${label} names a field of dockerd's configuration, but no dockerd flag has this name, so the key check refuses it: ${refusal}. This setting cannot be made in daemon.json.${
        checked.key === 'containerd-plugin-namespace' ? ' Use the --containerd-plugins-namespace flag (the key "containerd-plugins-namespace" is accepted but ignored).' : ''
      }`;
    default: {
      const suggestion = suggestionFor(checked, env);
      return `${label} is not a dockerd option (keys are compared exactly, case-sensitively): ${refusal}.${suggestion ? ` Did you mean ${JSON.stringify(suggestion)}?` : ''}`;
    }
  }
}

/** Inside "proxies" the candidates are its fields; elsewhere every key dockerd of `env` decodes. */
function suggestionFor(checked: CheckedKey, env: LintEnvironment): string | undefined {
  const proxies = checked.flattenedFrom?.key === 'proxies' ? keyStatus('proxies', env) : undefined;
  const proxyFields = proxies?.kind === 'accepted' ? Object.keys((proxies.meta.valueSchema.properties ?? {}) as object) : [];
  return closestKey(checked.key, proxyFields.length > 0 ? proxyFields : acceptedKeys(env));
}

/**
 * The misspelt key of a list option the file already sets (`"hostz"` beside `"hosts"`): its
 * values join the list (for "hosts", fd:// counts as served by docker.socket's unix socket)
 * and the misspelt key goes, so no value the user wrote is lost and no key is set twice.
 */
function mergeIntoTaken(file: DaemonJsonFile, checked: CheckedKey, target: string): Fix[] {
  const members = file.daemonJson?.members ?? [];
  const held = [...members].reverse().find((member) => member.key === target);
  const index = checked.siblings.findIndex((span) => span.start === checked.memberSpan.start);
  const current = held && scalarList(held.value);
  const added = scalarList(checked.value);
  if (!held || index < 0 || !Array.isArray(current) || !Array.isArray(added)) return [];
  const union = unionValues(target, current, added);
  const removal = editorFor('daemon-json').removeElement(file.text, checked.siblings, index);
  const edits = union.length === current.length ? [removal] : mergeEdits([{ ...held.valueSpan, newText: JSON.stringify(union) }], [removal]);
  if (!edits) return [];
  const title =
    union.length === current.length
      ? `Remove ${JSON.stringify(checked.key)} (${JSON.stringify(target)} already has its values)`
      : `Move the values of ${JSON.stringify(checked.key)} into ${JSON.stringify(target)}`;
  return [{ title, preferred: true, changes: [{ uri: file.uri, edits }] }];
}

/** A JSON array of strings, numbers or booleans, as values; undefined for anything else. */
function scalarList(node: Node): JsonValue[] | undefined {
  if (node.type !== 'array') return undefined;
  const items = node.children ?? [];
  return items.every((item) => ['string', 'number', 'boolean'].includes(item.type)) ? items.map((item) => item.value as JsonValue) : undefined;
}

function fixesFor(file: DaemonJsonFile, checked: CheckedKey, status: Extract<KeyStatus, { kind: 'rejected' }>, env: LintEnvironment, keys: CheckedKey[]): Fix[] {
  const fixes: Fix[] = [];
  const target = status.reason === 'unknown' ? suggestionFor(checked, env) : status.reason === 'removed' ? status.meta?.replacement : undefined;
  // Renaming onto a key the file already has would make a duplicate whose value dockerd
  // picks by position: not a safe change.
  const taken = (name: string) => keys.some((other) => other.key === name) || file.daemonJson?.members.some((member) => member.key === name);
  const renameable = checked.flattenedFrom?.key === 'proxies' ? status.reason === 'unknown' : keyStatus(target ?? '', env).kind === 'accepted';
  if (target && !target.includes('.') && !taken(target) && renameable) {
    fixes.push({ title: `Rename to ${JSON.stringify(target)}`, preferred: true, changes: [{ uri: file.uri, edits: [{ ...checked.keySpan, newText: JSON.stringify(target) }] }] });
  } else if (target && taken(target) && renameable && !checked.flattenedFrom) {
    fixes.push(...mergeIntoTaken(file, checked, target));
  }
  if (status.reason !== 'unknown' || fixes.length === 0) {
    const index = checked.siblings.findIndex((span) => span.start === checked.memberSpan.start);
    if (index >= 0) {
      fixes.push({
        title: `Remove ${JSON.stringify(checked.key)}`,
        preferred: fixes.length === 0 && status.reason === 'removed' ? true : undefined,
        changes: [{ uri: file.uri, edits: [editorFor('daemon-json').removeElement(file.text, checked.siblings, index)] }],
      });
    }
  }
  return fixes;
}
