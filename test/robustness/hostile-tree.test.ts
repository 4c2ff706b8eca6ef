// Issue 16 items 5, 8 and 12: the CLI in a tree built to hurt it. `.dockerd-lint.json` is
// opened without following links, must be a regular file of bounded size, and is looked for
// only up to the root of what is linted; the walk reads only files it may lint, caps sizes,
// skips what it cannot read with a warning, and follows a symlinked folder named on the
// command line.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readRegularFileBounded } from '../../server/src/bounded-read';
import { assertLinear, measureInChild } from './growth';
import { cliPath, tree } from '../helpers/cli';

function cli(args: string[], cwd: string, asUser?: number) {
  const command = [process.execPath, cliPath, '--format', 'json', ...args];
  // As root every file is readable: EACCES is seen only under another user (setpriv, util-linux).
  const argv = asUser === undefined ? command : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', ...command];
  return spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', timeout: 60_000 });
}

const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

const openTcp = '{ "hosts": ["tcp://0.0.0.0:2375"] }';
const silenceAll = JSON.stringify({
  rules: { 'tcp-without-tls': 'off', 'tcp-all-interfaces': 'off', 'tcp-port-convention': 'off', 'hosts-under-stock-unit': 'off', 'no-authorization-plugin': 'off' },
});
const ruleIdsOf = (stdout: string): string[] => (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((file) => file.messages.map((m) => m.ruleId));

describe('.dockerd-lint.json is read safely (issue 16 item 5)', () => {
  it('a symlink to /dev/zero: refused with a reason, no read', () => {
    const root = tree({ 'etc/docker/daemon.json': openTcp });
    symlinkSync('/dev/zero', join(root, '.dockerd-lint.json'));
    const result = cli(['.'], root);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /\.dockerd-lint\.json: it is a symbolic link, which dockerd-lint does not follow/);
  });

  it('a FIFO: refused at once, no hang', () => {
    const root = tree({ 'etc/docker/daemon.json': openTcp });
    assert.equal(spawnSync('mkfifo', [join(root, '.dockerd-lint.json')]).status, 0, 'mkfifo');
    const result = cli(['.'], root);
    assert.equal(result.signal, null, 'not killed by the timeout');
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /it is not a regular file \(a FIFO\)/);
  });

  it('a file past the size cap: refused; a regular file is read', () => {
    const root = tree({ big: '', small: silenceAll });
    truncateSync(join(root, 'big'), 2 * 1024 * 1024);
    assert.throws(() => readRegularFileBounded(join(root, 'big')), /it is 2097152 bytes; dockerd-lint reads configuration files up to 1048576 bytes/);
    assert.equal(readRegularFileBounded(join(root, 'small')), silenceAll);
  });
});

describe('.dockerd-lint.json is looked for only up to the lint root (issue 16 item 12)', () => {
  it('one above the repository (the nearest folder with .git) is not used', () => {
    const outer = tree({ '.dockerd-lint.json': silenceAll, 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/etc/docker/daemon.json': openTcp });
    const result = cli(['repo'], outer);
    assert.ok(ruleIdsOf(result.stdout).includes('tcp-without-tls'), result.stdout + result.stderr);
  });

  it('outside a repository, one above the path given is not used; one in it is', () => {
    const outer = tree({ '.dockerd-lint.json': silenceAll, 'project/etc/docker/daemon.json': openTcp });
    assert.ok(ruleIdsOf(cli(['project'], outer).stdout).includes('tcp-without-tls'));
    writeFileSync(join(outer, 'project', '.dockerd-lint.json'), silenceAll);
    assert.ok(!ruleIdsOf(cli(['project'], outer).stdout).includes('tcp-without-tls'));
  });

  it('inside a repository, the one at its root applies to a folder below', () => {
    const repo = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.dockerd-lint.json': silenceAll, 'deep/etc/docker/daemon.json': openTcp });
    assert.ok(!ruleIdsOf(cli(['deep'], repo).stdout).includes('tcp-without-tls'));
  });
});

describe('the CLI walk (issue 16 item 8)', () => {
  it('skips an unreadable folder and file with a warning, and lints the rest', { skip: isRoot && !hasSetpriv ? 'running as root without setpriv: EACCES cannot happen' : false }, () => {
    const root = tree({ 'etc/docker/daemon.json': openTcp, 'locked/compose.yaml': 'services: {}\n', 'units/docker.service': '[Service]\n' });
    spawnSync('chmod', ['-R', 'a+rX', root]);
    chmodSync(join(root, 'locked'), 0o000);
    chmodSync(join(root, 'units', 'docker.service'), 0o000);
    const result = cli(['.'], root, isRoot ? 65534 : undefined);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /skipped .*locked: EACCES/);
    assert.match(result.stderr, /skipped .*docker\.service: EACCES/);
    assert.ok(ruleIdsOf(result.stdout).includes('tcp-without-tls'));
  });

  it('follows a symlink to a folder given on the command line', () => {
    const root = tree({ 'real/etc/docker/daemon.json': openTcp });
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const result = cli(['link'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.ok(ruleIdsOf(result.stdout).includes('tcp-without-tls'));
  });

  it('a large file of no lintable name is not read; a large compose.yaml gets analysis-limit with its real size', () => {
    const root = tree({ 'etc/docker/daemon.json': openTcp, 'disk.img': '', 'compose.yaml': 'services:\n' });
    truncateSync(join(root, 'disk.img'), 64 * 1024 * 1024);
    truncateSync(join(root, 'compose.yaml'), 64 * 1024 * 1024);
    const small = measureInChild(join(__dirname, 'cli-rss-child.ts'), [root, '16']);
    const result = cli(['.'], root);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    assert.ok(!files.some((file) => file.filePath.endsWith('disk.img')));
    const compose = files.find((file) => file.filePath.endsWith('compose.yaml'));
    assert.match(compose?.messages[0]?.message ?? '', /This file is 64\.0 MB/);
    truncateSync(join(root, 'disk.img'), 256 * 1024 * 1024);
    truncateSync(join(root, 'compose.yaml'), 256 * 1024 * 1024);
    const large = measureInChild(join(__dirname, 'cli-rss-child.ts'), [root, '64']);
    assertLinear('the walk over large files', small, { ...large, bytes: 4 * small.bytes });
    assert.ok(large.rssGrowth < 64 * 1024 * 1024, `peak RSS grew ${large.rssGrowth} bytes for 512 MB of files`);
  });
});
