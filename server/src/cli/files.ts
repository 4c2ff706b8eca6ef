// Turns CLI paths into source files: directories are walked (without following symlinks
// out of them), bytes are decoded as UTF-8 with the first invalid byte remembered.

import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeDaemonJson } from '../engine/daemon-json/decode';
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
  // daemon.json's decoding (UTF-8, or UTF-16 with a byte-order mark) suits every kind we read.
  const { text, invalidUtf8Offset } = decodeDaemonJson(readFileSync(path));
  return { uri: pathToFileURL(resolve(path)).href, text, invalidUtf8Offset };
}
