// docker.socket as systemd builds it from its unit and drop-ins read in order (the last
// assignment wins; an empty ListenStream= clears the listeners): the unix sockets it creates
// and the owner and mode it gives them. Under `-H fd://` systemd, not dockerd, creates the
// socket, so these settings (not dockerd's `group`) decide who can reach the Docker API.

import type { SystemdFile } from '../document';
import { type ListenStream, type UnitAssignment, listenStreamOf } from './model';

/** The packaged docker.socket (Docker CE, Debian, Ubuntu, Fedora), assumed when the unit itself is not among the files. */
export const packagedDockerSocket = { listenStream: '/run/docker.sock', socketMode: 0o660, socketGroup: 'docker' } as const;

/** systemd's SocketMode= default for a unit that does not set it (systemd.socket(5)). */
export const systemdDefaultSocketMode = 0o666;

/**
 * A ListenStream= that names a filesystem socket: an absolute path, or one that starts with a
 * specifier systemd resolves to an absolute directory (%t = /run, %S, %C, %L, %E, %T, %V, %h, %d).
 */
const filesystemSocket = /^(\/|%[tSCLETVhd]\/)/;

/** Where a value in effect was written. */
export interface SocketAssignment<T> {
  value: T;
  file: SystemdFile;
  assignment: UnitAssignment;
}

export interface DockerSocketState {
  /** The docker.socket unit itself, when among the files; otherwise the packaged one is assumed. */
  unit?: SystemdFile;
  /** ListenStream= paths in effect (filesystem sockets: the only ones SocketMode= and SocketGroup= apply to). */
  unixListeners: { listen: ListenStream; file?: SystemdFile }[];
  /** SocketMode= in effect. */
  mode: number;
  /** The SocketMode= line that sets it; none when a default applies. */
  modeSetBy?: SocketAssignment<number>;
  /** SocketGroup= in effect; none when unset (the group is then root's, or the packaged `docker`). */
  group?: SocketAssignment<string>;
  /** [Socket] Service=: the service the socket activates, when not the same-named one. */
  service?: string;
}

/**
 * SocketMode= as systemd 252's parse_mode reads it: octal digits only (no sign, no `0o` or
 * `0x`), at most 07777. systemd ignores any other value ("Failed to parse mode value,
 * ignoring"), so the previous value stays in effect.
 */
export function parseSocketMode(text: string): number | undefined {
  if (!/^[0-7]+$/.test(text)) return undefined;
  const mode = parseInt(text, 8);
  return mode <= 0o7777 ? mode : undefined;
}

/** `0660`-style text of a mode. */
export function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/** docker.socket after `files` (the unit, if present, then its drop-ins, in systemd's order). */
export function dockerSocketState(files: readonly SystemdFile[]): DockerSocketState {
  const unit = files.find((file) => file.systemd.role === 'unit');
  const state: DockerSocketState = {
    unit,
    unixListeners: unit ? [] : [{ listen: listenStreamOf(packagedDockerSocket.listenStream, { start: 0, end: 0 }) }],
    mode: unit ? systemdDefaultSocketMode : packagedDockerSocket.socketMode,
  };
  for (const file of files) {
    for (const assignment of file.systemd.unit?.assignments ?? []) {
      if (assignment.section !== 'Socket') continue;
      const text = assignment.value.text;
      switch (assignment.key) {
        case 'ListenStream': {
          if (text === '') state.unixListeners = [];
          else if (filesystemSocket.test(text)) state.unixListeners.push({ listen: listenStreamOf(text, assignment.valueSpan), file });
          break;
        }
        case 'SocketMode': {
          const mode = parseSocketMode(text);
          if (mode === undefined) break;
          state.mode = mode;
          state.modeSetBy = { value: mode, file, assignment };
          break;
        }
        case 'SocketGroup':
          // An empty value resets it: the socket then belongs to root's group.
          state.group = text === '' ? undefined : { value: text, file, assignment };
          break;
        case 'Service':
          state.service = text === '' ? undefined : text;
          break;
      }
    }
  }
  return state;
}
