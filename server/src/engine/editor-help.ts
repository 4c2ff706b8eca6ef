// Completion and hover inside files where no other extension helps (dockerd flags in
// ExecStart= and DOCKER_OPTS). Pure: positions are offsets; the server converts them.

import type { ParsedFile } from './document';
import type { Span } from './types';

export interface CompletionEntry {
  label: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
  /** The text the completion replaces (the partial word being typed). */
  replace?: Span;
}

export interface HoverInfo {
  span: Span;
  /** Markdown. */
  markdown: string;
}

export function completionsAt(file: ParsedFile, offset: number): CompletionEntry[] {
  void file;
  void offset;
  return [];
}

export function hoverAt(file: ParsedFile, offset: number): HoverInfo | undefined {
  void file;
  void offset;
  return undefined;
}
