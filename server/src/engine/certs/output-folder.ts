// Whether a folder is a safe and possible place for private keys, checked before any key is
// generated so that a bad --out costs a one-line reason, not a stack or a hang:
// - every folder on the way (symlinks followed, and the links themselves) belongs to this user
//   or root, as the V8 code cache requires of its folder (server/src/lsp/code-cache.ts):
//   another user who owns a folder on the path can rename entries and swap in their own ca.pem;
// - a shared folder (others may write) is only crossed when sticky (/tmp), never written into;
// - not a file, not a pseudo file system (/proc, /sys: writes there hang or mean something
//   else), not read-only, and reachable.

import { accessSync, constants, lstatSync, readlinkSync, statfsSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';

/** statfs(2) f_type of file systems that hold no files of ours (linux/magic.h). */
const pseudoFileSystems = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x74726163, 'tracefs'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0x6e736673, 'nsfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0xde5e81e4, 'efivarfs'],
  [0x50495045, 'pipefs'],
]);

/** At most this many symlinks on the way, as the kernel's own limit (ELOOP). */
const maxLinks = 40;

const currentUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

function ownerProblem(path: string, stats: Stats): string | undefined {
  const uid = currentUid();
  if (uid === undefined || stats.uid === uid || stats.uid === 0) return undefined;
  return `${path} is owned by another user (uid ${stats.uid}), who could replace the files: choose a folder of your own`;
}

function errorReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `${path} cannot be reached: permission denied`;
  if (code === 'ENOTDIR') return `${path} is a file, not a folder`;
  if (code === 'ELOOP') return `${path}: too many symbolic links`;
  return `${path} cannot be reached: ${code ?? (error as Error).message}`;
}

/**
 * Why `folder` cannot take the certificate files, or undefined when it can (it may not exist
 * yet: then its nearest existing parent is checked, and the rest is created 0700 by the writer).
 */
export function outputFolderProblem(folder: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const wanted = resolve(folder);
  if (!isAbsolute(wanted)) return `${folder} is not an absolute path`;
  const pending = wanted.split(sep).filter((part) => part !== '');
  let current = '/';
  let links = 0;
  while (pending.length > 0) {
    const next = join(current, pending.shift()!);
    let stats: Stats;
    try {
      stats = lstatSync(next);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return creatableProblem(current);
      return errorReason(next, error);
    }
    const owner = ownerProblem(next, stats);
    if (owner) return owner;
    if (stats.isSymbolicLink()) {
      if (++links > maxLinks) return `${wanted}: too many symbolic links`;
      const target = readlinkSync(next);
      pending.unshift(...target.split(sep).filter((part) => part !== ''));
      current = isAbsolute(target) ? '/' : current;
      continue;
    }
    if (!stats.isDirectory()) return `${next} is a file, not a folder`;
    const last = pending.length === 0;
    if (last && (stats.mode & 0o022) !== 0) return `${next} can be changed by other users (mode ${(stats.mode & 0o7777).toString(8)}): choose a private folder`;
    if (!last && (stats.mode & 0o002) !== 0 && (stats.mode & 0o1000) === 0) return `${next} can be changed by any user and is not sticky: choose another folder`;
    current = next;
  }
  return fileSystemProblem(current) ?? writableProblem(current);
}

/** The nearest existing folder of a path still to be created. */
function creatableProblem(existing: string): string | undefined {
  return fileSystemProblem(existing) ?? writableProblem(existing);
}

function fileSystemProblem(path: string): string | undefined {
  try {
    const kind = pseudoFileSystems.get(Number(statfsSync(path).type));
    return kind ? `${mountHint(path)} is a ${kind} file system, not a place for files: choose another folder` : undefined;
  } catch (error) {
    return errorReason(path, error);
  }
}

/** The topmost folder of the path on the same file system type, for the message (/proc, not /proc/self). */
function mountHint(path: string): string {
  let hint = path;
  const type = statfsSync(path).type;
  while (dirname(hint) !== hint) {
    const parent = dirname(hint);
    if (statfsSync(parent).type !== type) break;
    hint = parent;
  }
  return hint;
}

function writableProblem(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EROFS') return `${path} is on a read-only file system`;
    return errorReason(path, error);
  }
}
