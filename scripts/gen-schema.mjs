// Generates schemas/daemon.schema.json from the reference table of dockerd options
// (schemas/reference/dockerd-options.tsv, read from dockerd's source; see its README).
// The schema is the one source of truth for daemon.json keys, their types, platforms,
// versions and flags: the engine validates with it (server/src/engine/dockerd/options.ts)
// and the extension contributes a constraint-free copy of it
// (schemas/daemon.editor.schema.json) for completion and hover.
//
//   node scripts/gen-schema.mjs [path/to/dockerd-options.tsv]

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsvPath = process.argv[2] ?? join(root, 'schemas', 'reference', 'dockerd-options.tsv');

// Shapes the table describes in prose, written out as JSON Schema. `properties` marks a Go
// struct (field names matched case-insensitively, unknown fields ignored unless
// additionalProperties is false); `additionalProperties` alone marks a Go map (keys are data).
// `x-go-type` is the Go type dockerd decodes into, for messages worded like dockerd's.
const str = { type: 'string' };
const bool = { type: 'boolean' };
const int64 = { type: 'integer', 'x-go-type': 'int64' };
const stringList = { type: 'array', items: str };
const stringMap = { type: 'object', additionalProperties: str, 'x-go-type': 'map[string]string' };
const gcRule = {
  type: 'object',
  'x-go-type': 'config.BuilderGCRule',
  properties: {
    all: bool,
    // BuilderGCFilter decodes a list of "key=value" strings, or the legacy object form.
    filter: { type: ['array', 'object'], items: str, 'x-go-type': 'config.BuilderGCFilter' },
    reservedSpace: str,
    maxUsedSpace: str,
    minFreeSpace: str,
    keepStorage: { ...str, deprecated: true, description: 'Deprecated: use reservedSpace.' },
  },
};
const nestedShapes = {
  'log-opts': stringMap,
  'cluster-store-opts': stringMap,
  features: { type: 'object', additionalProperties: bool, 'x-go-type': 'map[string]bool' },
  'default-network-opts': { type: 'object', additionalProperties: stringMap, 'x-go-type': 'map[string]map[string]string' },
  'default-ulimits': {
    type: 'object',
    'x-go-type': 'map[string]*units.Ulimit',
    additionalProperties: { type: 'object', 'x-go-type': 'units.Ulimit', properties: { Name: str, Hard: int64, Soft: int64 } },
  },
  runtimes: {
    type: 'object',
    'x-go-type': 'map[string]system.Runtime',
    additionalProperties: {
      type: 'object',
      'x-go-type': 'system.Runtime',
      properties: {
        path: str,
        runtimeArgs: stringList,
        runtimeType: str,
        options: { type: 'object', 'x-go-type': 'map[string]interface {}' },
      },
    },
  },
  'default-address-pools': {
    type: 'array',
    items: { type: 'object', 'x-go-type': 'ipamutils.NetworkToSplit', properties: { base: str, size: { type: 'integer' } } },
  },
  proxies: {
    type: 'object',
    'x-go-type': 'config.Proxies',
    properties: { 'http-proxy': str, 'https-proxy': str, 'no-proxy': str },
  },
  'nri-opts': {
    type: 'object',
    'x-go-type': 'opts.NRIOpts',
    properties: { enable: bool, 'plugin-path': str, 'plugin-config-path': str, 'socket-path': str },
    additionalProperties: false,
  },
  builder: {
    type: 'object',
    'x-go-type': 'config.BuilderConfig',
    properties: {
      gc: {
        type: 'object',
        'x-go-type': 'config.BuilderGCConfig',
        properties: {
          enabled: bool,
          policy: { type: 'array', items: gcRule },
          defaultReservedSpace: str,
          defaultMaxUsedSpace: str,
          defaultMinFreeSpace: str,
          defaultKeepStorage: { ...str, deprecated: true, description: 'Deprecated: use defaultReservedSpace.' },
        },
      },
      entitlements: {
        type: 'object',
        'x-go-type': 'config.BuilderEntitlements',
        properties: { 'network-host': bool, 'security-insecure': bool, device: bool },
      },
      history: {
        type: 'object',
        'x-go-type': 'config.BuilderHistoryConfig',
        properties: { maxAge: { type: 'string', description: 'A Go duration ("48h") or a number of seconds.' }, maxEntries: int64 },
      },
    },
  },
  // A JSON number is refused: opts.MemBytes decodes only a quoted size ("64M").
  'default-shm-size': { type: 'string', 'x-go-type': 'opts.MemBytes' },
};

