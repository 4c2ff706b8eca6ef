// systemd units, drop-ins and /etc/default/docker -> the unit model and dockerd settings.
// (To be built: see the issue "systemd units, drop-ins and /etc/default/docker".)

import type { DockerdSettings } from '../settings';

export interface SystemdDocument {
  /** Filled by the unit-file reader. */
  readonly sections: readonly unknown[];
}

export function parseSystemd(_uri: string, _text: string): { systemd: SystemdDocument; dockerd: DockerdSettings[] } {
  return { systemd: { sections: [] }, dockerd: [] };
}

export function detectSystemd(_path: string, _text: string): boolean {
  return false;
}
