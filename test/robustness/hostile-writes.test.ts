// `dockerd-lint --fix` on a repository built to turn it into a weapon (issue 16, items 1-2):
// each case is an attack on the real CLI (dist/cli.js) and asserts that nothing outside the
// tree changed and that no file lost bytes, owner, links or labels.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
const scratch: string[] = [];
after(() => scratch.forEach((path) => rmSync(path, { recursive: true, force: true })));

function folder(files: Record<string, string | Buffer> = {}): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dockerd-lint-hostile-')));
  scratch.push(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

function fix(root: string, ...paths: string[]) {
  const result = spawnSync(process.execPath, [cliPath, '--fix', ...(paths.length > 0 ? paths : ['.'])], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function hasProgram(name: string): boolean {
  return spawnSync(name, ['--version'], { encoding: 'utf8' }).error === undefined;
}

const daemonJson = 'etc/docker/daemon.json';
/** "hosts" in daemon.json: the preferred fix creates etc/systemd/system/docker.service.d/override.conf. */
const needsDropIn = '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n';
const openTcp = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';
const adminDropIn = '[Service]\nEnvironment="HTTPS_PROXY=http://proxy.example:3128"\nLimitNOFILE=1048576\n';

describe('--fix never writes outside the real tree', () => {
  it('a symlinked etc/systemd pointing outside: the admin drop-in there is not replaced', () => {
    const root = folder({ [daemonJson]: needsDropIn });
    const outside = folder({ 'system/docker.service.d/override.conf': adminDropIn });
    symlinkSync(outside, join(root, 'etc/systemd'));
    const { stderr } = fix(root);
    assert.equal(readFileSync(join(outside, 'system/docker.service.d/override.conf'), 'utf8'), adminDropIn);
    assert.match(stderr, /not fixed: .*override\.conf: .*symlink/);
  });

  it('a symlinked etc/systemd pointing to an empty folder outside: nothing is created there', () => {
    const root = folder({ [daemonJson]: needsDropIn });
    const outside = folder();
    symlinkSync(outside, join(root, 'etc/systemd'));
    fix(root);
    assert.throws(() => lstatSync(join(outside, 'system')), /ENOENT/);
  });

  it('an in-tree symlinked override.conf (skipped by the walk) is neither followed nor replaced', () => {
    const root = folder({ [daemonJson]: needsDropIn });
    const outside = folder({ 'override.conf': adminDropIn });
    const link = join(root, 'etc/systemd/system/docker.service.d/override.conf');
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(outside, 'override.conf'), link);
    fix(root);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(readlinkSync(link), join(outside, 'override.conf'));
    assert.equal(readFileSync(join(outside, 'override.conf'), 'utf8'), adminDropIn);
  });

  it('a new drop-in is created in a real folder of the tree', () => {
    const root = folder({ [daemonJson]: needsDropIn });
    fix(root);
    assert.match(readFileSync(join(root, 'etc/systemd/system/docker.service.d/override.conf'), 'utf8'), /^ExecStart=$/m);
  });
});

describe('--fix refuses files it cannot rewrite faithfully, with a reason', () => {
  it('bytes that are not valid UTF-8 are not replaced by U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "labels": ["caf'), Buffer.from([0xe9]), Buffer.from('"],\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n')]);
    const root = folder({ [daemonJson]: bytes });
    const { stderr } = fix(root);
    assert.deepEqual(readFileSync(join(root, daemonJson)), bytes);
    assert.match(stderr, /not fixed: .*daemon\.json: .*not valid UTF-8/);
  });

  it('a read-only (0444) file is left alone', () => {
    const root = folder({ [daemonJson]: openTcp });
    chmodSync(join(root, daemonJson), 0o444);
    const { stderr } = fix(root);
    assert.equal(readFileSync(join(root, daemonJson), 'utf8'), openTcp);
    assert.equal(statSync(join(root, daemonJson)).mode & 0o777, 0o444);
    assert.match(stderr, /not fixed: .*daemon\.json: .*read-only/);
  });

  it('a file with another hard link is left alone (both names keep the same bytes)', () => {
    const root = folder({ [daemonJson]: openTcp });
    linkSync(join(root, daemonJson), join(root, 'daemon.json.link'));
    const { stderr } = fix(root, daemonJson);
    assert.equal(readFileSync(join(root, daemonJson), 'utf8'), openTcp);
    assert.equal(statSync(join(root, daemonJson)).nlink, 2);
    assert.match(stderr, /not fixed: .*daemon\.json: .*hard link/);
  });

  it('a file with extended attributes (an ACL, a security label) is left alone', (t) => {
    if (!hasProgram('setfattr') || !hasProgram('getfattr')) return t.skip('setfattr/getfattr (Debian package attr) is not installed');
    const root = folder({ [daemonJson]: openTcp });
    const set = spawnSync('setfattr', ['-n', 'user.label', '-v', 'kept', join(root, daemonJson)], { encoding: 'utf8' });
    if (set.status !== 0) return t.skip(`this file system takes no user.* attributes: ${set.stderr}`);
    const { stderr } = fix(root);
    assert.equal(readFileSync(join(root, daemonJson), 'utf8'), openTcp);
    assert.match(stderr, /not fixed: .*daemon\.json: .*extended attributes \(user\.label\)/);
  });

  it('one refused file and nothing is written: fixes can span files, and half a fix can stop dockerd', () => {
    const root = folder({ 'a/etc/docker/daemon.json': openTcp, 'b/etc/docker/daemon.json': openTcp });
    chmodSync(join(root, 'a/etc/docker/daemon.json'), 0o444);
    const { stderr } = fix(root);
    assert.equal(readFileSync(join(root, 'b/etc/docker/daemon.json'), 'utf8'), openTcp);
    assert.match(stderr, /not fixed: .*a\/etc\/docker\/daemon\.json: .*read-only/);
    assert.match(stderr, /not fixed: .*b\/etc\/docker\/daemon\.json: not written either/);
  });

  it('a fixed file keeps its owner, group and mode', (t) => {
    if (process.getuid?.() !== 0) return t.skip('only root can give a file to another owner');
    const root = folder({ [daemonJson]: openTcp });
    chownSync(join(root, daemonJson), 4321, 4322);
    chmodSync(join(root, daemonJson), 0o640);
    fix(root);
    const stat = statSync(join(root, daemonJson));
    assert.match(readFileSync(join(root, daemonJson), 'utf8'), /"tlsverify": true/);
    assert.deepEqual([stat.uid, stat.gid, stat.mode & 0o7777], [4321, 4322, 0o640]);
  });
});
