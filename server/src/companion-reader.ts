// The files a lint reads besides the linted ones: a Compose project's .env, override, included
// and extended files and env files (compose/project.ts), read by the CLI and the server, and in
// the server the files of a document's machine (a daemon.json beside a drop-in). They come from
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

/**
 * Reads confined to the real folders of `paths` (a file's own folder for a file): the CLI's
 * paths, the server's workspace folders. Every call reads the disk; the folders' real paths
 * are taken once, here.
 */
export function confinedReader(paths: readonly string[]): (uri: string) => string | undefined {
  const roots = paths.flatMap((path) => {
    try {
      const real = realpathSync(path);
      return [statSync(real).isDirectory() ? real : dirname(real)];
    } catch {
      return [];
    }
  });
  return (uri) => readConfined(uri, roots);
}

/** One run's reads through `read`: each URI read once, at most maxCompanionReads of them. */
export class CompanionReads {
  /** What each URI read gave (undefined: nothing to read, refused, or over the budget). */
  readonly texts = new Map<string, string | undefined>();

  constructor(private readonly load: (uri: string) => string | undefined) {}

  readonly read = (uri: string): string | undefined => {
    if (this.texts.has(uri)) return this.texts.get(uri);
    const text = this.texts.size < maxCompanionReads ? this.load(uri) : undefined;
    this.texts.set(uri, text);
    return text;
  };
}

/** The CLI's reader for one run: confined to `paths`, each URI read once, within the budget. */
export function companionReader(paths: readonly string[]): (uri: string) => string | undefined {
  return new CompanionReads(confinedReader(paths)).read;
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
