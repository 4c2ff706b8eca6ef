// Surface-neutral edits of dockerd settings: a rule says "set tlsverify" or "replace this
// host", and the editor of the surface that holds the setting writes it in that file's
// syntax (JSON in daemon.json, a quoted word in ExecStart, a YAML scalar in Compose).

import { composeEditor } from './compose/edit';
import { daemonJsonEditor } from './daemon-json/edit';
import type { ParsedFile } from './document';
import type { JsonValue, SettingEntry } from './settings';
import { systemdEditor } from './systemd/edit';
import type { FileKind, Span, TextEdit } from './types';

export interface SurfaceEditor {
  /** Replaces one value (an entry's value or a list item) with `value`. */
  replaceValue(file: ParsedFile, target: Span, value: JsonValue): TextEdit[];
  /** Removes an option entry entirely. */
  removeEntry(file: ParsedFile, entry: SettingEntry): TextEdit[];
  /**
   * Removes element `index` of a list value (`entry.items`) with its separator, every other
   * element, line and comment kept as written. Only surfaces whose list values have items
   * (daemon.json arrays) have it: a repeated flag is one entry per occurrence.
   */
  removeItem?(file: ParsedFile, entry: SettingEntry, index: number): TextEdit[];
  /** Sets options (adding or replacing); on a command line they go next to `anchor`. */
  setOptions(file: ParsedFile, options: { name: string; value: JsonValue }[], anchor?: SettingEntry): TextEdit[];
}

const editors: Partial<Record<FileKind, SurfaceEditor>> = {
  'daemon-json': daemonJsonEditor,
  systemd: systemdEditor,
  compose: composeEditor,
};

export function editorFor(kind: FileKind): SurfaceEditor | undefined {
  return editors[kind];
}
