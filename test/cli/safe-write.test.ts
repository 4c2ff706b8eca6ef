// safe-write on real files: the races and file types the CLI test cannot time (a file that
// changes between the plan and the rename, a FIFO, a name that appears meanwhile, an ACL).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { WriteRefused, checkCreatable, createFile, replaceFile, snapshotForRewrite, writeScope } from '../../server/src/cli/safe-write';

const scratch: string[] = [];
after(() => scratch.forEach((path) => rmSync(path, { recursive: true, force: true })));

function folder(): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'dockerd-lint-safe-write-')));
  scratch.push(root);
  return root;
}

function refused(work: () => void, reason: RegExp): void {
  assert.throws(work, (error: unknown) => error instanceof WriteRefused && reason.test((error as Error).message));
}

const original = '{ "hosts": ["tcp://0.0.0.0:2375"] }\n';
const fixed = '{ "hosts": ["tcp://127.0.0.1:2375"] }\n';

describe('replaceFile re-checks the file just before the rename', () => {
  it('a line appended between the plan and the rename is kept: the file is left alone', () => {
    const root = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, original);
    const snapshot = snapshotForRewrite(path, original, writeScope([root]));
    refused(() => replaceFile(snapshot, fixed, { beforeRename: (target) => appendFileSync(target, '// added meanwhile\n') }), /changed while --fix ran/);
    assert.equal(readFileSync(path, 'utf8'), `${original}// added meanwhile\n`);
    assert.deepEqual(readdirSync(root), ['daemon.json'], 'the temporary file is removed');
  });

  it('a same-size rewrite with the same bytes count but other content is caught by the hash or times', () => {
    const root = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, original);
    const snapshot = snapshotForRewrite(path, original, writeScope([root]));
    refused(() => replaceFile(snapshot, fixed, { beforeRename: (target) => writeFileSync(target, original.replace('2375', '2376')) }), /changed while --fix ran/);
    assert.match(readFileSync(path, 'utf8'), /2376/);
  });

  it('the file swapped for a symlink meanwhile: the link is not replaced, its target not written', () => {
    const root = folder();
    const elsewhere = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, original);
    writeFileSync(join(elsewhere, 'secret.json'), original);
    const snapshot = snapshotForRewrite(path, original, writeScope([root]));
    const swap = () => {
      unlinkSync(path);
      symlinkSync(join(elsewhere, 'secret.json'), path);
    };
    refused(() => replaceFile(snapshot, fixed, { beforeRename: swap }), /symlink|changed/);
    assert.ok(lstatSync(path).isSymbolicLink());
    assert.equal(readFileSync(join(elsewhere, 'secret.json'), 'utf8'), original);
  });

  it('an unchanged file is replaced, and no temporary file is left', () => {
    const root = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, original);
    replaceFile(snapshotForRewrite(path, original, writeScope([root])), fixed);
    assert.equal(readFileSync(path, 'utf8'), fixed);
    assert.deepEqual(readdirSync(root), ['daemon.json']);
  });
});

describe('snapshotForRewrite refuses what a replacement would damage', () => {
  it('a text that differs from what was linted (changed after the read)', () => {
    const root = folder();
    writeFileSync(join(root, 'daemon.json'), original);
    refused(() => snapshotForRewrite(join(root, 'daemon.json'), '{}', writeScope([root])), /changed after it was read/);
  });

  it('a FIFO named like a config file: refused without blocking', () => {
    const root = folder();
    const fifo = join(root, 'daemon.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    refused(() => snapshotForRewrite(fifo, original, writeScope([fifo])), /not a regular file/);
  });

  it('UTF-16 is not rewritten as UTF-8', () => {
    const root = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(original, 'utf16le')]));
    refused(() => snapshotForRewrite(path, `\ufeff${original}`, writeScope([root])), /UTF-16LE/);
  });

  it('a file whose real path is outside every folder being linted', () => {
    const root = folder();
    const elsewhere = folder();
    writeFileSync(join(elsewhere, 'daemon.json'), original);
    symlinkSync(join(elsewhere, 'daemon.json'), join(root, 'daemon.json'));
    refused(() => snapshotForRewrite(join(root, 'daemon.json'), original, writeScope([root])), /outside the folders being linted/);
  });

  it('a POSIX ACL', (t) => {
    const root = folder();
    const path = join(root, 'daemon.json');
    writeFileSync(path, original);
    const acl = spawnSync('setfacl', ['-m', 'u:4321:r', path], { encoding: 'utf8' });
    if (acl.error || acl.status !== 0) return t.skip(`setfacl (Debian package acl) is missing or unsupported here: ${acl.error?.message ?? acl.stderr}`);
    if (spawnSync('getfattr', ['--version']).error) return t.skip('getfattr (Debian package attr) is not installed');
    refused(() => snapshotForRewrite(path, original, writeScope([root])), /extended attributes \(system\.posix_acl_access\)/);
  });
});

describe('createFile creates only where nothing is, through real folders', () => {
  it('a file that appears between the check and the link is not replaced', () => {
    const root = folder();
    const path = join(root, 'docker.service.d/override.conf');
    refused(() => createFile(path, 'new\n', writeScope([root]), { beforeRename: (target) => writeFileSync(target, 'admin\n') }), /appeared while --fix ran/);
    assert.equal(readFileSync(path, 'utf8'), 'admin\n');
    assert.deepEqual(readdirSync(join(root, 'docker.service.d')), ['override.conf']);
  });

  it('a dangling symlink of that name is not followed', () => {
    const root = folder();
    const elsewhere = folder();
    mkdirSync(join(root, 'd'));
    symlinkSync(join(elsewhere, 'planted'), join(root, 'd/override.conf'));
    refused(() => createFile(join(root, 'd/override.conf'), 'new\n', writeScope([root])), /a symlink of that name exists/);
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  it('a path outside the folders, or only next to a file named on the command line', () => {
    const root = folder();
    writeFileSync(join(root, 'daemon.json'), original);
    refused(() => createFile(join(root, 'override.conf'), 'new\n', writeScope([join(root, 'daemon.json')])), /outside the given folders/);
    refused(() => createFile(join(root, '..', 'override.conf'), 'new\n', writeScope([root])), /outside the given folders/);
  });

  it('checkCreatable checks the same things and creates no folder', () => {
    const root = folder();
    const elsewhere = folder();
    symlinkSync(elsewhere, join(root, 'linked'));
    checkCreatable(join(root, 'new/deeper/override.conf'), writeScope([root]));
    assert.deepEqual(readdirSync(root), ['linked']);
    refused(() => checkCreatable(join(root, 'linked/override.conf'), writeScope([root])), /is a symlink/);
  });

  it('through a root given as a symlink, the file lands in the real folder', () => {
    const real = folder();
    const links = folder();
    symlinkSync(real, join(links, 'repo'));
    createFile(join(links, 'repo/etc/x.conf'), 'new\n', writeScope([join(links, 'repo')]));
    assert.equal(readFileSync(join(real, 'etc/x.conf'), 'utf8'), 'new\n');
  });
});
