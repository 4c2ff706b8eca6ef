// What an editor of one file kind offers the rules (types only; surface-edit.ts holds the
// editors). A rule says "set tlsverify" or "remove this key", and the editor of the surface
// that holds the setting writes it in that file's syntax (JSON in daemon.json, a quoted word in
// ExecStart, a YAML scalar in Compose). Rules reach edits only through these interfaces, never
// through an editor's internals.

import type { ComposeService, EnvVar } from './compose/model';
import type { MapEntry, MapNode } from './compose/yaml-tree';
import type { ParsedFile } from './document';
import type { JsonValue, SettingEntry } from './settings';
import type { Span, TextEdit } from './types';

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

export interface DaemonJsonEditor extends SurfaceEditor {
  /** Removes element `index` of a JSON list (object members or array items, by their spans) with its comma, nothing else. */
  removeElement(text: string, siblings: readonly Span[], index: number): TextEdit;
}

export interface SystemdEditor extends SurfaceEditor {
  /** A word written so that systemd reads back `raw` (`exec`: in an Exec line, where `%` and `$` are special). */
  quoteWord(raw: string, exec?: boolean): string;
}

export interface ComposeEditor extends SurfaceEditor {
  /** Removes one variable of the service's `environment`; the whole key when it was the only one. */
  removeVariable(text: string, service: ComposeService, variable: EnvVar): TextEdit | undefined;
  /** Adds `name=value` to the service's `environment` right after `after`, in its form and quoting. */
  addVariableAfter(text: string, service: ComposeService, after: EnvVar, name: string, value: string): TextEdit | undefined;
  /** Adds `key: value` text to `map` after its entry `after`. */
  insertMapEntryAfter(text: string, map: MapNode, after: MapEntry, newEntry: string): TextEdit;
  /** Adds `item` to the service's `key` list (or the key with that one item), in place; none through an anchor. */
  addListItem(text: string, service: ComposeService, key: string, item: string): TextEdit | undefined;
}

export interface SurfaceEditors {
  'daemon-json': DaemonJsonEditor;
  systemd: SystemdEditor;
  compose: ComposeEditor;
  'gitlab-runner': ComposeEditor;
  kubernetes: ComposeEditor;
  'github-actions': ComposeEditor;
  'gitlab-ci': ComposeEditor;
}
