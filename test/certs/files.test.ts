// The writer on its own: backups never overwrite backups, links are not written through,
// a refused write leaves nothing behind.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FilesExistError, type PlannedFile, writeCertificateFiles } from '../../server/src/engine/certs/files';
import { temporaryDirectory } from './helpers';

const files = (version: string): PlannedFile[] => [
  { name: 'ca.pem', secret: false, contents: `ca ${version}\n` },
  { name: 'key.pem', secret: true, contents: `key ${version}\n` },
];

describe('writeCertificateFiles', () => {
  const folder = temporaryDirectory('files');
  after(() => folder.remove());
  const now = new Date('2026-01-02T03:04:05.678Z');

  it('gives a second backup in the same second its own name', () => {
    const out = join(folder.path, 'same-second');
    writeCertificateFiles(out, files('1'), { replace: false });
    const first = writeCertificateFiles(out, files('2'), { replace: true, now });
    const second = writeCertificateFiles(out, files('3'), { replace: true, now });
    assert.deepEqual(
      first.backups.map((b) => b.backup.slice(out.length + 1)),
      ['ca.pem.bak-20260102T030405Z', 'key.pem.bak-20260102T030405Z'],
    );
    assert.deepEqual(
      second.backups.map((b) => b.backup.slice(out.length + 1)),
      ['ca.pem.bak-20260102T030405Z-2', 'key.pem.bak-20260102T030405Z-2'],
    );
    assert.equal(readFileSync(join(out, 'key.pem.bak-20260102T030405Z'), 'utf8'), 'key 1\n');
    assert.equal(readFileSync(join(out, 'key.pem.bak-20260102T030405Z-2'), 'utf8'), 'key 2\n');
    assert.equal(readFileSync(join(out, 'key.pem'), 'utf8'), 'key 3\n');
  });

  it('refuses without replace, names the files, and leaves no temporary file', () => {
    const out = join(folder.path, 'refused');
    writeCertificateFiles(out, files('1'), { replace: false });
    assert.throws(
      () => writeCertificateFiles(out, files('2'), { replace: false }),
      (error: unknown) => {
        assert.ok(error instanceof FilesExistError);
        assert.deepEqual(error.existing, ['ca.pem', 'key.pem']);
        assert.doesNotMatch(error.message, /key 2/);
        return true;
      },
    );
    assert.deepEqual(readdirSync(out).sort(), ['ca.pem', 'key.pem']);
  });

  it('does not replace a symbolic link, even when asked to', () => {
    const out = join(folder.path, 'link');
    writeCertificateFiles(out, [files('1')[0]], { replace: false });
    const elsewhere = join(folder.path, 'elsewhere.pem');
    writeFileSync(elsewhere, 'not ours\n');
    symlinkSync(elsewhere, join(out, 'key.pem'));
    assert.throws(() => writeCertificateFiles(out, files('2'), { replace: true, now }), /key\.pem is not a regular file/);
    assert.equal(readFileSync(elsewhere, 'utf8'), 'not ours\n');
    assert.equal(readFileSync(join(out, 'ca.pem'), 'utf8'), 'ca 1\n');
    assert.deepEqual(readdirSync(out).sort(), ['ca.pem', 'key.pem']);
  });

  it('counts a dangling link as an existing file', () => {
    const out = join(folder.path, 'dangling');
    writeCertificateFiles(out, [files('1')[0]], { replace: false });
    symlinkSync(join(folder.path, 'missing.pem'), join(out, 'key.pem'));
    assert.throws(
      () => writeCertificateFiles(out, files('2'), { replace: false }),
      (error: unknown) => error instanceof FilesExistError && error.existing.join() === 'ca.pem,key.pem',
    );
  });
});
