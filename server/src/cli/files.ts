// Turns CLI paths into source files: directories are walked (without following symlinks
// out of them), bytes are decoded as UTF-8 with the first invalid byte remembered.

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SourceFile } from '../engine/lint';

const skippedDirectories = new Set(['node_modules', '.git', 'dist', 'out']);

export function collectPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (path: string, explicit: boolean) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink() && !explicit) return;
    if (stat.isDirectory() || (explicit && stat.isSymbolicLink() && lstatSync(resolve(path)).isDirectory())) {
      for (const name of readdirSync(path).sort()) {
        if (skippedDirectories.has(name)) continue;
        walk(join(path, name), false);
      }
      return;
    }
    if (stat.isFile() || explicit) files.push(path);
  };
  for (const path of paths) walk(path, true);
  return files;
}

export function readSource(path: string): SourceFile {
  const bytes = readFileSync(path);
  let invalidUtf8Offset: number | undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    invalidUtf8Offset = firstInvalidUtf8(bytes);
  }
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(bytes);
  return { uri: pathToFileURL(resolve(path)).href, text, invalidUtf8Offset };
}

/** The UTF-16 offset, in the decoded text, of the first byte sequence that is not UTF-8. */
function firstInvalidUtf8(bytes: Buffer): number {
  let low = 0;
  let high = bytes.length;
  const valid = (n: number) => {
    try {
      // A fresh decoder each time: a streaming one keeps the bytes of an unfinished sequence.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (valid(mid)) low = mid;
    else high = mid - 1;
  }
  // Streaming, so that the lead bytes of the bad sequence (kept back) are not counted as a U+FFFD.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, low), { stream: true }).length;
}
