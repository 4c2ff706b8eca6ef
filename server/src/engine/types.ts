// Plain data shared by every part of the engine. Nothing here knows about VS Code or LSP.

/** A half-open span of UTF-16 code-unit offsets into one document's text. */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** `strict` rules are off unless the user picks the strict preset. */
export type Preset = 'recommended' | 'strict';

/** How a user sets a rule: off, or the severity it reports at. */
export type RuleLevel = 'off' | Severity;

/**
 * Files that run containers: Compose services, CI jobs and their services, Kubernetes pods'
 * containers, GitLab Runner's job containers. Each is read into the one container model
 * (compose/model.ts) and the connectivity model, so the container rules judge them all alike.
 */
export type ContainerKind = 'compose';

export const containerKinds: readonly ContainerKind[] = ['compose'];

export function isContainerKind(kind: FileKind): kind is ContainerKind {
  return (containerKinds as readonly FileKind[]).includes(kind);
}

/** The file kinds dockerd-lint understands. */
export type FileKind = 'daemon-json' | 'systemd' | ContainerKind;

export const fileKinds: readonly FileKind[] = ['daemon-json', 'systemd', ...containerKinds];

export type Platform = 'linux' | 'windows';

export interface TextEdit extends Span {
  newText: string;
}

/** Edits to one file. `create` means the file does not exist yet and is written whole. */
export interface FileChange {
  uri: string;
  edits: TextEdit[];
  create?: boolean;
}

export interface Fix {
  title: string;
  /** The safe change a user most likely wants; at most one fix of a finding is preferred. */
  preferred?: boolean;
  changes: FileChange[];
}

export interface RelatedLocation {
  uri: string;
  span: Span;
  message: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  uri: string;
  span: Span;
  related: RelatedLocation[];
  fixes: Fix[];
  /** True when this finding means dockerd (or systemd) refuses to start (defaults to the rule's meta). */
  stopsDockerd?: boolean;
}

/** What the rules may assume about the host the files belong to. */
export interface LintEnvironment {
  platform: Platform;
  /** Engine version the host runs, e.g. "20.10" or "29.7"; version-aware rules use it. */
  engineVersion: string;
  /** Server TLS files to write into fixes; the certificate command records where it put them. */
  tlsPaths?: TlsPaths;
}

export interface TlsPaths {
  tlscacert: string;
  tlscert: string;
  tlskey: string;
}

/** Where fixes point when no certificates were generated yet; the certificate command's default folder. */
export const defaultTlsPaths: TlsPaths = {
  tlscacert: '/etc/docker/certs/ca.pem',
  tlscert: '/etc/docker/certs/server-cert.pem',
  tlskey: '/etc/docker/certs/server-key.pem',
};
