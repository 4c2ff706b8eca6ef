// Compose files -> the Compose model and the dockerd settings of services that run dockerd.
// (To be built: see the issue "Compose files: the socket, the open API and the host escapes".)

import type { DockerdSettings } from '../settings';

export interface ComposeDocument {
  /** Filled by the Compose reader. */
  readonly services: readonly unknown[];
}

export function parseCompose(_uri: string, _text: string): { compose: ComposeDocument; dockerd: DockerdSettings[] } {
  return { compose: { services: [] }, dockerd: [] };
}

export function detectCompose(_path: string, _text: string): boolean {
  return false;
}
