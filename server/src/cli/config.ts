// Which `.dockerd-lint.json` applies to a CLI path: the one given with --config, else the
// nearest one found walking up from the path (a directory, or a file's folder) to the root
// of what is linted: the repository (the nearest folder with .git), or the path itself
// outside one. Never above it: a file in /tmp once silenced a project below it (issue 16
// item 12). The same file the editor reads at the workspace root, so that CI agrees with it.

import { lstatSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readRegularFileBounded } from '../bounded-read';
import type { ProjectConfig } from '../engine/config';
import { parseProjectConfig, projectConfigFileName } from '../engine/project-config';

export interface LoadedConfig {
  /** Absolute path of the file; undefined when no file applies. */
  path?: string;
  /** The folder that globs in the file are relative to. */
  baseDir: string;
  options: ProjectConfig;
}

export function loadConfig(path: string): LoadedConfig {
  let text: string;
  try {
    text = readRegularFileBounded(path);
  } catch (error) {
    throw new Error(`cannot read the configuration ${path}: ${(error as Error).message}`);
  }
  const { value, problems } = parseProjectConfig(text);
  if (problems.length > 0) throw new Error(`invalid configuration ${path}: ${problems.join('; ')}`);
  return { path: resolve(path), baseDir: dirname(resolve(path)), options: value };
}

/** The nearest configuration from `path` up to its lint root, or an empty one based at the path's folder. */
export function findConfig(path: string): LoadedConfig {
  const start = resolve(path);
  const first = isDirectory(start) ? start : dirname(start);
  const root = repositoryRoot(first) ?? first;
  for (let dir = first; ; dir = dirname(dir)) {
    const candidate = join(dir, projectConfigFileName);
    if (exists(candidate)) return loadConfig(candidate);
    if (dir === root || dirname(dir) === dir) break;
  }
  return { baseDir: first, options: {} };
}

/** The nearest folder from `dir` up that holds `.git` (a folder, or a worktree's file). */
function repositoryRoot(dir: string): string | undefined {
  for (let current = dir; ; current = dirname(current)) {
    if (exists(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** Whether anything is at `path`, a dangling link included (it is then refused, not skipped). */
function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
