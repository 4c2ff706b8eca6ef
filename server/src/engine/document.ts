// A file as the engine understands it after parsing: its kind, its text, the dockerd
// settings it configures, and the kind-specific model the per-file rules read.

import type { ComposeDocument } from './compose/parse';
import type { DaemonJsonDocument } from './daemon-json/reader';
import type { DockerdSettings } from './settings';
import type { SystemdDocument } from './systemd/parse';
import type { LineIndex } from './text';
import type { FileKind, Span } from './types';

export type SuppressionForm = 'file' | 'line' | 'next-line';

/** One `dockerd-lint-disable` comment (see suppressions.ts). */
export interface SuppressionDirective {
  form: SuppressionForm;
  /** Rule ids, or `*` for every rule. */
  rules: string[];
  reason?: string;
  /** The comment. */
  span: Span;
  /** 0-based lines the line forms cover (a continued setting spans several). */
  firstLine: number;
  lastLine: number;
}

/** The suppression comments of a file, from its real comment tokens. */
export interface Suppressions {
  directives: SuppressionDirective[];
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
  return { directives: [] };
}
