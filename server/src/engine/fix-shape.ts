// Fixes are applied to the user's files as they are: an edit outside its file, running
// backwards or overlapping another would corrupt text (applyEdits would even write the file
// twice over). The engine drops such a fix and reports the rule that made it.

import type { ParsedFile } from './document';
import type { Fix } from './types';

/** What is wrong with the fix, or undefined when every edit lies inside its file, in order. */
export function fixProblem(fix: Fix, files: ReadonlyMap<string, ParsedFile>): string | undefined {
  for (const change of fix.changes) {
    const text = change.create ? '' : files.get(change.uri)?.text;
    if (text === undefined) return `fix "${fix.title}" edits a file that is not loaded: ${change.uri}`;
    const edits = [...change.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let previousEnd = 0;
    for (const edit of edits) {
      const inside = Number.isInteger(edit.start) && Number.isInteger(edit.end) && 0 <= edit.start && edit.start <= edit.end && edit.end <= text.length;
      if (!inside) return `fix "${fix.title}" has an edit ${edit.start}..${edit.end} outside ${change.uri} (length ${text.length})`;
      if (edit.start < previousEnd) return `fix "${fix.title}" has overlapping edits at offset ${edit.start} of ${change.uri}`;
      previousEnd = edit.end;
    }
  }
  return undefined;
}
