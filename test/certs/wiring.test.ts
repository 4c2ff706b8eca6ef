// Wiring generated certificates into daemon.json: the edits keep the user's text, point at
// the server-side paths, move TCP hosts to 2376, and the result re-lints without
// tcp-without-tls.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { serverTlsPaths } from '../../server/src/engine/certs/files';
import { tlsWiring } from '../../server/src/engine/certs/wiring';
import { lintText, parseFile } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';

const uri = 'file:///workspace/etc/docker/daemon.json';
const paths = serverTlsPaths('/etc/docker/certs');

function wire(text: string, options: { addHostsWhenMissing?: boolean; listenAddress?: string } = {}) {
  const file = parseFile({ uri, text });
  assert.ok(file);
  const result = tlsWiring(file, { paths, listenAddress: options.listenAddress ?? '0.0.0.0', addHostsWhenMissing: options.addHostsWhenMissing });
  if ('error' in result) return { error: result.error };
  return { text: applyEdits(text, result.change.edits), summary: result.summary, notes: result.notes, uri: result.change.uri };
}

function ruleIds(text: string): string[] {
  return (lintText({ uri, text }, defaultLintOptions())?.findings ?? []).map((finding) => finding.ruleId);
}

describe('tlsWiring on daemon.json', () => {
  it('moves a plain TCP host to 2376 and adds the TLS options after the last member, keeping the formatting', () => {
    const before = '{\n    "debug": true,\n    "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n';
    assert.ok(ruleIds(before).includes('tcp-without-tls'));
    const result = wire(before);
    assert.equal(
      result.text,
      '{\n    "debug": true,\n    "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n' +
        '    "tlsverify": true,\n    "tlscacert": "/etc/docker/certs/ca.pem",\n    "tlscert": "/etc/docker/certs/server-cert.pem",\n    "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
    );
    assert.equal(result.uri, uri);
    assert.ok(result.summary?.includes('listen on tcp://0.0.0.0:2376 instead of tcp://0.0.0.0:2375'));
    assert.deepEqual(ruleIds(result.text!).filter((id) => id === 'tcp-without-tls' || id === 'json-syntax'), []);
  });

  it('replaces existing TLS settings (tlsverify false, old paths) instead of adding duplicates', () => {
    const before = '{"hosts": ["tcp://127.0.0.1:2376"], "tlsverify": false, "tlscert": "/old/cert.pem"}';
    const result = wire(before);
    const parsed = JSON.parse(result.text!);
    assert.deepEqual(parsed, {
      hosts: ['tcp://127.0.0.1:2376'],
      tlsverify: true,
      tlscert: '/etc/docker/certs/server-cert.pem',
      tlscacert: '/etc/docker/certs/ca.pem',
      tlskey: '/etc/docker/certs/server-key.pem',
    });
    assert.equal((result.text!.match(/"tlscert"/g) ?? []).length, 1);
    assert.ok(!ruleIds(result.text!).includes('tcp-without-tls'));
  });

  it('adds a TCP host on 2376 to a hosts list that has none, keeping the socket', () => {
    const result = wire('{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n', { listenAddress: '127.0.0.1' });
    assert.deepEqual(JSON.parse(result.text!).hosts, ['unix:///var/run/docker.sock', 'tcp://127.0.0.1:2376']);
    assert.ok(!ruleIds(result.text!).includes('tcp-without-tls'));
  });

  it('leaves hosts alone when the file sets none, and says why (a -H flag would conflict)', () => {
    const result = wire('{\n  "debug": true\n}\n');
    assert.equal(JSON.parse(result.text!).hosts, undefined);
    assert.match(result.notes!.join(' '), /No TCP host was added[\s\S]*-H fd:\/\//);
  });

  it('adds hosts when asked to, with the local socket kept', () => {
    const result = wire('{}', { addHostsWhenMissing: true });
    assert.deepEqual(JSON.parse(result.text!).hosts, ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376']);
    assert.match(result.notes!.join(' '), /refuses to start when both set it/);
    assert.deepEqual(ruleIds(result.text!).filter((id) => id === 'tcp-without-tls' || id === 'json-syntax'), []);
  });

  it('moves a bracketed IPv6 host and keeps CRLF line breaks', () => {
    const result = wire('{\r\n  "hosts": ["tcp://[::]:2375"]\r\n}\r\n');
    assert.match(result.text!, /"tcp:\/\/\[::\]:2376"/);
    assert.ok(!/[^\r]\n/.test(result.text!), 'a bare LF was inserted');
  });

  it('refuses a file that is not valid JSON rather than guessing', () => {
    assert.match(wire('{"hosts": ["tcp://0.0.0.0:2375"],}').error ?? '', /fix its syntax first/);
  });
});
