// A file as the engine understands it after parsing: its kind, its text, the dockerd
// settings it configures, and the kind-specific model the per-file rules read.

import type { ComposeDocument } from './compose/parse';
import type { DaemonJsonDocument } from './daemon-json/reader';
import type { DockerdSettings } from './settings';
import type { SystemdDocument } from './systemd/parse';
import type { LineIndex } from './text';
import type { FileKind, Span } from './types';

/** Rule ids silenced by comments: per 0-based line, or for the whole file. */
export interface Suppressions {
  byLine: Map<number, Set<string>>;
  wholeFile: Set<string>;
}

export interface ParsedFile {
  uri: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  /** One entry per dockerd this file configures (daemon.json: one; a Compose file: one per dind service). */
  dockerd: DockerdSettings[];
  daemonJson?: DaemonJsonDocument;
  systemd?: SystemdDocument;
  compose?: ComposeDocument;
  suppressions: Suppressions;
  /** Offset of the first byte that was not valid UTF-8 (dockerd refuses such a daemon.json). */
  invalidUtf8Offset?: number;
  /** Set when the file is too large or too deep to analyse; the other rules then stay silent. */
  limit?: { message: string; span: Span };
}

export function noSuppressions(): Suppressions {
  return { byLine: new Map(), wholeFile: new Set() };
}
