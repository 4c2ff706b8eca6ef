// Every file `--fix` writes goes through here. The CLI runs as root in CI on repositories
// nobody reviewed, so a write must not be steered out of the tree by a symlink, must not
// replace what it did not read, and must not lose what a rename cannot carry over:
// - writes stay under the real path of a folder being linted (or are an explicitly named
//   file, where it really is); no folder on the way to a new file may be a symlink;
// - a new file is created only where nothing is (exclusive create, then a no-replace link);
// - an existing file is replaced atomically only if it is still exactly what was read
//   (identity, size, times, SHA-256) just before the rename, keeping its owner and mode;
// - what a replacement would break is refused with a reason: hard links, read-only files,
//   extended attributes (ACLs, SELinux labels), bytes that are not UTF-8.

import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  type Stats,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { decodeDaemonJson } from '../engine/daemon-json/decode';

/** A write that must not happen; the message says why, for "not fixed: PATH: REASON". */
export class WriteRefused extends Error {}

/** Where writes may go: under these real folders, or exactly these real files. */
export interface WriteScope {
  folders: { given: string; real: string }[];
  files: string[];
}

/** The scope of the paths given on the command line (each resolved to its real path). */
export function writeScope(paths: readonly string[]): WriteScope {
  const scope: WriteScope = { folders: [], files: [] };
  for (const path of paths) {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      continue;
    }
    if (statSync(real).isDirectory()) scope.folders.push({ given: resolve(path), real });
    else scope.files.push(real);
  }
  return scope;
}

/** An existing file as it was when its text was read: what the rename re-checks. */
export interface FileSnapshot {
  /** The real path: a symlink named on the command line is written where it points. */
  path: string;
  stat: Stats;
  sha256: string;
}

/** Test seam: runs after the new content is on disk, just before the re-check and rename. */
export interface WriteHooks {
  beforeRename?(path: string): void;
}

const readFlags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Takes the snapshot of `path` whose text was `expectedText`, or throws WriteRefused with the
 * reason it must not be rewritten.
 */
export function snapshotForRewrite(path: string, expectedText: string, scope: WriteScope): FileSnapshot {
  const real = realpathSync(path);
  if (!scope.files.includes(real) && !scope.folders.some((folder) => isInside(real, folder.real))) {
    throw new WriteRefused(`it resolves to ${real}, outside the folders being linted`);
  }
  const { stat, bytes } = readWhole(real);
  if (stat.nlink > 1) throw new WriteRefused(`it has ${stat.nlink} hard links: a new file would split them`);
  if ((stat.mode & 0o222) === 0) throw new WriteRefused(`it is read-only (mode ${(stat.mode & 0o7777).toString(8).padStart(4, '0')})`);
  const decoded = decodeDaemonJson(bytes);
  if (decoded.encoding !== 'utf-8') throw new WriteRefused(`it is ${decoded.encoding.toUpperCase()}: --fix writes UTF-8 only and does not change a file's encoding`);
  if (decoded.invalidUtf8Offset !== undefined) throw new WriteRefused('it holds bytes that are not valid UTF-8: --fix does not rewrite them');
  if (decoded.text !== expectedText) throw new WriteRefused('it changed after it was read; run --fix again');
  const attributes = extendedAttributes(real);
  if (attributes.length > 0) throw new WriteRefused(`it has extended attributes (${attributes.join(', ')}): a new file would lose ACLs and security labels`);
  return { path: real, stat, sha256: sha256(bytes) };
}

