// The texts of files on disk that the server's lints read besides their documents (a
// machine's daemon.json beside a drop-in; a Compose project's .env and override), kept until
// the file watcher reports a change to them, so that a keystroke re-reads nothing. A file's
// absence is kept too (a project without .env). Only what the client watches is kept: before
// the client has registered its watcher, and for names it does not watch (an env_file with a
// name of its own), every lint reads the disk.

import { sep } from 'node:path';
import picomatch from 'picomatch';
import { localPath, watchedGlobs } from './workspace-index';

const watchedByClient = picomatch(watchedGlobs, { dot: true });

export class DiskTexts {
  private readonly kept = new Map<string, string | undefined>();
  private watched = false;

  /** The client now reports changes to the watched globs: texts may be kept. */
  watching(): void {
    this.watched = true;
  }

  /** A file changed, appeared or went away on disk (file watcher), or every file may have (`undefined`). */
  changed(uri?: string): void {
    if (uri === undefined) this.kept.clear();
    else this.kept.delete(uri);
  }

  /** The text of `uri` as `read` gives it, read once until the watcher reports a change. */
  read(uri: string, read: (uri: string) => string | undefined): string | undefined {
    if (this.kept.has(uri)) return this.kept.get(uri);
    const text = read(uri);
    if (this.keeps(uri)) this.kept.set(uri, text);
    return text;
  }

  private keeps(uri: string): boolean {
    const path = this.watched ? localPath(uri) : undefined;
    return path !== undefined && watchedByClient(path.split(sep).join('/'));
  }
}
