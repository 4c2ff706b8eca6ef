// The files of known kinds in the workspace folders, so that a document can be linted with
// the files of its host that are not open (a daemon.json beside an open drop-in). Folders are
// walked without following symlinks, skipping node_modules/.git, with size and count caps.

import type { Stats } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { detectKind, hasDetectableName } from '../engine/detect';
import { kindByGlobs } from '../engine/project-config';
import type { FileKind } from '../engine/types';

const skippedDirectories = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);
/** Larger files are not indexed (an open document is always linted; see analysis-limit). */
export const maxIndexedFileSize = 1024 * 1024;
const maxIndexedFiles = 20000;

/** Names worth reading to detect their kind; anything else only by the user's globs. */

/** Globs for the file watcher: the candidate names, Compose's .env and the project configuration. */
export const watchedGlobs = ['**/daemon.json', '**/*.{service,socket,conf}', '**/default/docker', '**/*.{yml,yaml}', '**/config.toml', '**/.env', '**/.dockerd-lint.json'];

/**
 * The path of a file: URI on this machine, or undefined: other schemes, and file://host/share
 * (a share on another machine, which Node cannot turn into a path on Linux), are not read.
 */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export interface IndexedFile {
  uri: string;
  path: string;
  kind: FileKind;
  /** The workspace folder the file is in. */
  folder: string;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, IndexedFile>();
  private folders: string[] = [];
  /** The user's extra globs per kind, by folder (settings and .dockerd-lint.json). */
  private readonly kindGlobs = new Map<string, Partial<Record<FileKind, string[]>>>();

  setFolders(folderUris: readonly string[]): void {
    this.folders = folderUris.flatMap((uri) => localPath(uri) ?? []);
  }

  folderPaths(): readonly string[] {
    return this.folders;
  }

  setKindGlobs(folder: string, kinds: Partial<Record<FileKind, string[]>>): void {
    this.kindGlobs.set(folder, kinds);
  }

  folderOf(path: string): string | undefined {
    return this.folders.filter((folder) => isInside(path, folder)).sort((a, b) => b.length - a.length)[0];
  }

  all(): IndexedFile[] {
    return [...this.files.values()];
  }

  get(uri: string): IndexedFile | undefined {
    return this.files.get(uri);
  }

  async rebuild(): Promise<void> {
    this.files.clear();
    for (const folder of this.folders) await this.walk(folder, folder);
  }

  /** Re-reads one file after a watcher event; returns whether the index changed. */
  async update(uri: string): Promise<boolean> {
    const path = localPath(uri);
    if (path === undefined) return false;
    const folder = this.folderOf(path);
    const before = this.files.get(uri);
    this.files.delete(uri);
    if (folder) await this.consider(path, folder);
    return before !== undefined || this.files.has(uri);
  }

  private async walk(dir: string, folder: string): Promise<void> {
    let names: string[];
    try {
      names = (await readdir(dir)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (this.files.size >= maxIndexedFiles) return;
      const path = join(dir, name);
      let stat: Stats;
      try {
        stat = await lstat(path);
      } catch {
        continue;
      }
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) {
        if (!skippedDirectories.has(name)) await this.walk(path, folder);
      } else if (stat.isFile()) {
        await this.consider(path, folder, stat.size);
      }
    }
  }

  private async consider(path: string, folder: string, size?: number): Promise<void> {
    const name = path.slice(path.lastIndexOf(sep) + 1);
    const relativePath = relative(folder, path).split(sep).join('/');
    const byGlobs = kindByGlobs(relativePath, this.kindGlobs.get(folder) ?? {});
    if (!byGlobs && !hasDetectableName(name)) return;
    try {
      const stat = await lstat(path);
      if (!stat.isFile() || (size ?? stat.size) > maxIndexedFileSize) return;
      const text = await readFile(path, 'utf8');
      const kind = byGlobs ?? detectKind(pathToFileURL(path).href, text);
      if (kind) {
        const uri = pathToFileURL(path).href;
        this.files.set(uri, { uri, path, kind, folder });
      }
    } catch {
      // Vanished or unreadable between listing and reading: not indexed.
    }
  }
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
}
