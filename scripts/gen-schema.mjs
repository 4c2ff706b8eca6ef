// Generates schemas/daemon.schema.json from the reference table of dockerd options
// (../shared/reference/dockerd-options.tsv, read from dockerd's source).
// The schema is the one source of truth for daemon.json keys, their types, platforms,
// versions and flags: the engine validates with it and the extension contributes a
// constraint-free copy of it (schemas/daemon.editor.schema.json) for completion and hover.
//
//   node scripts/gen-schema.mjs [path/to/dockerd-options.tsv]

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsvPath = process.argv[2] ?? join(root, '..', 'shared', 'reference', 'dockerd-options.tsv');

// Nested shapes the table describes in prose; written out here as JSON Schema.
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const nestedShapes = {
  'log-opts': stringMap,
  features: { type: 'object', additionalProperties: { type: 'boolean' } },
  'default-network-opts': { type: 'object', additionalProperties: stringMap },
  'default-ulimits': {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { Name: { type: 'string' }, Hard: { type: 'integer' }, Soft: { type: 'integer' } },
    },
  },
  runtimes: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        runtimeArgs: { type: 'array', items: { type: 'string' } },
        runtimeType: { type: 'string' },
        options: { type: 'object' },
      },
    },
  },
  'default-address-pools': {
    type: 'array',
    items: { type: 'object', properties: { base: { type: 'string' }, size: { type: 'integer' } } },
  },
  proxies: {
    type: 'object',
    properties: {
      'http-proxy': { type: 'string' },
      'https-proxy': { type: 'string' },
      'no-proxy': { type: 'string' },
    },
  },
  'nri-opts': {
    type: 'object',
    properties: {
      enable: { type: 'boolean' },
      'plugin-path': { type: 'string' },
      'plugin-config-path': { type: 'string' },
      'socket-path': { type: 'string' },
    },
    additionalProperties: false,
  },
  builder: {
    type: 'object',
    properties: {
      gc: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          policy: { type: 'array', items: { type: 'object' } },
          defaultReservedSpace: { type: 'string' },
          defaultMaxUsedSpace: { type: 'string' },
          defaultMinFreeSpace: { type: 'string' },
          defaultKeepStorage: { type: 'string' },
        },
      },
      entitlements: {
        type: 'object',
        properties: {
          'network-host': { type: 'boolean' },
          'security-insecure': { type: 'boolean' },
          device: { type: 'boolean' },
        },
      },
      history: { type: 'object', properties: { maxAge: { type: 'string' }, maxEntries: { type: 'integer' } } },
    },
  },
};

function typeSchema(row) {
  if (nestedShapes[row.key]) return nestedShapes[row.key];
  switch (row.json_type) {
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'integer':
      return { type: 'integer' };
    case 'array of string':
      return { type: 'array', items: { type: 'string' } };
    case 'object':
    case 'object-map':
      return { type: 'object' };
    case 'array of object':
      return { type: 'array', items: { type: 'object' } };
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

function parseVersions(text) {
  const result = {};
  const added = /added (v[\d.]+)/.exec(text);
  if (added) result.added = added[1];
  const removed = /(?:removed|setting it is an error)[^;]*?(v[\d.]+)/.exec(text);
  const errorFrom = /(v[\d.]+) setting it is an error/.exec(text);
  if (errorFrom) result.rejectedFrom = errorFrom[1];
  else if (removed && /removed/.test(text)) result.removed = removed[1];
  const deprecated = /deprecated (v[\d.]+)/.exec(text);
  if (deprecated) result.deprecated = deprecated[1];
  return result;
}

function describe(row) {
  const parts = [];
  if (row.shape_or_values) parts.push(row.shape_or_values);
  if (row.default) parts.push(`Default: ${row.default}.`);
  if (row.notes) parts.push(row.notes);
  return parts.join(' ');
}

const lines = readFileSync(tsvPath, 'utf8').split('\n').filter((line) => line.trim() !== '');
const header = lines[0].split('\t');
const rows = lines.slice(1).map((line) => {
  const cells = line.split('\t');
  return Object.fromEntries(header.map((name, i) => [name.replace(/ .*/, ''), cells[i] ?? '']));
});

const properties = {};
for (const row of rows) {
  const flags = parseFlags(row.flags);
  properties[row.key] = {
    ...typeSchema(row),
    description: describe(row),
    'x-dockerd': {
      category: row.category,
      platforms: row.platforms,
      loader: { linux: row.linux_loader, windows: row.windows_loader },
      flags,
      flagArity: row.flag_arity,
      status: row.status,
      versions: parseVersions(row.versions),
      versionNote: row.versions || undefined,
      reload: row.sighup_reload,
      source: row.json_source,
    },
  };
}

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://dockerd-lint.invalid/schemas/daemon.schema.json',
  title: 'dockerd configuration file (daemon.json)',
  description:
    'Generated by scripts/gen-schema.mjs from the dockerd options table. Keys are matched exactly (case-sensitive) against dockerd flag names, as dockerd does.',
  type: 'object',
  additionalProperties: false,
  properties,
};
writeFileSync(join(root, 'schemas', 'daemon.schema.json'), JSON.stringify(schema, null, 2) + '\n');

// The editor copy keeps descriptions and shapes for completion and hover, but no
// constraints: dockerd-lint reports type and key problems itself, with dockerd's wording,
// so the editor's JSON validation must not report them a second time.
function withoutConstraints(node) {
  if (Array.isArray(node)) return node.map(withoutConstraints);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'additionalProperties' || key === 'x-dockerd' || key === 'enum') continue;
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
  property.markdownDescription = `${property.description}\n\nPlatforms: ${meta.platforms}. Status: ${meta.status}.${
    meta.versionNote ? ` Versions: ${meta.versionNote}.` : ''
  }`;
}
writeFileSync(join(root, 'schemas', 'daemon.editor.schema.json'), JSON.stringify(editorSchema, null, 2) + '\n');
console.log(`wrote ${Object.keys(properties).length} keys`);
