// dist/server.js runs the server bundle through V8's code cache, kept where only the user
// can write (the bytecode is code). The server must work the same with no cache, a fresh
// one, a broken one, or a folder others could write to, where it keeps none.

import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { cacheDir, cacheDirVariable, defaultCacheDir, openCodeCache, writeCodeCache } from '../../server/src/lsp/code-cache';
import { startServer } from './lsp-client';

const work = mkdtempSync(join(tmpdir(), 'dockerd-lint-code-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

const daemonJson = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';

/** Starts the server with the cache in `dir`, lints a daemon.json, stops it (the cache is written at exit). */
async function lintOnce(dir: string): Promise<string[]> {
  const workspace = mkdtempSync(join(work, 'workspace-'));
  mkdirSync(join(workspace, 'etc', 'docker'), { recursive: true });
  const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, env: { ...process.env, [cacheDirVariable]: dir } });
  const uri = pathToFileURL(join(workspace, 'etc', 'docker', 'daemon.json')).href;
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: daemonJson } });
  const published = await server.waitForDiagnostics(uri, (params) => params.diagnostics.length > 0);
  assert.equal(await server.stop(), 0);
  return published.diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.v8cache')) : [];
}

describe("the server bundle through V8's code cache", () => {
  const posix = process.platform !== 'win32';
  let expected: string[];

  it('without a cache the server lints, and leaves one behind, private to the user', async () => {
    const dir = join(work, 'fresh', 'cache');
    expected = await lintOnce(dir);
    assert.ok(expected.includes('tcp-without-tls'), `findings: ${expected}`);
    const [file] = cacheFiles(dir);
    assert.ok(file, 'no cache file was written');
    if (posix) {
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600);
    }
  });

  it('with the cache the findings are the same and V8 takes it (the file is not rewritten)', async () => {
    const dir = join(work, 'fresh', 'cache');
    const [file] = cacheFiles(dir);
    const before = statSync(join(dir, file));
    assert.deepEqual(await lintOnce(dir), expected);
    const afterwards = statSync(join(dir, file));
    assert.equal(afterwards.ino, before.ino);
    assert.equal(afterwards.mtimeMs, before.mtimeMs);
  });

  it('a broken cache file is ignored and replaced', async () => {
    const dir = join(work, 'fresh', 'cache');
    const [file] = cacheFiles(dir);
    writeFileSync(join(dir, file), Buffer.from('not bytecode'), { mode: 0o600 });
    assert.deepEqual(await lintOnce(dir), expected);
    assert.ok(statSync(join(dir, file)).size > 1000, 'the broken file was not replaced');
  });

  it('a cache folder others can write to is not used', { skip: !posix && 'POSIX permissions' }, async () => {
    const dir = join(work, 'shared');
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    assert.deepEqual(await lintOnce(dir), expected);
    assert.deepEqual(cacheFiles(dir), []);
    assert.equal(openCodeCache('0123456789abcdef', dir), undefined);
  });

  it('a cache file that is a symlink is not read', { skip: !posix && 'POSIX symlinks' }, () => {
    const dir = join(work, 'linked');
    mkdirSync(dir, { mode: 0o700 });
    const probe = openCodeCache('0123456789abcdef', dir);
    assert.ok(probe && probe.data === undefined);
    const elsewhere = join(work, 'elsewhere.v8cache');
    writeFileSync(elsewhere, 'bytes', { mode: 0o600 });
    symlinkSync(elsewhere, probe.file);
    assert.equal(openCodeCache('0123456789abcdef', dir)?.data, undefined);
  });

  it('writing a cache removes the caches of other bundles and runtimes, and nothing else', () => {
    const dir = join(work, 'pruned');
    mkdirSync(dir, { mode: 0o700 });
    const earlier = ['server-00000000deadbeef-v20.0.0-x64.v8cache', 'server-1111111111111111-v18.19.0-x64.v8cache'];
    const unrelated = ['notes.txt', 'other-tool.v8cache'];
    for (const name of [...earlier, ...unrelated]) writeFileSync(join(dir, name), 'bytes', { mode: 0o600 });
    mkdirSync(join(dir, 'server-directory.v8cache'));
    const cache = openCodeCache('0123456789abcdef', dir);
    assert.ok(cache);
    writeCodeCache(cache, () => Buffer.from('bytecode'));
    assert.deepEqual(readdirSync(dir).sort(), [...unrelated, cache.file.split('/').pop(), 'server-directory.v8cache'].sort());
  });

  it("the folder follows each platform's convention, or the variable (empty: no cache)", () => {
    assert.equal(defaultCacheDir({}, 'linux', '/home/ann'), '/home/ann/.cache/dockerd-lint');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann'), '/var/cache/ann/dockerd-lint');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ann'), '/home/ann/.cache/dockerd-lint');
    assert.equal(defaultCacheDir({}, 'darwin', '/Users/ann'), '/Users/ann/Library/Caches/dockerd-lint');
    assert.equal(defaultCacheDir({}, 'linux', ''), undefined);
    assert.equal(cacheDir({ [cacheDirVariable]: '' }), undefined);
    assert.equal(cacheDir({ [cacheDirVariable]: 'relative/dir' }), undefined);
    assert.equal(cacheDir({ [cacheDirVariable]: '/tmp/x' }), '/tmp/x');
  });
});
