// `dockerd-lint certs` as a user runs it: files, modes, refusals, backups, exit codes, and
// no private key material in anything it prints.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { temporaryDirectory } from './helpers';

const runner = join(import.meta.dirname, 'run-certs-cli.ts');

function certs(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', runner, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const allFiles = ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem'];
const keyFiles = ['ca-key.pem', 'key.pem', 'server-key.pem'];

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** Base64 body lines of every private key in the folder: none may ever be printed. */
function keyMaterial(directory: string): string[] {
  return readdirSync(directory)
    .filter((name) => readFileSync(join(directory, name), 'utf8').includes('PRIVATE KEY'))
    .flatMap((name) => readFileSync(join(directory, name), 'utf8').split('\n').filter((line) => line.length > 0 && !line.startsWith('-----')));
}

function assertNoKeyMaterial(output: string, directory: string): void {
  assert.doesNotMatch(output, /PRIVATE KEY/);
  for (const line of keyMaterial(directory)) assert.ok(!output.includes(line.slice(0, 24)), 'private key bytes were printed');
}

describe('dockerd-lint certs', { skip: process.platform === 'win32' ? 'file modes are POSIX' : false }, () => {
  const folder = temporaryDirectory('cli');
  after(() => folder.remove());

  it('writes the six files Docker expects, keys 0600 and certificates 0644, and prints how to use them', () => {
    const out = join(folder.path, 'fresh');
    const result = certs(['--out', out, '--host', 'docker.example.com', '--host', '192.0.2.10']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(readdirSync(out).sort(), allFiles);
    for (const name of allFiles) assert.equal(mode(join(out, name)), keyFiles.includes(name) ? 0o600 : 0o644, name);
    assert.equal(mode(out), 0o700);
    const snippet = JSON.parse(/\n(\{\n[\s\S]*?\n\})\n/.exec(result.stdout)![1]);
    assert.deepEqual(snippet, {
      tlsverify: true,
      tlscacert: `${out}/ca.pem`,
      tlscert: `${out}/server-cert.pem`,
      tlskey: `${out}/server-key.pem`,
      hosts: ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376'],
    });
    assert.match(result.stdout, /export DOCKER_HOST=tcp:\/\/docker\.example\.com:2376\n/);
    assert.match(result.stdout, /export DOCKER_TLS_VERIFY=1\n/);
    assert.ok(result.stdout.includes(`export DOCKER_CERT_PATH=${out}\n`));
    assert.match(result.stdout, /docker context create \S+ --docker host=tcp:\/\/docker\.example\.com:2376,ca=/);
    assert.match(result.stdout, /localhost and 127\.0\.0\.1 are not in the server certificate/);
    assertNoKeyMaterial(result.stdout + result.stderr, out);
  });

  it('refuses to overwrite: exit 1, names the existing files, changes no byte', () => {
    const out = join(folder.path, 'existing');
    assert.equal(certs(['--out', out, '--host', 'localhost']).status, 0);
    const before = new Map(allFiles.map((name) => [name, readFileSync(join(out, name))]));
    const result = certs(['--out', out, '--host', 'localhost']);
    assert.equal(result.status, 1);
    for (const name of allFiles) assert.ok(result.stderr.includes(name), `${name} not named`);
    assert.equal(result.stdout, '');
    for (const [name, bytes] of before) assert.deepEqual(readFileSync(join(out, name)), bytes, name);
    assert.deepEqual(readdirSync(out).sort(), allFiles);
  });

  it('refuses when only one target exists, names just that one, and writes nothing else', () => {
    const out = join(folder.path, 'one-existing');
    mkdirSync(out);
    writeFileSync(join(out, 'key.pem'), 'my own key, not to be lost\n');
    const result = certs(['--out', out, '--host', 'localhost']);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /: key\.pem\n/);
    assert.deepEqual(readdirSync(out), ['key.pem']);
    assert.equal(readFileSync(join(out, 'key.pem'), 'utf8'), 'my own key, not to be lost\n');
  });

  it('with --force, keeps every old file as an identical backup, twice in the same second without overwriting a backup', () => {
    const out = join(folder.path, 'forced');
    assert.equal(certs(['--out', out, '--host', 'localhost']).status, 0);
    const first = new Map(allFiles.map((name) => [name, readFileSync(join(out, name))]));
    const forced = certs(['--out', out, '--host', 'localhost', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    const second = new Map(allFiles.map((name) => [name, readFileSync(join(out, name))]));
    const again = certs(['--out', out, '--host', 'localhost', '--force']);
    assert.equal(again.status, 0, again.stderr);
    for (const name of allFiles) {
      const backups = readdirSync(out).filter((entry) => entry.startsWith(`${name}.bak-`)).sort();
      assert.equal(backups.length, 2, `${name}: ${backups.join(', ')}`);
      const contents = backups.map((backup) => readFileSync(join(out, backup)));
      // Each run's backup holds exactly the files it replaced (order of names does not matter).
      assert.deepEqual(new Set(contents.map(String)), new Set([String(first.get(name)), String(second.get(name))]), name);
      assert.notDeepEqual(readFileSync(join(out, name)), first.get(name));
      for (const backup of backups) assert.equal(mode(join(out, backup)), keyFiles.includes(name) ? 0o600 : 0o644, backup);
    }
    assertNoKeyMaterial(forced.stdout + forced.stderr + again.stdout + again.stderr, out);
  });

  it('--no-ca-key leaves the CA key out of the folder', () => {
    const out = join(folder.path, 'no-ca-key');
    const result = certs(['--out', out, '--host', 'localhost', '--host', '127.0.0.1', '--no-ca-key']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(readdirSync(out).sort(), allFiles.filter((name) => name !== 'ca-key.pem'));
    assert.match(result.stdout, /CA private key was not kept/);
    assert.doesNotMatch(result.stdout, /are not in the server certificate/);
    assert.match(result.stdout, /"tcp:\/\/127\.0\.0\.1:2376"/);
  });

  for (const [name, args, message] of [
    ['no --out', ['--host', 'localhost'], /--out DIR is required/],
    ['no --host', ['--out', 'x'], /at least one --host is required.*localhost, 127\.0\.0\.1/],
    ['0.0.0.0 as a name', ['--out', 'x', '--host', '0.0.0.0'], /all interfaces/],
    ['[::] with a port', ['--out', 'x', '--host', '[::]:2376'], /all interfaces/],
    ['a URL', ['--out', 'x', '--host', 'tcp://docker.example.com:2376'], /did you mean "docker\.example\.com"/],
    ['a bad DNS name', ['--out', 'x', '--host', 'bad_name.example'], /not a valid DNS name/],
    ['an unknown key type', ['--out', 'x', '--host', 'localhost', '--key-type', 'dsa'], /--key-type must be one of ecdsa-p256, rsa-2048, rsa-4096/],
    ['zero days', ['--out', 'x', '--host', 'localhost', '--days', '0'], /--days 0: validity must be/],
    ['days as text', ['--out', 'x', '--host', 'localhost', '--days', 'ten'], /--days ten/],
    ['an unknown option', ['--out', 'x', '--host', 'localhost', '--overwrite'], /Unknown option '--overwrite'/],
  ] as const) {
    it(`exits 2 on bad arguments: ${name}`, () => {
      const result = certs([...args]);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
      assert.match(result.stderr, /Usage: dockerd-lint certs/);
      assert.equal(result.stdout, '');
    });
  }
});
