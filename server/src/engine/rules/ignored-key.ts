import { type CheckedKey, checkedKeys, goParseBool, goPrint, isFlattened, lastMembers } from '../daemon-json/keys';
import { editorFor } from '../surface-edit';
import { keyLabel, targetName } from '../daemon-json/wording';
import { type OptionMeta, daemonOptions, keyStatus, plainVersion } from '../dockerd/options';
import type { DaemonJsonFile } from '../document';
import type { Node } from 'jsonc-parser';
import { mergeEdits } from '../rule-kit/fixes';
import type { Fix, LintEnvironment } from '../types';
import type { FileRule } from './types';

/**
 * Renames that make dockerd apply a value it never applied before, where that value can stop
 * dockerd (a storage or exec option it rejects, a missing authorization plugin) or weaken it
 * (an insecure registry): offered, never preferred. `host` gets no rename at all: `"hosts"`
 * conflicts with the `-H fd://` of the stock systemd unit and would stop dockerd.
 */
const renameNeedsReview = new Set(['insecure-registry', 'authorization-plugin', 'exec-opt', 'storage-opt', 'registry-mirror', 'cdi-spec-dir']);
const neverRename = new Set(['host']);

export const ignoredKey: FileRule<'daemon-json'> = {
  meta: {
    id: 'ignored-key',
    severity: 'warning',
    title: 'daemon.json key that dockerd accepts but never reads',
    summary:
      'Flag names such as "label", "storage-opt" or "host", a top-level "http-proxy", and options that lost their effect pass dockerd\'s key check but are never decoded: the setting silently does nothing.',
    howToFix: 'Use the daemon.json option (the quick-fix renames "label" to "labels" or moves "http-proxy" under "proxies"), or remove the key.',
    preset: 'recommended',
    fixable: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    const keys = checkedKeys(document);
    for (const checked of keys) {
      const status = keyStatus(checked.key, context.env);
      if (status.kind !== 'ignored' || isDangerous(checked, status.meta) || isFieldOfDecodedParent(checked, context.env)) continue;
      context.report({
        span: checked.keySpan,
        message: status.reason === 'flag-name' ? flagNameMessage(checked, status.meta) : noEffectMessage(checked, status.meta, context.env),
        fixes: fixesFor(file, checked, status.meta, context.env, keys),
      });
    }
    for (const member of lastMembers(document)) {
      if (!isFlattened(member) || isDecoded(member.key, context.env)) continue;
      context.report({
        span: member.keySpan,
        message: `dockerd does not read ${JSON.stringify(member.key)}: an object under a key that is not a daemon.json option is dropped, and only its members are checked, as if they were top-level keys (they are not applied either).`,
      });
    }
  },
};

/** The dangerous values are dangerous-boolean-flag-key's to report. */
function isDangerous(checked: CheckedKey, meta: OptionMeta): boolean {
  return meta.dangerousValue !== undefined && goParseBool(goPrint(checked.value)) === meta.dangerousValue.value;
}

/** `"proxies": {"http-proxy": ...}`: the check sees the flag name, the decoder the field. */
function isFieldOfDecodedParent(checked: CheckedKey, env: LintEnvironment): boolean {
  const parent = checked.flattenedFrom;
  if (!parent || !isDecoded(parent.key, env)) return false;
  const meta = daemonOptions.get(parent.key) ?? daemonOptions.get(parent.key.toLowerCase());
  const fields = Object.keys((meta?.valueSchema.properties ?? {}) as object);
  return fields.some((field) => field.toLowerCase() === checked.key.toLowerCase());
}

/**
 * encoding/json matches Config's fields case-insensitively, so `"Proxies": {...}` passes the
 * key check (flattened) and is then decoded into `proxies`.
 */
function isDecoded(key: string, env: LintEnvironment): boolean {
  if (keyStatus(key, env).kind === 'accepted') return true;
  const lower = key.toLowerCase();
  return key !== lower && keyStatus(lower, env).kind === 'accepted';
}

function flagNameMessage(checked: CheckedKey, meta: OptionMeta): string {
  const base = `${keyLabel(checked)} is the name of the dockerd flag --${checked.key}, not a daemon.json option: dockerd accepts the key but never reads its value, so the setting has no effect.`;
  if (meta.replacement?.startsWith('proxies.')) return `${base} Proxy settings belong under "proxies": ${JSON.stringify({ proxies: { [checked.key]: '...' } })}.`;
  if (checked.key === 'containerd-plugins-namespace')
    return `${base} The matching key "containerd-plugin-namespace" is refused by dockerd, so only the --containerd-plugins-namespace flag can set it.`;
  if (neverRename.has(checked.key)) return `${base} The option is "hosts"; beware that "hosts" in daemon.json conflicts with any -H flag, such as the -H fd:// of the stock docker.service.`;
  if (meta.replacement) return `${base} Use ${JSON.stringify(meta.replacement)}.`;
  if (meta.dangerousValue) return `${base} (Only a ${meta.dangerousValue.value} value would matter: ${meta.dangerousValue.effect}.)`;
  return base;
}

