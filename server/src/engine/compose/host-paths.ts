// Host paths of bind mounts, normalised the way the kernel resolves them (`//var/run/x`,
// trailing slashes, `.` segments), and the container-runtime sockets among them.

import type { ValuePart, VolumeMount } from './model';

/** `/var//run/./docker.sock/` -> `/var/run/docker.sock`; backslashes of Windows paths become `/`. */
export function normalizeHostPath(path: string): string {
  const unified = path.replace(/\\/g, '/');
  if (/^\/\/\.\/pipe\//i.test(unified)) return unified.toLowerCase();
  const segments = unified.split('/').filter((segment) => segment !== '' && segment !== '.');
  return unified.startsWith('/') ? `/${segments.join('/')}` : segments.join('/');
}

const socketNames = new Set(['docker.sock', 'docker.sock.raw', 'containerd.sock', 'podman.sock', 'cri-dockerd.sock', 'crio.sock']);

/** A Docker, containerd or Podman API socket (or the Windows engine pipe). */
export function isRuntimeSocket(path: string): boolean {
  const normalized = normalizeHostPath(path);
  if (normalized === '//./pipe/docker_engine') return true;
  return socketNames.has(normalized.slice(normalized.lastIndexOf('/') + 1));
}

/** The folders that hold the Docker socket (`/run/docker.sock`, `/var/run/docker.sock`): a bind of one reaches it. */
const socketFolders = new Set(['/run', '/var/run']);

/** The Docker socket inside a bound folder, when the folder holds it. */
export function dockerSocketWithin(path: string): string | undefined {
  const normalized = normalizeHostPath(path);
  return socketFolders.has(normalized) ? `${normalized}/docker.sock` : undefined;
}

/** The host path a mount binds, if it binds one: a bind, a named volume bound to a device, a pipe. */
export function boundHostPath(volume: VolumeMount): ValuePart | undefined {
  if (volume.boundDevice) return volume.boundDevice;
  if ((volume.type === 'bind' || volume.type === 'npipe') && volume.source) return volume.source;
  return undefined;
}
