// Docker socket proxies (tecnativa/docker-socket-proxy, linuxserver/socket-proxy): HAProxy in
// front of the socket that allows API sections by environment variable. A section variable
// counts as granted when HAProxy's `-m bool` would read it as true: a non-zero integer.

import type { ComposeService, EnvVar } from './model';

const proxyImages = ['tecnativa/docker-socket-proxy', 'linuxserver/socket-proxy'];

/** The port both proxies' HAProxy serves the filtered API on, in plain HTTP. */
export const socketProxyPort = 2375;

function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  // Registry host prefixes (ghcr.io/, lscr.io/, docker.io/) do not change what the image is.
  const parts = repository.split('/');
  return parts.slice(-2).join('/').toLowerCase();
}

export function isSocketProxy(service: ComposeService): boolean {
  const image = service.image?.text;
  // Both proxies' names contain this: most images are told apart without splitting them.
  return !!image && image.toLowerCase().includes('socket-proxy') && proxyImages.includes(repositoryOf(image));
}

/** Variables that let a client change state: write methods, exec, or start/stop/restart grants. */
const writeGrants = ['POST', 'EXEC', 'ALLOW_START', 'ALLOW_STOP', 'ALLOW_RESTARTS'];

function granted(variable: EnvVar): boolean {
  const text = variable.value?.text.trim() ?? '';
  return /^-?0*[1-9]\d*$/.test(text);
}

/** Whether the proxy allows an API section (`CONTAINERS`, `IMAGES`, ...): its last setting is a true value. */
export function grantsSection(service: ComposeService, section: string): boolean {
  const variable = [...service.environment].reverse().find((candidate) => candidate.name === section);
  return !!variable && granted(variable);
}

/** The environment entries that give the proxy's clients write access. */
export function writeAccessGrants(service: ComposeService): EnvVar[] {
  const last = new Map<string, EnvVar>();
  for (const variable of service.environment) last.set(variable.name, variable);
  return [...last.values()].filter((variable) => writeGrants.includes(variable.name) && granted(variable));
}