function noEffectMessage(checked: CheckedKey, meta: OptionMeta, env: LintEnvironment): string {
  const from = meta.versions.ignoredFrom ? ` from dockerd ${plainVersion(meta.versions.ignoredFrom)} on` : '';
  return `${keyLabel(checked)} has no effect${from} (${meta.versionNote ?? meta.status}): ${targetName(env)} accepts the key and ignores it.${
    meta.versions.rejectedFrom ? ` From dockerd ${plainVersion(meta.versions.rejectedFrom)} on it refuses to start with it.` : ''
  }`;
}

function fixesFor(file: DaemonJsonFile, checked: CheckedKey, meta: OptionMeta, env: LintEnvironment, keys: CheckedKey[]): Fix[] {
  const members = file.daemonJson?.members ?? [];
  const present = (name: string) => members.some((member) => member.key === name) || keys.some((other) => other.key === name);
  const fixes: Fix[] = [];
  const replacement = meta.replacement;
  const valueText = file.text.slice(checked.value.offset, checked.value.offset + checked.value.length);
  const proxies = [...members].reverse().find((member) => member.key === 'proxies');
  if (replacement?.startsWith('proxies.') && !checked.flattenedFrom && !present('proxies') && keyStatus('proxies', env).kind === 'accepted') {
    fixes.push({
      title: `Move ${JSON.stringify(checked.key)} under "proxies"`,
      preferred: true,
      changes: [{ uri: file.uri, edits: [{ ...checked.memberSpan, newText: `"proxies": {${JSON.stringify(checked.key)}: ${valueText}}` }] }],
    });
  } else if (replacement?.startsWith('proxies.') && !checked.flattenedFrom && proxies?.value.type === 'object' && keyStatus('proxies', env).kind === 'accepted') {
    // A second proxy setting joins the "proxies" object the file has: a second "proxies" key would be a duplicate.
    fixes.push(...moveIntoObject(file, checked, proxies.value, valueText));
  } else if (replacement && !replacement.includes('.') && !neverRename.has(checked.key) && !present(replacement) && keyStatus(replacement, env).kind === 'accepted') {
    const renamed = renamedValue(checked, replacement, valueText);
    if (renamed !== undefined) {
      fixes.push({
        title: `Rename to ${JSON.stringify(replacement)}`,
        preferred: renameNeedsReview.has(checked.key) || !valuesDockerdAccepts(checked) ? undefined : true,
        changes: [
          {
            uri: file.uri,
            edits: [
              { ...checked.keySpan, newText: JSON.stringify(replacement) },
              ...(renamed === valueText ? [] : [{ start: checked.value.offset, end: checked.value.offset + checked.value.length, newText: renamed }]),
            ],
          },
        ],
      });
    }
  }
  const index = checked.siblings.findIndex((span) => span.start === checked.memberSpan.start);
  if (index >= 0) {
    fixes.push({
      title: `Remove ${JSON.stringify(checked.key)}`,
      preferred: fixes.length === 0 && (meta.category === 'legacy-key' || meta.dangerousValue !== undefined) ? true : undefined,
      changes: [{ uri: file.uri, edits: [editorFor('daemon-json').removeElement(file.text, checked.siblings, index)] }],
    });
  }
  return fixes;
}

/** Moves a top-level member into the object `target` (after its last member), removing it from the top level. */
function moveIntoObject(file: DaemonJsonFile, checked: CheckedKey, target: Node, valueText: string): Fix[] {
  const index = checked.siblings.findIndex((span) => span.start === checked.memberSpan.start);
  const children = target.children ?? [];
  if (index < 0 || children.some((child) => child.children?.[0]?.value === checked.key)) return [];
  const last = children[children.length - 1];
  const member = `${JSON.stringify(checked.key)}: ${valueText}`;
  const insertion = last ? { start: last.offset + last.length, end: last.offset + last.length, newText: `, ${member}` } : { start: target.offset + 1, end: target.offset + 1, newText: member };
  const edits = mergeEdits([insertion], [editorFor('daemon-json').removeElement(file.text, checked.siblings, index)]);
  return edits ? [{ title: `Move ${JSON.stringify(checked.key)} into "proxies"`, preferred: true, changes: [{ uri: file.uri, edits }] }] : [];
}

/**
 * dockerd refuses labels that are not `key=value` or use a reserved namespace
 * (daemon/pkg/opts/opts.go ValidateLabel): a rename that activates such a label would stop it.
 */
function valuesDockerdAccepts(checked: CheckedKey): boolean {
  if (checked.key !== 'label') return true;
  const items = checked.value.type === 'array' ? (checked.value.children ?? []) : [checked.value];
  return items.every((item) => {
    const label = String(item.value);
    return /^[^=]+=/.test(label) && !/^(com\.docker\.|io\.docker\.|org\.dockerproject\.)/.test(label);
  });
}

/** The value as the target option takes it: a list of strings stays as written; one string is wrapped in a list. */
function renamedValue(checked: CheckedKey, target: string, valueText: string): string | undefined {
  const targetSchema = daemonOptions.get(target)?.valueSchema as { type?: string; items?: { type?: string } } | undefined;
  if (targetSchema?.type !== 'array' || targetSchema.items?.type !== 'string') return undefined;
  const value = checked.value;
  if (value.type === 'string') return `[${valueText}]`;
  if (value.type === 'array' && (value.children ?? []).every((item) => item.type === 'string')) return valueText;
  return undefined;
}
