// V8's code cache for the server bundle: compiling the 1 MB bundle, and then every function
// the first lint runs, is most of what a cold start costs beyond Node's own start. The cache
// (V8 bytecode) is kept per user, where only that user can write: bytecode is code, so a
// cache another user could write would let them run code as this one. Anything unexpected
// (a folder that is not private, a file that does not read back) means no cache: the server
// then compiles its source as it would without one.

import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

import { cacheDirVariable } from '../protocol';

/** Set to a folder to keep the cache there (the editor's storage, a test's folder); set empty to use none. */
export { cacheDirVariable };

/** Where the per-user cache folder is by default, following each platform's convention. */
export function defaultCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string | undefined {
  if (platform === 'win32') return env.LOCALAPPDATA && isAbsolute(env.LOCALAPPDATA) ? join(env.LOCALAPPDATA, 'dockerd-lint', 'Cache') : undefined;
  if (!home) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'dockerd-lint');
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'dockerd-lint');
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env[cacheDirVariable];
  if (chosen !== undefined) return chosen !== '' && isAbsolute(chosen) ? chosen : undefined;
  return defaultCacheDir(env, process.platform, safeHomedir());
}

function safeHomedir(): string {
  try {
    return homedir();
  } catch {
    return '';
  }
}

/** True when only this user can change the entry (POSIX: owned by us, no group/other write, no symlink). */
function privateToUser(stats: { uid: number; mode: number; isSymbolicLink(): boolean }): boolean {
  if (stats.isSymbolicLink()) return false;
  if (typeof process.getuid !== 'function') return true;
  return stats.uid === process.getuid() && (stats.mode & 0o022) === 0;
}

const cacheSuffix = '.v8cache';

export interface CodeCache {
  file: string;
  /** The cached bytecode, when a usable file was there. */
  data?: Buffer;
}

/**
 * The cache file for a bundle whose source hashes to `sourceHash` (V8 checks its own version
 * and flags, but only the source's length: the hash in the name tells sources apart).
 */
export function openCodeCache(sourceHash: string, dir = cacheDir()): CodeCache | undefined {
  if (!dir) return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!lstatSync(dir).isDirectory() || !privateToUser(lstatSync(dir))) return undefined;
    const file = join(dir, `server-${sourceHash}-${process.version}-${process.arch}${cacheSuffix}`);
    return { file, data: readPrivateFile(file) };
  } catch {
    return undefined;
  }
}

function readPrivateFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    // No symlink is followed: the file itself must be ours.
    if (!privateToUser(lstatSync(file))) return undefined;
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile() || !privateToUser(stats)) return undefined;
    const data = Buffer.alloc(stats.size);
    let read = 0;
    while (read < data.length) {
      const n = readSync(fd, data, read, data.length - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return data;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Replaces the cache file in one step (a half-written file is never read). Failing is harmless. */
export function writeCodeCache(cache: CodeCache, data: () => Buffer): void {
  const temporary = `${cache.file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data(), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, cache.file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    return;
  }
  removeOtherCaches(cache.file);
}

/**
 * A cache serves one bundle on one runtime, so the caches of earlier versions (an extension
 * update, a new Node or Electron) would never be read again: without this they pile up.
 * Only regular files named like ours go; failing leaves them, which is harmless.
 */
function removeOtherCaches(kept: string): void {
  const dir = dirname(kept);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (name === basename(kept) || !name.startsWith('server-') || !name.endsWith(cacheSuffix)) continue;
    try {
      if (lstatSync(join(dir, name)).isFile()) unlinkSync(join(dir, name));
    } catch {
      // Gone already: another server pruned it.
    }
  }
}
