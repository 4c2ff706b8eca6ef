// Wiring generated certificates into a machine's files: the listener keeps its address and
// moves to 2376 where it is written, the TLS options go where the machine sets its options,
// a stock-unit machine gets its listener in a drop-in, and the wired files lint clean.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { workspaceMachines } from '../../server/src/engine/certs/machines';
import { serverTlsPaths } from '../../server/src/engine/certs/names';
import { applyWiring, findingsAddedBy, tlsWiring } from '../../server/src/engine/certs/wiring';
import type { ParsedFile } from '../../server/src/engine/document';
import { lintFiles, parseFile } from '../../server/src/engine/lint';

const root = 'file:///w/';
const daemonJsonUri = `${root}etc/docker/daemon.json`;
const dropInUri = `${root}etc/systemd/system/docker.service.d/override.conf`;
const paths = serverTlsPaths('/etc/docker/certs');
const certFlags = '--tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem';

function machineOf(texts: Record<string, string>) {
  const files = Object.entries(texts).map(([uri, text]) => parseFile({ uri, text })!);
  const { machines } = workspaceMachines(files, { folders: ['/w'] });
  assert.equal(machines.length, 1, `one machine expected, got ${machines.map((machine) => machine.label).join(' | ')}`);
  return { machine: machines[0], files: new Map(files.map((file) => [file.uri, file])), list: files };
}

function wire(texts: Record<string, string>, listen = [{ address: '127.0.0.1', port: 2376 }]) {
  const { machine, files, list } = machineOf(texts);
  const result = tlsWiring(machine, files, { paths, listen });
  if ('error' in result) return { error: result.error, machine };
  const wired = Object.fromEntries(applyWiring(files, result.changes).map(({ uri, text }) => [uri, text]));
  return { machine, wired, summary: result.summary, notes: result.notes, added: findingsAddedBy(list, result.changes), all: { ...texts, ...wired } };
}

/** Every warning and error of the machine's files after the wiring. */
function problems(texts: Record<string, string>): string[] {
  return lintFiles(
    Object.entries(texts).map(([uri, text]) => ({ uri, text })),
    defaultLintOptions(),
  )
    .flatMap((result) => result.findings)
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => `${finding.ruleId}: ${finding.message}`);
}

