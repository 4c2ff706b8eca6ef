// Which `.dockerd-lint.json` applies to a CLI path: the one given with --config, else the
// nearest one found walking up from the path (a directory, or a file's folder) — the same
// file the editor reads at the workspace root, so `dockerd-lint .` in CI agrees with it.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type ProjectConfig, parseProjectConfig, projectConfigFileName } from '../engine/project-config';

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
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the configuration ${path}: ${(error as Error).message}`);
  }
  const { value, problems } = parseProjectConfig(text);
  if (problems.length > 0) throw new Error(`invalid configuration ${path}: ${problems.join('; ')}`);
  return { path: resolve(path), baseDir: dirname(resolve(path)), options: value };
}

/** The nearest configuration above `path`, or an empty one based at the path's folder. */
export function findConfig(path: string): LoadedConfig {
  const start = resolve(path);
  let dir = isDirectory(start) ? start : dirname(start);
  for (;;) {
    const candidate = join(dir, projectConfigFileName);
    if (existsSync(candidate)) return loadConfig(candidate);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { baseDir: isDirectory(start) ? start : dirname(start), options: {} };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
