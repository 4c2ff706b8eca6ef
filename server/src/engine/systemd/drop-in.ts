// New docker.service drop-ins offered by fixes: where one goes beside a file of the host,
// and its text. Packaged units (/lib, /usr/lib) are replaced by a drop-in rather than
// edited, since a package update would silently undo the edit.

import { pathOf } from '../paths';
import { machineRootOf } from '../workspace';

/** Docker CE's docker.service ExecStart (moby contrib/init/systemd) without `-H fd://`. */
export const stockExecStartWithoutHosts = '/usr/bin/dockerd --containerd=/run/containerd/containerd.sock';

const packagedUnit = /(^|\/)(usr\/)?lib\/systemd\/system\/[^/]+$/;

export function isPackagedUnit(uri: string): boolean {
  return packagedUnit.test(pathOf(uri).replace(/\\/g, '/'));
}

/** The names a new drop-in takes, the first one free. */
const dropInNames: Record<string, string[]> = {
  'docker.service': ['override.conf', 'hosts.conf', 'dockerd-lint.conf'],
  'docker.socket': ['override.conf', 'socket-permissions.conf', 'dockerd-lint.conf'],
};
/** Another unit's drop-ins (a socket unit with Service=docker.service). */
const otherUnitDropInNames = ['override.conf', 'dockerd-lint.conf'];

/**
 * A free drop-in URI of `unit` for the host of `nearUri`: `<root>etc/systemd/system/<unit>.d/`
 * when the host is laid out as a root filesystem, else `<unit>.d/` in its folder.
 */
export function newDropInUri(nearUri: string, taken: (uri: string) => boolean, unit = 'docker.service'): string | undefined {
  const path = pathOf(nearUri).replace(/\\/g, '/');
  const root = machineRootOf(path);
  const layout = /(^|\/)(etc|run|lib|usr\/lib)\/(docker|systemd|default|sysconfig)\//.test(path.slice(Math.max(0, root.length - 1)));
  const folder = layout ? `${root}etc/systemd/system/${unit}.d/` : `${root}${unit}.d/`;
  const base = nearUri.slice(0, nearUri.length - encodeURI(pathOf(nearUri)).length);
  for (const name of dropInNames[unit] ?? otherUnitDropInNames) {
    const uri = base + encodeURI(folder + name);
    if (!taken(uri)) return uri;
  }
  return undefined;
}

/** A drop-in that clears docker.service's ExecStart= and sets `command` (written as systemd reads it). */
export function execStartDropIn(command: string, comments: string[], eol: string): string {
  return [...comments.map((line) => `# ${line}`), '[Service]', 'ExecStart=', `ExecStart=${command}`, ''].join(eol);
}