/** Replaces a snapshotted file with `text`, atomically, unless it changed since the snapshot. */
export function replaceFile(snapshot: FileSnapshot, text: string, hooks: WriteHooks = {}): void {
  const temporary = writeTemporary(snapshot.path, text, (fd) => {
    try {
      fchownSync(fd, snapshot.stat.uid, snapshot.stat.gid);
    } catch (error) {
      throw new WriteRefused(`its owner ${snapshot.stat.uid}:${snapshot.stat.gid} could not be kept (${(error as NodeJS.ErrnoException).code})`);
    }
    fchmodSync(fd, snapshot.stat.mode & 0o7777);
  });
  try {
    hooks.beforeRename?.(snapshot.path);
    if (realpathSync(snapshot.path) !== snapshot.path) throw new WriteRefused('its path now goes through a symlink; left alone');
    const now = readWhole(snapshot.path);
    if (!sameFile(now.stat, snapshot.stat) || sha256(now.bytes) !== snapshot.sha256) throw new WriteRefused('it changed while --fix ran; left alone, run --fix again');
    renameSync(temporary, snapshot.path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
}

/** Throws WriteRefused when createFile could not create `path`; creates nothing itself. */
export function checkCreatable(path: string, scope: WriteScope): void {
  newFileTarget(path, scope, false);
}

/**
 * Creates `path` with `text` under a folder of `scope`: folders on the way are created or must
 * be real folders (not symlinks), and nothing of that name may exist, not even a dangling link.
 */
export function createFile(path: string, text: string, scope: WriteScope, hooks: WriteHooks = {}): void {
  const target = newFileTarget(path, scope, true);
  const temporary = writeTemporary(target, text, (fd) => fchmodSync(fd, 0o644));
  try {
    hooks.beforeRename?.(target);
    // link() never replaces: a file or link that appeared meanwhile makes it fail with EEXIST.
    linkSync(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new WriteRefused('a file of that name appeared while --fix ran; left alone');
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * The real path a new file `path` gets: below the real path of its folder in `scope`, through
 * folders that are real folders (with `make`, missing ones are created; without, the check
 * stops at the first missing one, below which nothing exists), at a name nothing has.
 */
function newFileTarget(path: string, scope: WriteScope, make: boolean): string {
  const absolute = resolve(path);
  const folder = scope.folders.find((candidate) => isInside(absolute, candidate.given));
  if (!folder) throw new WriteRefused('a fix would create it outside the given folders');
  const parts = relative(folder.given, absolute).split(sep);
  let directory = folder.real;
  for (const part of parts.slice(0, -1)) {
    directory = join(directory, part);
    if (make) {
      try {
        mkdirSync(directory, { mode: 0o755 });
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const stat = lstatOrUndefined(directory);
    if (!stat) return join(folder.real, ...parts);
    if (stat.isSymbolicLink()) throw new WriteRefused(`${directory} is a symlink: --fix creates nothing through a symlink`);
    if (!stat.isDirectory()) throw new WriteRefused(`${directory} is not a folder`);
  }
  const target = join(directory, parts[parts.length - 1]);
  const existing = lstatOrUndefined(target);
  if (existing) throw new WriteRefused(`${existing.isSymbolicLink() ? 'a symlink' : 'a file'} of that name exists already (not read by the walk): --fix creates only where nothing is`);
  return target;
}

/** A fresh temporary file beside `path` (exclusive create, no symlink followed), synced to disk. */
function writeTemporary(path: string, text: string, prepare: (fd: number) => void): string {
  const temporary = join(dirname(path), `.${basename(path)}.dockerd-lint-${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    prepare(fd);
    const bytes = Buffer.from(text, 'utf8');
    for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temporary);
    throw error;
  }
  closeSync(fd);
  return temporary;
}

/** Reads a regular file without following a symlink or blocking on a FIFO. */
function readWhole(path: string): { stat: Stats; bytes: Buffer } {
  let fd: number;
  try {
    fd = openSync(path, readFlags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new WriteRefused('it is a symlink');
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new WriteRefused('it is not a regular file');
    return { stat, bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

function sameFile(now: Stats, then: Stats): boolean {
  return now.dev === then.dev && now.ino === then.ino && now.size === then.size && now.mtimeMs === then.mtimeMs && now.ctimeMs === then.ctimeMs && now.nlink === then.nlink;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Names of the file's extended attributes. Node has no API for them, so this asks getfattr
 * (Debian package attr) with a fixed argument list, no shell. Without getfattr none are seen:
 * docs/robustness.md says so.
 */
export function extendedAttributes(path: string): string[] {
  let output: string;
  try {
    output = execFileSync('getfattr', ['--absolute-names', '--match=-', '--', path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new WriteRefused(`its extended attributes could not be listed (${(error as Error).message.split('\n')[0]})`);
  }
  return output.split('\n').filter((line) => line !== '' && !line.startsWith('# file:'));
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
