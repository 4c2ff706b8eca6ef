// Turns CLI paths into source files: directories are walked (without following symlinks
// out of them; a symlink given on the command line is followed), bytes are decoded as UTF-8
// with the first invalid byte remembered. Hostile trees (issue 16 item 8): a walked file is
// read only when its name is one the engine can detect (or a kind glob names it), a file past
// the analysed size is read only as far as detection needs (the engine then reports
// analysis-limit with its real size: a 400 MB disk image once took 1.3 GB), and what cannot
// be read (EACCES, a FIFO) is skipped with a warning instead of ending the run.

import { type Stats, closeSync, constants, fstatSync, lstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeDaemonJson } from '../engine/daemon-json/decode';
import { hasDetectableName } from '../engine/detect';
import { type SourceFile, maxAnalysedLength } from '../engine/lint';

const skippedDirectories = new Set(['node_modules', '.git', 'dist', 'out']);

/** How much of a file past maxAnalysedLength is read: enough for the name and content checks of detection. */
const headBytes = 64 * 1024;

export interface CollectOptions {
  /** Whether a walked file (not one named on the command line) may be linted: by name, a kind glob or --kind. */
  wanted(path: string): boolean;
  /** A path that was skipped, and why. */
  warn(path: string, reason: string): void;
}

/** Walked files whose name the engine can detect, and warnings on stderr. */
export const defaultCollectOptions: CollectOptions = {
  wanted: (path) => hasDetectableName(basename(path)),
  warn: (path, reason) => process.stderr.write(`dockerd-lint: skipped ${path}: ${reason}\n`),
};

export function collectPaths(paths: readonly string[], options: CollectOptions = defaultCollectOptions): string[] {
  const files: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    let stat: Stats;
    try {
      // A symlink named on the command line is followed, to a folder too; inside a walk it is skipped.
      stat = explicit ? statSync(path) : lstatSync(path);
    } catch (error) {
      if (explicit) throw error;
      options.warn(path, reasonOf(error));
      return;
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        options.warn(path, reasonOf(error));
        return;
      }
      for (const name of names) if (!skippedDirectories.has(name)) walk(join(path, name), false);
      return;
    }
    if (explicit || (stat.isFile() && options.wanted(path))) files.push(path);
  };
  for (const path of paths) walk(path, true);
  return files;
}

/** The file as a source; throws when it cannot be read (a FIFO or device: not a regular file). */
export function readSource(path: string): SourceFile {
  // O_NONBLOCK: a FIFO given by name must not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    // A UTF-8 character is at least one byte: a file of more bytes than the analysed length may still be analysable only up to 4x that.
    const whole = stat.size <= 4 * maxAnalysedLength;
    const buffer = Buffer.alloc(whole ? stat.size : headBytes);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    // daemon.json's decoding (UTF-8, or UTF-16 with a byte-order mark) suits every kind we read.
    const { text, invalidUtf8Offset } = decodeDaemonJson(buffer.subarray(0, length));
    const source: SourceFile = { uri: pathToFileURL(resolve(path)).href, text, invalidUtf8Offset };
    return whole ? source : { ...source, size: stat.size };
  } finally {
    closeSync(fd);
  }
}

export function reasonOf(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  return code ?? message ?? String(error);
}