// Values dockerd's config.Validate checks; any other value stops dockerd. "" is the zero
// value, which the merge with flag defaults replaces, so it is accepted as well.
const allowedValues = {
  'log-level': { values: ['', 'panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'], ignoreCase: true, error: 'invalid logging level: {value}' },
  'log-format': { values: ['', 'text', 'json'], error: 'invalid log format: {value}' },
  'default-ipc-mode': { values: ['', 'private', 'shareable'], error: 'IPC mode "{value}" is not supported as default value; use "shareable" or "private"' },
  'default-cgroupns-mode': { values: ['', 'host', 'private'], error: 'invalid default cgroup namespace ({value}): use "host" or "private"' },
  'firewall-backend': { values: ['', 'iptables', 'nftables'], error: 'invalid firewall-backend: allowed values are "iptables" and "nftables"' },
};

// Version facts the table leaves out (its empty cell means "before v23.0"), measured with
// dockerd 20.10.24 (test/oracle/dockerd-daemon-json.test.ts) or read from moby's history.
const versionFacts = {
  validate: { added: 'v23.0' }, // moby#42393
  feature: { added: 'v27.3' }, // moby#48167, backported to 27.x as moby#48487
  'api-cors-header': { ignoredFrom: 'v27.0' },
  'allow-nondistributable-artifacts': { ignoredFrom: 'v28.0' },
  // 20.10 still accepts the key, but its key-value store backends are gone: dockerd 20.10.24
  // stops with "Backend storage not supported yet" (measured by the dockerd oracle).
  'cluster-store': { rejectedFrom: 'v20.10' },
};

// The key a value belongs under when the user wrote a name dockerd does not decode.
const replacements = {
  graph: 'data-root',
  'host-gateway-ip': 'host-gateway-ips',
  'http-proxy': 'proxies.http-proxy',
  'https-proxy': 'proxies.https-proxy',
  'no-proxy': 'proxies.no-proxy',
};

// Flag-only booleans: a value of the key is applied to the flag (config.go:575-598) although
// it is never decoded, and one of the two values changes what dockerd does.
const dangerousValues = {
  validate: { value: true, effect: 'dockerd only validates the configuration, prints "configuration OK" and exits' },
  restart: { value: false, effect: 'containers with a restart policy are not restarted when dockerd starts' },
  'register-service': { value: true, effect: 'dockerd registers itself as a Windows service and exits' },
  'unregister-service': { value: true, effect: 'dockerd removes its Windows service and exits' },
  'run-service': { value: true, effect: 'dockerd runs in Windows service mode' },
};

function typeSchema(row) {
  if (nestedShapes[row.key]) return nestedShapes[row.key];
  switch (row.json_type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'integer':
      return { type: 'integer', ...(/uint32/.test(row.shape_or_values) ? { 'x-go-type': 'uint32' } : /int64/.test(row.shape_or_values) ? { 'x-go-type': 'int64' } : {}) };
    case 'array of string':
      return stringList;
    default:
      return {}; // flag-name aliases: dockerd accepts any value and never decodes it
  }
}

/** "--host / -H", "--storage-driver / -s [linux only]", "--http-proxy; --https-proxy" */
function parseFlags(text) {
  if (!text.startsWith('--')) return [];
  return text.split(/;\s*(?=--)/).map((part) => {
    const long = /--([a-z0-9-]+)/.exec(part)[1];
    const short = /\/ -([A-Za-z])\b/.exec(part)?.[1];
    return short ? { long, short } : { long };
  });
}

/**
 * added: first version that accepts the key; deprecated; rejectedFrom: first version that
 * refuses to start with it; removed: the version the docs give for its removal;
 * ignoredFrom: first version that accepts it without effect.
 */
