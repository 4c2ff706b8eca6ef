// A file as the engine understands it after parsing: its kind, its text, the dockerd
// settings it configures, and the model of its kind that the per-file rules read. The kind
// decides which model is present, so a rule that narrows on `kind` (or declares its kinds,
// see FileRule) reads that model without a cast.

import type { ComposeDocument } from './compose/model';
import type { DaemonJsonDocument } from './daemon-json/model';
import type { DockerdSettings } from './settings';
import type { Suppressions } from './suppressions';
import type { SystemdDocument } from './systemd/model';
import type { LineIndex } from './text';
import { type ContainerKind, type FileKind, type Span, isContainerKind } from './types';

interface FileBase {
  uri: string;
  text: string;
  lines: LineIndex;
  /** One entry per dockerd this file configures (daemon.json: one; a Compose file: one per dind service). */
  dockerd: DockerdSettings[];
  suppressions: Suppressions;
  /** Offset of the first byte that was not valid UTF-8 (dockerd refuses such a daemon.json). */
  invalidUtf8Offset?: number;
}

export interface DaemonJsonFile extends FileBase {
  kind: 'daemon-json';
  daemonJson: DaemonJsonDocument;
  limit?: undefined;
}

export interface SystemdFile extends FileBase {
  kind: 'systemd';
  systemd: SystemdDocument;
  limit?: undefined;
}

/**
 * A part of a file's input its reader did not follow (a GitLab CI include GitLab fetches from
 * elsewhere, a reusable workflow of another repository): the rules judge the file without it,
 * and source-not-read says so.
 */
export interface UnreadInput {
  /** A noun phrase after "the": `include template "Jobs/Code-Quality.gitlab-ci.yml"`, `reusable workflow o/r/.github/workflows/x.yml@v1 that job "deploy" calls`. */
  what: string;
  why: string;
  /** What is not checked for want of it, and how to check it, as a sentence. */
  unchecked: string;
  /** Where the file names it (for a part named by a file it includes: the entry that leads there). */
  span: Span;
  /** The included file that names it, when not the file itself. */
  via?: string;
}

export interface ContainerFileOf<K extends ContainerKind> extends FileBase {
  kind: K;
  containers: ComposeDocument;
  unread?: readonly UnreadInput[];
  limit?: undefined;
}

export type ComposeFile = ContainerFileOf<'compose'>;

/** Any file of the container kinds; distributes over the kinds so that `FileOfKind` narrows it. */
export type ContainerFile = { [K in ContainerKind]: ContainerFileOf<K> }[ContainerKind];

/** A file too large or too deep to analyse: it has no model, and only `analysis-limit` reports on it. */
export interface LimitedFile extends FileBase {
  kind: FileKind;
  limit: { message: string; span: Span };
}

/** A file whose model was read. */
export type AnalysedFile = DaemonJsonFile | SystemdFile | ContainerFile;

export type ParsedFile = AnalysedFile | LimitedFile;

/** The analysed file of one kind. */
export type FileOfKind<K extends FileKind> = Extract<AnalysedFile, { kind: K }>;

/** `file` as an analysed file of `kind`, or undefined (another kind, or not analysed). */
export function fileOfKind<K extends FileKind>(file: ParsedFile | undefined, kind: K): FileOfKind<K> | undefined {
  return file && !file.limit && file.kind === kind ? (file as FileOfKind<K>) : undefined;
}

/** `file` as an analysed file of a container kind, or undefined. */
export function containerFileOf(file: ParsedFile | undefined): ContainerFile | undefined {
  return file && !file.limit && isContainerKind(file.kind) ? (file as ContainerFile) : undefined;
}
