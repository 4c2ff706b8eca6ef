// `dockerd-lint certs` as a user runs it: files, modes, refusals, backups, exit codes, and
// no private key material in anything it prints.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import { temporaryDirectory } from './helpers';

const bundleFolder = temporaryDirectory('cli-bundle');
const runner = join(bundleFolder.path, 'certs.js');

/**
 * The command bundled as the CLI is (esbuild, CommonJS): this also proves reflect-metadata
 * loads before @peculiar/x509 in a bundle, and each run starts in a fraction of tsx's time.
 */
before(async () => {
  await build({
    entryPoints: [join(import.meta.dirname, 'run-certs-cli.ts')],
    outfile: runner,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
});
after(() => bundleFolder.remove());

function certs(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [runner, ...args], { encoding: 'utf8' });
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
    .flatMap((name) =>
      readFileSync(join(directory, name), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0 && !line.startsWith('-----')),
    );
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
    // Paths on the dockerd host (default /etc/docker/certs), no "hosts": the listener is in a drop-in.
    assert.deepEqual(snippet, {
      tlsverify: true,
      tlscacert: '/etc/docker/certs/ca.pem',
      tlscert: '/etc/docker/certs/server-cert.pem',
      tlskey: '/etc/docker/certs/server-key.pem',
    });
    assert.match(result.stdout, /^ExecStart=\/usr\/bin\/dockerd -H fd:\/\/ -H tcp:\/\/192\.0\.2\.10:2376 /m);
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

  it('with --force, keeps every old file as an identical backup, run after run', () => {
    const out = join(folder.path, 'forced');
    assert.equal(certs(['--out', out, '--host', 'localhost']).status, 0);
    const first = new Map(allFiles.map((name) => [name, readFileSync(join(out, name))]));
    const forced = certs(['--out', out, '--host', 'localhost', '--force']);
    assert.equal(forced.status, 0, forced.stderr);
    const second = new Map(allFiles.map((name) => [name, readFileSync(join(out, name))]));
    const again = certs(['--out', out, '--host', 'localhost', '--force']);
    assert.equal(again.status, 0, again.stderr);
    for (const name of allFiles) {
      const backups = readdirSync(out)
        .filter((entry) => entry.startsWith(`${name}.bak-`))
        .sort();
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
    assert.deepEqual(
      readdirSync(out).sort(),
      allFiles.filter((name) => name !== 'ca-key.pem'),
    );
    assert.match(result.stdout, /CA private key was not kept/);
    assert.doesNotMatch(result.stdout, /are not in the server certificate/);
    assert.match(result.stdout, / -H tcp:\/\/127\.0\.0\.1:2376 /);
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

// Issue 17 item 3 and issue 16 item 3: bad names and unusable folders get one line and exit 2,
// before any key is generated; a folder another user controls is refused.
describe('dockerd-lint certs refuses what cannot work, in one line', { skip: process.platform === 'win32' ? 'POSIX file systems' : false }, () => {
  const folder = temporaryDirectory('cli-bounds');
  after(() => folder.remove());

  /** Exit 2, a one-line reason matching `message`, nothing on stdout, nothing written. */
  function assertRefused(result: { status: number | null; stdout: string; stderr: string }, message: RegExp): void {
    assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
    assert.equal(result.stdout, '');
    const reason = result.stderr.split('\n')[0];
    assert.match(reason, message);
  }

  for (const [input, message] of [
    ['exa mple.com', /"exa mple\.com" contains white space/],
    ['a.*.example.com', /wildcard/],
    ['*', /wildcard/],
    ['*.example.com.', /ends with a dot/],
    ['a..example.com', /empty label|not a valid DNS name/],
    ['.example.com', /empty label|not a valid DNS name/],
  ] as const) {
    it(`--host ${JSON.stringify(input)}: exit 2 with the reason`, () => {
      assertRefused(certs(['--out', join(folder.path, 'never'), '--host', input]), message);
    });
  }

  it('--out naming an existing file: exit 2, "is a file"', () => {
    const file = join(folder.path, 'a-file');
    writeFileSync(file, 'x');
    assertRefused(certs(['--out', file, '--host', '192.0.2.1']), /a-file is a file, not a folder/);
    assertRefused(certs(['--out', join(file, 'below'), '--host', '192.0.2.1']), /a-file is a file, not a folder/);
  });

  it('--out on a pseudo file system (/proc): exit 2 without hanging', () => {
    const result = spawnSync(process.execPath, [runner, '--out', '/proc/certs', '--host', '192.0.2.1'], { encoding: 'utf8', timeout: 10_000 });
    assertRefused(result, /\/proc is a proc file system.*not a place for files/);
  });

  it('--out on a read-only file system: exit 2', (t) => {
    const mountPoint = join(folder.path, 'read-only');
    mkdirSync(mountPoint);
    const probe = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o ro tmpfs ${mountPoint} && echo mounted`], { encoding: 'utf8' });
    if (!probe.stdout.includes('mounted')) return t.skip(`cannot mount a read-only tmpfs here (needs root and unshare): ${probe.stderr.trim()}`);
    const result = spawnSync(
      'unshare',
      ['-m', 'sh', '-c', `mount -t tmpfs -o ro tmpfs ${mountPoint} && exec "$0" "$@"`, process.execPath, runner, '--out', join(mountPoint, 'certs'), '--host', '192.0.2.1'],
      {
        encoding: 'utf8',
        timeout: 10_000,
      },
    );
    assertRefused(result, /read-only file system/);
  });

  it('--out through a folder another user owns (directly or by a symlink): exit 2, nothing written there', (t) => {
    if (process.getuid?.() !== 0) return t.skip('making a folder owned by another user needs root');
    const shared = join(folder.path, 'shared');
    mkdirSync(shared, { mode: 0o1777 });
    chmodSync(shared, 0o1777);
    chownSync(shared, 4242, 4242);
    symlinkSync(shared, join(folder.path, 'link'));
    assertRefused(certs(['--out', join(shared, 'certs'), '--host', '192.0.2.1']), /shared is owned by another user \(uid 4242\)/);
    assertRefused(certs(['--out', join(folder.path, 'link', 'certs'), '--host', '192.0.2.1']), /owned by another user/);
    assert.deepEqual(readdirSync(shared), []);
  });

  it('--out folder that exists and other users may write: exit 2', () => {
    const open = join(folder.path, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    assertRefused(certs(['--out', open, '--host', '192.0.2.1']), /open can be changed by other users/);
  });
});

// Issue 17: the snippet must work under the stock unit, at the address given, at the paths on the dockerd host.
describe('dockerd-lint certs: the snippet for a stock-unit host', () => {
  const folder = temporaryDirectory('cli-snippet');
  after(() => folder.remove());

  it('listens where --listen says, names the --dockerd-cert-dir paths, puts the listener in a drop-in, and lints clean', () => {
    const out = join(folder.path, 'certs');
    const result = certs(['--out', out, '--host', 'docker.example.com', '--host', '10.0.0.5', '--dockerd-cert-dir', '/etc/docker/certs', '--listen', '10.0.0.5:2376']);
    assert.equal(result.status, 0, result.stderr);
    const machine = join(folder.path, 'machine');
    const written = applySnippet(result.stdout, machine);
    assert.deepEqual(JSON.parse(written.daemonJson), {
      tlsverify: true,
      tlscacert: '/etc/docker/certs/ca.pem',
      tlscert: '/etc/docker/certs/server-cert.pem',
      tlskey: '/etc/docker/certs/server-key.pem',
    });
    assert.match(written.dropIn, /^ExecStart=$/m);
    assert.match(written.dropIn, /^ExecStart=\/usr\/bin\/dockerd -H fd:\/\/ -H tcp:\/\/10\.0\.0\.5:2376 /m);
    assert.doesNotMatch(result.stdout, /0\.0\.0\.0/);
    assertLintsClean(machine);
  });

  it('without --listen, listens on the IP given as --host, never on 0.0.0.0', () => {
    const result = certs(['--out', join(folder.path, 'by-ip'), '--host', 'docker.example.com', '--host', '10.0.0.5']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /-H tcp:\/\/10\.0\.0\.5:2376/);
    assert.doesNotMatch(result.stdout, /0\.0\.0\.0/);
    assertLintsClean(join(folder.path, 'by-ip-machine'), result.stdout);
  });

  it('with DNS names only and no --listen: exit 2, asks for --listen', () => {
    const result = certs(['--out', join(folder.path, 'dns-only'), '--host', 'docker.example.com']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /--listen ADDR:PORT/);
  });

  it('--listen 0.0.0.0:2376 is kept, and said so', () => {
    const result = certs(['--out', join(folder.path, 'all'), '--host', 'docker.example.com', '--listen', '0.0.0.0:2376']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /-H tcp:\/\/0\.0\.0\.0:2376/);
    assert.match(result.stdout, /every interface/);
  });

  for (const listen of ['10.0.0.5', 'tcp://10.0.0.5:2376', '10.0.0.5:99999', 'exa mple:2376']) {
    it(`--listen ${listen}: exit 2`, () => {
      const result = certs(['--out', join(folder.path, 'bad-listen'), '--host', '10.0.0.5', '--listen', listen]);
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stderr, /--listen/);
    });
  }
});

/** Writes the printed daemon.json and drop-in where a stock Debian/Docker CE machine keeps them. */
function applySnippet(stdout: string, machine: string): { daemonJson: string; dropIn: string } {
  const daemonJson = /^(\{\n[\s\S]*?\n\})$/m.exec(stdout)?.[1];
  const dropIn = /^(\[Service\]\n[\s\S]*?)\n\n/m.exec(`${stdout}\n\n`)?.[1];
  const dropInName = /(\/etc\/systemd\/system\/docker\.service\.d\/[\w.-]+\.conf)/.exec(stdout)?.[1];
  assert.ok(daemonJson && dropIn && dropInName, `no daemon.json, drop-in or drop-in path in:\n${stdout}`);
  mkdirSync(join(machine, 'etc', 'docker'), { recursive: true });
  mkdirSync(join(machine, 'etc', 'systemd', 'system', 'docker.service.d'), { recursive: true });
  writeFileSync(join(machine, 'etc', 'docker', 'daemon.json'), daemonJson + '\n');
  writeFileSync(join(machine, dropInName), dropIn + '\n');
  return { daemonJson, dropIn };
}

/** Our own linter finds nothing at warning or error level in the machine's files. */
function assertLintsClean(machine: string, stdout?: string): void {
  if (stdout) applySnippet(stdout, machine);
  const sources = [
    join(machine, 'etc', 'docker', 'daemon.json'),
    ...readdirSync(join(machine, 'etc', 'systemd', 'system', 'docker.service.d')).map((name) => join(machine, 'etc', 'systemd', 'system', 'docker.service.d', name)),
  ];
  const results = lintFiles(
    sources.map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') })),
    defaultLintOptions(),
  );
  const findings = results.flatMap((result) => result.findings).filter((finding) => finding.severity !== 'info');
  assert.deepEqual(
    findings.map((finding) => `${finding.ruleId}: ${finding.message}`),
    [],
  );
}
