// `cp -r examples/bad x && dockerd-lint --fix x`, as a new user would: every file ends with no
// error-level finding, no finding anywhere is marked fixable, the remote listener the files
// show in use is kept (with TLS and client verification, not moved to 127.0.0.1), "hosts"
// stays in one place, `explain` shows every edge of the result connecting with verified TLS,
// and a second --fix changes nothing. examples/silent gains no second "proxies" key.
// examples/unfixable holds what has no safe fix: its findings say so and none is fixable.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

const repo = join(__dirname, '..', '..');
const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function copyOf(example: string): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-examples-'));
  roots.push(root);
  cpSync(join(repo, 'examples', example), join(root, 'x'), { recursive: true });
  return join(root, 'x');
}

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else files[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

interface JsonFile {
  filePath: string;
  kind: string;
  messages: { ruleId: string; severity: string; message: string; fixable: boolean }[];
}

describe('--fix on a copy of examples/bad', () => {
  const dir = copyOf('bad');
  runCli(['--fix', dir]);
  const once = snapshot(dir);
  const report = JSON.parse(runCli(['--format', 'json', dir]).stdout) as JsonFile[];

  it('leaves no error-level finding in any file', () => {
    const errors = report.flatMap((file) => file.messages.filter((message) => message.severity === 'error').map((message) => `${file.filePath}: ${message.ruleId}: ${message.message}`));
    assert.deepEqual(errors, []);
  });

  it('marks no finding fixable afterwards', () => {
    const fixable = report.flatMap((file) => file.messages.filter((message) => message.fixable).map((message) => `${file.filePath}: ${message.ruleId}`));
    assert.deepEqual(fixable, []);
  });

  it("keeps the build agents' listener, now with TLS and client verification, in one place", () => {
    const daemonJson = once[join('etc', 'docker', 'daemon.json')];
    const dropIn = once[join('etc', 'systemd', 'system', 'docker.service.d', 'override.conf')];
    assert.match(daemonJson, /"tcp:\/\/0\.0\.0\.0:2376"/);
    // TLS with client verification and its three files, each option in exactly one of the files.
    for (const option of ['tlsverify', 'tlscacert', 'tlscert', 'tlskey']) {
      const places = [new RegExp(`"${option}": (true|"/)`).test(daemonJson), new RegExp(`--${option}(=/|\\s|$)`, 'm').test(dropIn)];
      assert.equal(places.filter(Boolean).length, 1, `${option} set once:\n${daemonJson}\n${dropIn}`);
    }
    assert.doesNotMatch(daemonJson + dropIn, /127\.0\.0\.1/);
    assert.doesNotMatch(dropIn, /-H /, 'hosts are set in daemon.json only');
    assert.equal(dropIn.match(/^ExecStart=\S/gm)?.length, 1, 'one ExecStart= command after the reset');
  });

  it('explain shows every edge connecting, with TLS and client certificates', () => {
    const explained = runCli(['explain', '--format', 'json', dir]);
    assert.equal(explained.code, 0, explained.stdout);
    const { scopes } = JSON.parse(explained.stdout) as {
      scopes: { label: string; edges: { client: string; daemon?: string; verdict: string; listener?: string }[]; listeners: { address: string; tls: string }[] }[];
    };
    const edges = scopes.flatMap((scope) => scope.edges.map((edge) => ({ ...edge, tls: scope.listeners.find((listener) => listener.address === edge.listener)?.tls })));
    assert.ok(edges.length > 0, 'the stack has a client');
    for (const edge of edges) assert.deepEqual([edge.client, edge.verdict, edge.tls], [edge.client, 'connects', 'tls-verify'], JSON.stringify(edge));
  });

  it('a second --fix changes nothing', () => {
    runCli(['--fix', dir]);
    assert.deepEqual(snapshot(dir), once);
  });
});

describe('--fix on a copy of examples/silent', () => {
  it('moves both proxy settings into one "proxies" object', () => {
    const dir = copyOf('silent');
    runCli(['--fix', dir]);
    const text = readFileSync(join(dir, 'etc', 'docker', 'daemon.json'), 'utf8');
    assert.equal(text.match(/"proxies"/g)?.length, 1, text);
    assert.match(text, /"proxies": \{"http-proxy": "http:\/\/proxy\.corp\.example:3128", "no-proxy": /);
    const report = JSON.parse(runCli(['--format', 'json', dir]).stdout) as JsonFile[];
    assert.deepEqual(
      report.flatMap((file) => file.messages.filter((message) => message.fixable)),
      [],
    );
  });
});

describe('examples/unfixable', () => {
  it('reports findings that no fix is offered for, each saying why', () => {
    const report = JSON.parse(runCli(['--format', 'json', join(repo, 'examples', 'unfixable')]).stdout) as JsonFile[];
    const messages = report.flatMap((file) => file.messages);
    const socket = messages.filter((message) => message.ruleId === 'docker-socket-mount');
    assert.equal(socket.length, 1);
    assert.match(socket[0].message, /network_mode: host.*No fix is offered/);
    assert.deepEqual(
      messages.filter((message) => message.fixable),
      [],
    );
  });
});