function parseVersions(row) {
  const text = row.versions;
  const result = {};
  const added = /added (v[\d.]+)/.exec(text);
  if (added && row.status !== 'unusable (rejected by loader)') result.added = added[1];
  const deprecated = /deprecated (v[\d.]+)/.exec(text);
  if (deprecated) result.deprecated = deprecated[1];
  const errorFrom = /(v[\d.]+) setting it is an error/.exec(text);
  const removed = /removed[^;]*?\(?(v[\d.]+)/.exec(text);
  if (removed) result.removed = removed[1];
  if (errorFrom) result.rejectedFrom = errorFrom[1];
  else if (removed && row.status === 'removed') result.rejectedFrom = removed[1];
  const facts = versionFacts[row.key] ?? {};
  // A measured fact that moves a refusal earlier wins over the docs' removal version.
  return { ...result, ...facts };
}

/** For a flag-name alias the notes say `use "labels"`; aliases share their key's versions. */
function aliasTarget(row) {
  return /use "([a-z-]+)"/.exec(row.notes)?.[1];
}

function describe(row, flags) {
  const parts = [];
  if (row.category === 'flag-name-alias') {
    parts.push(`Not a daemon.json option: the name of the dockerd flag --${row.key}. dockerd accepts the key but never reads its value.`);
    const target = aliasTarget(row) ?? replacements[row.key];
    if (target) parts.push(`Use "${target}".`);
    if (dangerousValues[row.key]) parts.push(`A ${dangerousValues[row.key].value} value still reaches the flag: ${dangerousValues[row.key].effect}.`);
  } else if (row.category === 'legacy-key') {
    parts.push(`Legacy option (${row.status}): ${row.versions}.`);
    if (replacements[row.key]) parts.push(`Use "${replacements[row.key]}".`);
    if (row.notes) parts.push(capitalize(row.notes) + '.');
  } else {
    if (row.shape_or_values) parts.push(capitalize(row.shape_or_values) + '.');
    if (flags.length > 0) parts.push(`Flag: ${flags.map((f) => `--${f.long}${f.short ? ` (-${f.short})` : ''}`).join(', ')}.`);
    if (row.default) parts.push(`Default: ${row.default}.`);
    if (row.notes) parts.push(capitalize(row.notes) + '.');
  }
  return parts.join(' ').replace(/\.\./g, '.');
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const lines = readFileSync(tsvPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');
const header = lines[0].split('\t');
const rows = lines.slice(1).map((line) => {
  const cells = line.split('\t');
  return Object.fromEntries(header.map((name, i) => [name.replace(/ .*/, ''), cells[i] ?? '']));
});
const rowsByKey = new Map(rows.map((row) => [row.key, row]));

const properties = {};
for (const row of rows) {
  const flags = parseFlags(row.flags);
  const valueSchema = typeSchema(row);
  const target = aliasTarget(row);
  let versions = parseVersions(row);
  const targetKey = (replacements[row.key] ?? target)?.split('.')[0];
  if (row.category === 'flag-name-alias' && targetKey && rowsByKey.has(targetKey) && !versions.added) {
    const targetAdded = parseVersions(rowsByKey.get(targetKey)).added;
    if (targetAdded) versions = { added: targetAdded, ...versions };
  }
  const allowed = allowedValues[row.key];
  properties[row.key] = {
    ...valueSchema,
    ...(allowed && !allowed.ignoreCase ? { enum: allowed.values } : {}),
    description: describe(row, flags),
    ...(row.status.startsWith('deprecated') || row.category !== 'config-key' ? { deprecated: true } : {}),
    'x-dockerd': {
      category: row.category,
      platforms: row.platforms,
      loader: { linux: row.linux_loader, windows: row.windows_loader },
      flags,
      flagArity: row.flag_arity,
      status: row.status,
      versions,
      versionNote: row.versions || undefined,
      reload: row.sighup_reload,
      source: row.json_source,
      replacement: replacements[row.key] ?? target,
      allowedValues: allowed,
      dangerousValue: dangerousValues[row.key],
      notes: row.notes || undefined,
    },
  };
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://dockerd-lint.invalid/schemas/daemon.schema.json',
  title: 'dockerd configuration file (daemon.json)',
  description:
    'Generated by scripts/gen-schema.mjs from the dockerd options table. Keys are matched exactly (case-sensitive) against dockerd flag names, as dockerd does. x-dockerd holds what the engine needs beyond JSON Schema: platforms, loader outcome, versions, flags.',
  type: 'object',
  additionalProperties: false,
  properties,
};
writeFileSync(join(root, 'schemas', 'daemon.schema.json'), JSON.stringify(schema, null, 2) + '\n');

// The editor copy keeps descriptions and shapes for completion and hover, but no
// constraints: dockerd-lint reports type and key problems itself (unknown-key, wrong-type,
// ignored-key, platform-key), with dockerd's wording, the target platform and engine version
// in mind, so VS Code's JSON validation must not report them a second time or differently.
// `type`, `enum`, `additionalProperties` and `deprecated`/`deprecationMessage` are
// constraints or diagnostics for VS Code; allowed values become `examples` (completion only).
function withoutConstraints(node) {
  if (Array.isArray(node)) return node.map(withoutConstraints);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (['type', 'additionalProperties', 'enum', 'deprecated', 'deprecationMessage', 'x-dockerd', 'x-go-type'].includes(key)) continue;
    out[key] = withoutConstraints(value);
  }
  return out;
}
const editorSchema = withoutConstraints(schema);
editorSchema.$id = 'https://dockerd-lint.invalid/schemas/daemon.editor.schema.json';
for (const [key, property] of Object.entries(editorSchema.properties)) {
  const meta = properties[key]['x-dockerd'];
  const type = properties[key].type;
  if (type === 'boolean') property.defaultSnippets = [{ body: true }, { body: false }];
  if (meta.allowedValues) property.examples = meta.allowedValues.values.filter((value) => value !== '');
  const versions = meta.versionNote ? ` Versions: ${meta.versionNote}.` : '';
  property.markdownDescription = `${property.description}\n\nPlatforms: ${meta.platforms}. Status: ${meta.status}.${versions}`;
}
writeFileSync(join(root, 'schemas', 'daemon.editor.schema.json'), JSON.stringify(editorSchema, null, 2) + '\n');
console.log(`wrote ${Object.keys(properties).length} keys`);
