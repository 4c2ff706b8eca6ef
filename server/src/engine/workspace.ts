// Groups the files of one host and merges their dockerd settings as dockerd would see them.
// Until files are grouped, each file's dockerd is judged alone (settings.complete = false).

import type { ParsedFile } from './document';
import type { DockerdSettings } from './settings';

export function hostViews(files: readonly ParsedFile[]): DockerdSettings[] {
  return files.flatMap((file) => file.dockerd);
}
