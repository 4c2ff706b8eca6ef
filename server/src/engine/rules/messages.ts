// Message parts shared by rules, so the same fact is worded the same way everywhere.

import { type DockerdSettings, type SettingEntry } from '../settings';
import type { RelatedLocation } from '../types';

/**
 * A lone file does not show the flags its dockerd is started with: say so instead of guessing.
 * Empty when the settings are a merged host whose every surface is known.
 */
export function unseenFlagsNote(settings: DockerdSettings, what: string): string {
  if (settings.complete) return '';
  const kinds = new Set(settings.sources.map((source) => source.kind));
  if (kinds.has('daemon-json') && kinds.size === 1) {
    return ` (Judged from this file alone: ${what} flags on dockerd's command line, e.g. in a systemd drop-in, would change this.)`;
  }
  return ` (Judged from this file alone: ${what} settings in daemon.json would change this.)`;
}

/** Related locations: every other entry that took part in the verdict, in any file. */
export function relatedEntries(reported: SettingEntry, deciding: SettingEntry[]): RelatedLocation[] {
  return deciding
    .filter((entry) => entry !== reported)
    .map((entry) => ({ uri: entry.uri, span: entry.entrySpan, message: `${entry.written} is set here` }));
}
