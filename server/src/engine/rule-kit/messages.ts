// Message parts shared by rules, so the same fact is worded the same way everywhere.

import type { DockerdSettings, SettingEntry } from '../settings';
import type { ParsedHost } from '../dockerd/hosts';
import { isLoopbackAddress } from '../dockerd/hosts';
import type { TlsState } from '../dockerd/tls';
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

/** A setting as its file has it: `"tls": false` in daemon.json, `--tls=0` on a command line. */
export function settingAsWritten(entry: SettingEntry): string {
  if (entry.origin === 'config-file') return `"${entry.name}": ${JSON.stringify(entry.value)}`;
  return entry.writtenValue === undefined ? entry.written : `${entry.written}=${entry.writtenValue}`;
}

/** Related locations: every other entry that took part in the verdict, in any file. */
export function relatedEntries(reported: SettingEntry, deciding: SettingEntry[]): RelatedLocation[] {
  return deciding.filter((entry) => entry !== reported).map((entry) => ({ uri: entry.uri, span: entry.entrySpan, message: `${entry.written} is set here` }));
}

/** Related locations for list items (hosts) that took part in a verdict reported elsewhere. */
export function relatedItems(items: { span: { start: number; end: number }; entry: SettingEntry; value: unknown }[], message: (value: string) => string): RelatedLocation[] {
  return items.map((item) => ({ uri: item.entry.uri, span: item.span, message: message(String(item.value)) }));
}

/**
 * What dockerd does today with a TCP listener lacking TLS client verification (daemon.go
 * 937-1019, unchanged through v29.7): it warns and sleeps, it does not refuse.
 */
export function plaintextStartupNote(parsed: ParsedHost, tls: TlsState): string {
  const slow = !tls.explicitlySet && parsed.address !== undefined && !isLoopbackAddress(parsed.address);
  return `dockerd still starts, after a warning and a ${slow ? '16 s' : '1 s'} delay: deprecated, it may fail to start in future versions.`;
}

export const refusesToStart = 'dockerd refuses to start';

/** "a, b and c" */
export function listWords(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