describe('workspaceMachines', () => {
  it('suggests the listener address and loopback names for a loopback listener', () => {
    const { machine } = machineOf({ [dropInUri]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375\n', [daemonJsonUri]: '{}' });
    assert.deepEqual(machine.suggestedHosts, ['127.0.0.1', 'localhost']);
    assert.deepEqual(machine.notes, []);
  });

  it('suggests no name for a listener on every interface, and says why', () => {
    const { machine } = machineOf({ [daemonJsonUri]: '{"hosts": ["tcp://0.0.0.0:2375"]}' });
    assert.deepEqual(machine.suggestedHosts, []);
    assert.match(machine.notes.join(' '), /every interface/);
  });

  it('suggests the address a listener names', () => {
    const { machine } = machineOf({ [daemonJsonUri]: '{"hosts": ["tcp://192.0.2.10:2375"]}' });
    assert.deepEqual(machine.suggestedHosts, ['192.0.2.10']);
  });

  it('lists Compose dind services apart', () => {
    const compose = parseFile({ uri: `${root}compose.yaml`, text: readFileSync(join(import.meta.dirname, '..', 'editor', 'workspace', 'compose.yaml'), 'utf8') })!;
    const { machines, dind } = workspaceMachines([compose], { folders: ['/w'] });
    assert.deepEqual(machines, []);
    assert.equal(dind.length, 1);
  });
});

describe('tlsWiring on a machine', () => {
  it('the drop-in keeps its listener address (moved to 2376), TLS goes in daemon.json, and the machine lints clean', () => {
    const fixture = join(import.meta.dirname, '..', 'editor', 'workspace-certs');
    const texts = {
      [daemonJsonUri]: readFileSync(join(fixture, 'etc', 'docker', 'daemon.json'), 'utf8'),
      [dropInUri]: readFileSync(join(fixture, 'etc', 'systemd', 'system', 'docker.service.d', 'override.conf'), 'utf8'),
    };
    assert.ok(problems(texts).some((problem) => problem.startsWith('tcp-without-tls')));
    const result = wire(texts);
    assert.equal(result.wired![dropInUri], '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2376 --containerd=/run/containerd/containerd.sock\n');
    assert.deepEqual(JSON.parse(result.wired![daemonJsonUri]), {
      'log-level': 'info',
      tlsverify: true,
      tlscacert: '/etc/docker/certs/ca.pem',
      tlscert: '/etc/docker/certs/server-cert.pem',
      tlskey: '/etc/docker/certs/server-key.pem',
    });
    assert.deepEqual(problems(result.all!), []);
    assert.deepEqual(result.added, []);
  });

  it('a stock-unit machine (daemon.json only) gets a new drop-in for the listener, "hosts" stays out of daemon.json', () => {
    const result = wire({ [daemonJsonUri]: '{\n  "debug": false\n}\n' });
    assert.equal(JSON.parse(result.wired![daemonJsonUri]).hosts, undefined);
    assert.match(result.wired![dropInUri], /^ExecStart=$/m);
    assert.match(result.wired![dropInUri], /^ExecStart=\/usr\/bin\/dockerd -H fd:\/\/ -H tcp:\/\/127\.0\.0\.1:2376 --containerd=/m);
    assert.deepEqual(problems(result.all!), []);
  });

  it('a unit passing -H fd:// without TCP gets the -H in its drop-in, TLS in daemon.json', () => {
    const result = wire({ [daemonJsonUri]: '{}\n', [dropInUri]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' }, [{ address: '192.0.2.10', port: 2376 }]);
    assert.match(result.wired![dropInUri], /-H fd:\/\/ .*tcp:\/\/192\.0\.2\.10:2376/);
    assert.equal(JSON.parse(result.wired![daemonJsonUri]).tlsverify, true);
    assert.doesNotMatch(result.wired![dropInUri], /tlsverify/);
    assert.deepEqual(problems(result.all!), []);
  });

  it('TLS options already on the command line are replaced there, not repeated in daemon.json', () => {
    const result = wire({
      [daemonJsonUri]: '{}\n',
      [dropInUri]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2375 --tlsverify --tlscacert=/old/ca.pem --tlscert=/old/cert.pem --tlskey=/old/key.pem\n',
    });
    assert.equal(result.wired![dropInUri], `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2376 ${certFlags}\n`);
    assert.equal(result.wired![daemonJsonUri], undefined, 'daemon.json was changed');
    assert.deepEqual(problems(result.all!), []);
  });

  it('daemon.json listening on every interface keeps that address, and says so', () => {
    const result = wire({
      [daemonJsonUri]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n',
      [dropInUri]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n',
    });
    assert.deepEqual(JSON.parse(result.wired![daemonJsonUri]).hosts, ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376']);
    assert.match(result.notes!.join(' '), /tcp:\/\/0\.0\.0\.0:2375 keeps listening on every interface/);
    assert.deepEqual(result.added, []);
  });

  it('refuses a daemon.json that is not valid JSON rather than guessing', () => {
    assert.match(wire({ [daemonJsonUri]: '{"hosts": ["tcp://127.0.0.1:2375"],}' }).error ?? '', /fix its syntax first/);
  });
});

// Keep the fixture honest: the code-server and Neovim tests start from it.
it('the certificate workspace fixture has a machine that listens on TCP without TLS', () => {
  const fixture = join(import.meta.dirname, '..', 'editor', 'workspace-certs');
  const files: ParsedFile[] = ['etc/docker/daemon.json', 'etc/systemd/system/docker.service.d/override.conf'].map(
    (path) => parseFile({ uri: pathToFileURL(join(fixture, path)).href, text: readFileSync(join(fixture, path), 'utf8') })!,
  );
  const { machines } = workspaceMachines(files);
  assert.equal(machines.length, 1);
  assert.deepEqual(
    machines[0].listeners.map((listener) => `${listener.address}:${listener.port}`),
    ['127.0.0.1:2375'],
  );
});
