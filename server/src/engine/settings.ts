// The dockerd-settings model: what one dockerd will be started with, whatever surface
// (daemon.json, a systemd ExecStart, DOCKER_OPTS, a Compose service) wrote it.
// Every value keeps the file and span it came from, so a rule written once against this
// model reports on whichever surface holds the setting.

import type { FileKind, Span } from './types';
import { keptWith } from './kept-with';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * - `config-file`: a daemon.json key
 * - `flag`: a dockerd command-line flag (ExecStart, DOCKER_OPTS, Compose command)
 * - `implied`: set by something other than dockerd's own options, e.g. the docker:dind
 *   entrypoint adding `--host=tcp://0.0.0.0:2375` when DOCKER_TLS_CERTDIR is empty
 */
export type SettingOrigin = 'config-file' | 'flag' | 'implied';

/** One element of a list value (a `"hosts"` entry), with its own span. */
export interface SettingItem {
  value: JsonValue;
  span: Span;
}

export interface SettingEntry {
  /** The option's config name (daemon.json key), e.g. `hosts` for `-H`. */
  name: string;
  origin: SettingOrigin;
  /** How the user wrote the option: `-H`, `--tlsverify`, `"hosts"`. */
  written: string;
  /** A flag's value as written after it (`0` of `--tls=0`); absent for a flag without one and in daemon.json. */
  writtenValue?: string;
  value: JsonValue;
  uri: string;
  kind: FileKind;
  /** The value as written (for a boolean flag without value: the flag itself). */
  valueSpan: Span;
  /** The option's name as written. */
  nameSpan: Span;
  /** The whole entry: the JSON member, or the flag with its value; what a removal deletes. */
  entrySpan: Span;
  /** For list values: each element. A repeated flag gives one entry per occurrence instead. */
  items?: SettingItem[];
  /** Why the value may differ at run time (interpolation default, unresolved variable). */
  note?: string;
}

export interface SettingsSource {
  uri: string;
  kind: FileKind;
}

/** A TCP address systemd listens on and passes to dockerd through `fd://` (docker.socket). */
export interface SocketListener {
  address: string;
  uri: string;
  span: Span;
}

export interface DockerdSettings {
  /** Human name of what is judged: a file, a Compose service, or a host's merged files. */
  label: string;
  sources: SettingsSource[];
  entries: SettingEntry[];
  /**
   * True when every surface of this dockerd is known (a merged host, a Compose service
   * whose whole command line is visible). False for a lone file, where settings made
   * elsewhere (flags in an unseen unit) can change the verdict: messages then say so.
   */
  complete: boolean;
  socketListeners: SocketListener[];
}

// Rules and fixes ask for entries by name once per finding: a filter per call was quadratic
// in the number of flags (8,000 -H flags: 30 s; issue 16 item 7). The index is made once per
// entry list, and again should the list grow.
const entriesByName = keptWith<{ length: number; names: Map<string, SettingEntry[]> }>('entries by name');

export function entriesNamed(settings: DockerdSettings, name: string): readonly SettingEntry[] {
  const index = entriesByName(
    settings.entries,
    () => {
      const names = new Map<string, SettingEntry[]>();
      for (const entry of settings.entries) {
        const named = names.get(entry.name);
        if (named) named.push(entry);
        else names.set(entry.name, [entry]);
      }
      return { length: settings.entries.length, names };
    },
    (held) => held.length !== settings.entries.length,
  );
  return index.names.get(name) ?? [];
}

/** dockerd keeps the last value of a single-valued option. */
export function lastEntry(settings: DockerdSettings, name: string): SettingEntry | undefined {
  const found = entriesNamed(settings, name);
  return found[found.length - 1];
}

export interface LocatedItem {
  value: JsonValue;
  span: Span;
  entry: SettingEntry;
}

/** Every element of a list option across all its entries (`-H a -H b` and `"hosts": [c]`). */
export function listItems(settings: DockerdSettings, name: string): LocatedItem[] {
  const items: LocatedItem[] = [];
  for (const entry of entriesNamed(settings, name)) {
    if (entry.items) for (const item of entry.items) items.push({ value: item.value, span: item.span, entry });
    else items.push({ value: entry.value, span: entry.valueSpan, entry });
  }
  return items;
}
