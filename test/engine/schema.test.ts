// The schema is the one source of truth for daemon.json keys: every key of the reference
// table is in it, with its shape and metadata, and the flag table derived from it has
// dockerd's flags as dockerd parses them.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import editorSchema from '../../schemas/daemon.editor.schema.json';
import schema from '../../schemas/daemon.schema.json';
import { daemonOptions, dockerdFlags, dockerdShortFlags, keyStatus } from '../../server/src/engine/dockerd/options';

const tsvPath = 'schemas/reference/dockerd-options.tsv';

describe('daemon.json schema', () => {
  it('has every key of dockerd-options.tsv, with its type', () => {
    const rows = readFileSync(tsvPath, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t'));
    assert.equal(rows.length, 132);
    for (const [key, category, jsonType] of rows) {
      const property = (schema.properties as Record<string, { type?: string | string[] }>)[key];
      assert.ok(property, `${key} is missing`);
      assert.equal(daemonOptions.get(key)?.category, category, key);
      const expected: Record<string, string> = {
        boolean: 'boolean',
        string: 'string',
        integer: 'integer',
        'array of string': 'array',
        'array of object': 'array',
        object: 'object',
        'object-map': 'object',
      };
      if (expected[jsonType]) assert.equal(property.type, expected[jsonType], `${key}: type`);
      else assert.equal(property.type, undefined, `${key}: a flag name takes any value`);
    }
    assert.equal(Object.keys(schema.properties).length, rows.length, 'no key beyond the table');
  });

  it('gives every key a description for hover, and versions as data', () => {
    for (const meta of daemonOptions.values()) assert.ok(meta.description.length > 10, `${meta.key}: description`);
    assert.equal(daemonOptions.get('bip6')?.versions.added, 'v28.0');
    assert.equal(daemonOptions.get('api-cors-header')?.versions.rejectedFrom, 'v28.0');
    assert.equal(daemonOptions.get('graph')?.replacement, 'data-root');
    assert.equal(daemonOptions.get('http-proxy')?.versions.added, 'v23.0', 'an alias shares the version of its option');
  });

  it('describes nested shapes: structs, maps, strict nri-opts', () => {
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(properties.proxies.properties as object), ['http-proxy', 'https-proxy', 'no-proxy']);
    assert.equal(properties['nri-opts'].additionalProperties, false);
    assert.deepEqual(properties['log-opts'].additionalProperties, { type: 'string' });
    assert.equal(properties['default-shm-size'].type, 'string');
    assert.deepEqual(properties['log-format'].enum, ['', 'text', 'json']);
    assert.deepEqual(properties['firewall-backend'].enum, ['', 'iptables', 'nftables']);
  });

  it('keeps the editor copy free of constraints VS Code would report', () => {
    const text = JSON.stringify(editorSchema);
    for (const constraint of ['"type":', '"enum":', '"additionalProperties":', '"deprecationMessage":', '"deprecated":', '"x-dockerd":']) {
      assert.ok(!text.includes(constraint), `editor schema contains ${constraint}`);
    }
    const properties = editorSchema.properties as Record<string, { markdownDescription?: string; examples?: string[] }>;
    assert.equal(Object.keys(properties).length, Object.keys(schema.properties).length);
    assert.deepEqual(properties['log-level'].examples, ['panic', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']);
    assert.match(properties.hosts.markdownDescription ?? '', /--host/);
  });
});

describe('flag table', () => {
  it('maps -H/--host to hosts, repeatable', () => {
    assert.equal(dockerdFlags.get('host')?.configName, 'hosts');
    assert.equal(dockerdFlags.get('host')?.repeatable, true);
    assert.equal(dockerdShortFlags.get('H')?.long, 'host');
  });
  it('knows the boolean flags', () => {
    for (const name of ['tlsverify', 'tls', 'debug', 'validate', 'restart', 'icc', 'live-restore']) assert.equal(dockerdFlags.get(name)?.boolean, true, name);
    assert.equal(dockerdShortFlags.get('D')?.long, 'debug');
    assert.equal(dockerdFlags.get('tlscacert')?.boolean, false);
  });
  it('uses config names for NamedOption flags', () => {
    assert.equal(dockerdFlags.get('label')?.configName, 'labels');
    assert.equal(dockerdFlags.get('insecure-registry')?.configName, 'insecure-registries');
    assert.equal(dockerdFlags.get('http-proxy')?.configName, 'http-proxy');
    assert.deepEqual(dockerdFlags.get('icc')?.platforms, ['linux']);
  });
});

describe('key status by platform and engine version', () => {
  const linux = (engineVersion: string) => ({ platform: 'linux' as const, engineVersion });
  it('follows the versions', () => {
    assert.deepEqual(keyStatus('bip6', linux('20.10')), { kind: 'rejected', meta: daemonOptions.get('bip6'), reason: 'not-yet' });
    assert.equal(keyStatus('bip6', linux('28.0')).kind, 'accepted');
    assert.equal(keyStatus('api-cors-header', linux('26.1')).kind, 'accepted');
    assert.equal(keyStatus('api-cors-header', linux('27.0')).kind, 'ignored');
    assert.equal(keyStatus('api-cors-header', linux('28.0')).kind, 'rejected');
    assert.equal(keyStatus('graph', linux('20.10')).kind, 'accepted');
    assert.equal(keyStatus('graph', linux('23.0')).kind, 'rejected');
  });
  it('follows the platform', () => {
    assert.equal(keyStatus('icc', { platform: 'windows', engineVersion: '29.7' }).kind, 'rejected');
    assert.equal(keyStatus('service-name', linux('29.7')).kind, 'rejected');
    assert.equal(keyStatus('service-name', { platform: 'windows', engineVersion: '29.7' }).kind, 'ignored');
    assert.equal(keyStatus('Debug', linux('29.7')).kind, 'rejected');
  });
});
