// One fix often inserts several things at one place (a volume and a variable after the same
// key): an editor takes a fix's edits in order only when none overlap, so insertions at one
// offset become one edit, their texts in the order they were made.

import type { TextEdit } from './types';

/** The edits sorted by place, insertions at one offset joined; undefined when two edits overlap. */
export function joinedEdits(edits: readonly TextEdit[]): TextEdit[] | undefined {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const joined: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = joined[joined.length - 1];
    if (previous && previous.start === previous.end && edit.start === edit.end && previous.start === edit.start) {
      previous.newText += edit.newText;
      continue;
    }
    if (previous && edit.start < previous.end) return undefined;
    joined.push({ ...edit });
  }
  return joined;
}
