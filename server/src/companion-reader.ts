// The files a Compose project reads besides the linted ones (.env, override, included and
// extended files, env files), read for the engine (compose/project.ts) by the CLI and the server. They come from
// repositories nobody reviewed, so a read is bounded: only inside the real path of a folder
// being linted (a symlinked folder or file that leads out is refused), only a regular file
// (no FIFO to hang on, no device), at most maxCompanionSize bytes, at most maxCompanionReads files.

import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDaemonJson } from './engine/daemon-json/decode';

export const maxCompanionSize = 1024 * 1024;
export const maxCompanionReads = 256;

const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** A reader confined to the real folders of `paths` (a file's own folder for a file): the CLI's paths, the server's workspace folders. */
export function companionReader(paths: readonly string[]): (uri: string) => string | undefined {
  const roots = paths.flatMap((path) => {
    try {
      const real = realpathSync(path);
      return [statSync(real).isDirectory() ? real : dirname(real)];
    } catch {
      return [];
    }
  });
  const cache = new Map<string, string | undefined>();
  return (uri) => {
    if (cache.has(uri)) return cache.get(uri);
    const text = cache.size < maxCompanionReads ? readConfined(uri, roots) : undefined;
    cache.set(uri, text);
    return text;
  };
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function readConfined(uri: string, roots: readonly string[]): string | undefined {
  let path: string;
  try {
    path = resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
  let fd: number | undefined;
  try {
    // The folder's real path must stay inside a root; the file itself must not be a symlink.
    const folder = realpathSync(dirname(path));
    if (!roots.some((root) => inside(folder, root))) return undefined;
    fd = openSync(resolve(folder, path.slice(path.lastIndexOf(sep) + 1)), readFlags);
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxCompanionSize) return undefined;
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const count = readSync(fd, bytes, read, bytes.length - read, read);
      if (count === 0) break;
      read += count;
    }
    return decodeDaemonJson(bytes.subarray(0, read)).text;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
