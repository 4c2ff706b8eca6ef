// dockerd's own host parsing (`ParseDaemonHost`, daemon/pkg/opts/hosts.go), reproduced so
// that rules judge what dockerd will listen on, not what the string seems to say:
// `tcp://` and `:2375` mean localhost, an empty port means 2375 even with TLS.

import type { Platform } from '../types';
import { trimEndOf } from '../text';

export type HostScheme = 'tcp' | 'unix' | 'npipe' | 'fd';

export interface ParsedHost {
  scheme: HostScheme;
  /** tcp only: the host part without brackets, after defaults. */
  address?: string;
  /** tcp only: the port after defaults. */
  port?: number;
  /** What dockerd normalises the value to, e.g. `tcp://localhost:2375`. */
  normalized: string;
}

export interface HostError {
  error: string;
  /** A valid form close to what the user wrote, when there is one. */
  suggestion?: string;
  /** The suggestion is a likely reading, not the only one (an unbracketed IPv6 address). */
  suggestionIsGuess?: boolean;
  /**
   * The newest engine version known to still accept the value (measured on dockerd 20.10.24:
   * it listens on `tcp://h:0`); the check is in dockerd's current source.
   */
  acceptedUpTo?: string;
}

export type HostParse = ParsedHost | HostError | { blank: true };

const defaultTcpAddress = (platform: Platform) => (platform === 'windows' ? '127.0.0.1' : 'localhost');

export function parseDaemonHost(raw: string, platform: Platform = 'linux'): HostParse {
  const parsed = parseHost(raw, platform);
  // A suggestion is built from the rest of what was written, which can be broken too
  // (`fd:\0//` would become `tcp://fd:\0`): only a value dockerd accepts is suggested.
  if (isHostError(parsed) && parsed.suggestion !== undefined && isHostError(parseHost(parsed.suggestion, platform))) {
    const { suggestion, suggestionIsGuess, ...withoutSuggestion } = parsed;
    return withoutSuggestion;
  }
  return parsed;
}

function parseHost(raw: string, platform: Platform): HostParse {
  if (raw.trim() === '') return { blank: true };
  const separator = raw.indexOf('://');
  if (separator < 0) {
    // No scheme: dockerd reads it as a TCP address, so `/var/run/docker.sock` fails as a path.
    const unixPath = /^(?:unix:)?(\/.*)$/.exec(raw)?.[1];
    if (unixPath) return { error: `invalid bind address (tcp://${raw}): should not contain a path element`, suggestion: `unix://${unixPath}` };
    return parseTcp(raw, `tcp://${raw}`, platform);
  }
  // dockerd compares the scheme case-sensitively: `TCP://` is an unsupported proto.
  const scheme = raw.slice(0, separator);
  const rest = raw.slice(separator + 3);
  switch (scheme) {
    case 'tcp':
      return parseTcp(raw, raw, platform);
    case 'unix':
    case 'npipe': {
      if (rest.includes('://')) return { error: `invalid bind address (${raw}): address may not contain "://"` };
      const fallback = scheme === 'unix' ? '/var/run/docker.sock' : '//./pipe/docker_engine';
      const path = rest === '' ? fallback : rest;
      return { scheme, normalized: `${scheme}://${path}` };
    }
    case 'fd':
      return { scheme: 'fd', normalized: raw };
    case 'ssh':
      return {
        error: `invalid bind address (${raw}): unsupported proto 'ssh' (ssh:// works only in the docker client: keep dockerd on its unix socket and connect with DOCKER_HOST=ssh://...)`,
      };
    case 'http':
    case 'https': {
      const suggestion = rest === '' ? undefined : `tcp://${trimEndOf(rest, '/')}`;
      return { error: `invalid bind address (${raw}): unsupported proto '${scheme}'`, suggestion };
    }
    default: {
      const lower = scheme.toLowerCase();
      const suggestion = lower !== scheme && ['tcp', 'unix', 'npipe', 'fd'].includes(lower) ? `${lower}://${rest}` : undefined;
      return { error: `invalid bind address (${raw}): unsupported proto '${scheme}'`, suggestion };
    }
  }
}

function parseTcp(raw: string, withScheme: string, platform: Platform): ParsedHost | HostError {
  const afterScheme = withScheme.slice('tcp://'.length);
  const slash = afterScheme.indexOf('/');
  if (slash >= 0 && afterScheme.slice(slash) !== '') {
    const hostPort = afterScheme.slice(0, slash);
    return { error: `invalid bind address (${raw}): should not contain a path element`, suggestion: `tcp://${hostPort}` };
  }
  let host: string;
  let portText: string;
  if (afterScheme.startsWith('[')) {
    const close = afterScheme.indexOf(']');
    if (close < 0) return { error: `invalid bind address (${raw}): missing ']' in IPv6 address` };
    host = afterScheme.slice(1, close);
    const tail = afterScheme.slice(close + 1);
    if (tail !== '' && !tail.startsWith(':')) return { error: `invalid bind address (${raw}): unexpected text after ']'` };
    portText = tail.slice(1);
  } else {
    const colons = afterScheme.split(':').length - 1;
    if (colons > 1) {
      return {
        error: `invalid bind address (${raw}): IPv6 addresses must be in brackets, e.g. tcp://[::1]:2375`,
        suggestion: bracketIpv6(afterScheme),
        suggestionIsGuess: true,
      };
    }
    const colon = afterScheme.indexOf(':');
    host = colon < 0 ? afterScheme : afterScheme.slice(0, colon);
    portText = colon < 0 ? '' : afterScheme.slice(colon + 1);
  }
  if (/[\s<>"{}|\\^`]/.test(host)) return { error: `invalid bind address (${raw}): invalid character in host name` };
  if (portText !== '' && !/^\d+$/.test(portText)) return { error: `invalid bind address (${raw}): invalid port "${portText}"` };
  const port = portText === '' ? 2375 : Number(portText);
  if (port === 0) return { error: `invalid bind address (${raw}): invalid port: 0`, acceptedUpTo: '20.10' };
  const address = host === '' ? defaultTcpAddress(platform) : host;
  const shown = address.includes(':') ? `[${address}]` : address;
  return { scheme: 'tcp', address, port, normalized: `tcp://${shown}:${port}` };
}

/** `tcp://::1:2375` is ambiguous; suggest brackets only when the last group is clearly a port. */
function bracketIpv6(afterScheme: string): string | undefined {
  const match = /^(.*):(\d{2,5})$/.exec(afterScheme);
  if (!match?.[1].includes(':')) return undefined;
  return `tcp://[${match[1]}]:${match[2]}`;
}

/**
 * Why dockerd, having accepted the value, still fails to start when it creates the listener
 * (daemon/listeners/listeners_*.go; a port above 65535 fails when it is bound).
 */
export function listenerError(parsed: ParsedHost, platform: Platform): string | undefined {
  if (parsed.scheme === 'npipe' && platform !== 'windows') return `npipe:// exists only on Windows: dockerd on Linux fails with "invalid protocol format"`;
  if (parsed.scheme === 'fd') {
    if (platform === 'windows') return 'fd:// (systemd socket activation) exists only on Linux: dockerd on Windows fails with "invalid protocol format"';
    const which = parsed.normalized.slice('fd://'.length);
    if (which !== '' && which !== '*' && !/^\d+$/.test(which)) return `fd://${which}: dockerd fails with "failed to parse systemd fd address: should be a number"`;
  }
  if (parsed.scheme === 'tcp' && parsed.port !== undefined && parsed.port > 65535) {
    return `port ${parsed.port} is above 65535: dockerd accepts the value but fails when it opens the listener`;
  }
  return undefined;
}

export function isHostError(parse: HostParse): parse is HostError {
  return 'error' in parse;
}

export function isParsedHost(parse: HostParse): parse is ParsedHost {
  return 'scheme' in parse;
}

/** Loopback as dockerd's checkTLSAuthOK sees it: `localhost`, 127.0.0.0/8, ::1. */
export function isLoopbackAddress(address: string): boolean {
  const lower = address.toLowerCase();
  if (lower === 'localhost' || lower === '::1' || lower === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(lower)) return true;
  return /^::ffff:127\./.test(lower);
}

/** The wildcard addresses: 0.0.0.0 and every spelling of the IPv6 unspecified address (`::`, `::0`, `0:0:...:0`). */
export function isAllInterfaces(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  return bare === '0.0.0.0' || (bare.includes(':') && /^[0:]+$/.test(bare));
}

const privateIpv4Ranges: [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
];

function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((sum, part) => sum * 256 + Number(part), 0);
}

/** Whether the IPv4 range [first, last] lies inside one private, loopback or link-local block. */
function ipv4RangeIsPrivate(first: number, last: number): boolean {
  return privateIpv4Ranges.some(([base, bits]) => {
    const start = ipv4ToNumber(base) as number;
    const end = start + 2 ** (32 - bits) - 1;
    return first >= start && last <= end;
  });
}

function ipv6IsPrivate(address: string, prefixBits = 128): boolean {
  const lower = address.toLowerCase();
  if (lower === '::1') return prefixBits === 128;
  if (/^f[cd][0-9a-f]{0,2}:/.test(lower)) return prefixBits >= 7;
  if (/^fe[89ab][0-9a-f]?:/.test(lower)) return prefixBits >= 10;
  return false;
}

/**
 * Whether an `insecure-registries` entry (host[:port] or CIDR) lies inside 127.0.0.0/8, which
 * dockerd always adds to the insecure CIDRs itself (registry/config.go, "Localhost is by default
 * considered as an insecure registry"); `localhost` resolves into it. Such an entry changes nothing.
 */
export function isDefaultInsecureLoopback(entry: string): boolean {
  const value = trimEndOf(entry.replace(/^[a-z]+:\/\//i, ''), '/');
  const cidr = /^([^/]+)\/(\d{1,2})$/.exec(value);
  const host = cidr ? cidr[1] : value.replace(/:\d+$/, '');
  if (cidr && Number(cidr[2]) < 8) return false;
  if (!cidr && host.toLowerCase() === 'localhost') return true;
  const address = ipv4ToNumber(host);
  return address !== undefined && Math.floor(address / 2 ** 24) === 127;
}

/** Registries on the internet that people list as insecure to get past a proxy's certificate. */
const publicRegistryHost = /(^|\.)(docker\.io|docker\.com|ghcr\.io|quay\.io|gcr\.io|pkg\.dev|azurecr\.io|amazonaws\.com|ecr\.aws|gitlab\.com|registry\.k8s\.io)$/i;

/**
 * For an `insecure-registries` entry (host[:port] or CIDR): why it reaches public address
 * space, or undefined when it names a private network, a single-label or local name, or a
 * DNS name we cannot place (split DNS often keeps registries internal).
 */
export function publicSpaceOf(entry: string): string | undefined {
  const value = trimEndOf(entry.replace(/^[a-z]+:\/\//i, ''), '/');
  const cidr = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (cidr) {
    const [, base, bitsText] = cidr;
    const bits = Number(bitsText);
    const start = ipv4ToNumber(base);
    if (start !== undefined && bits <= 32) {
      const size = 2 ** (32 - bits);
      const first = Math.floor(start / size) * size;
      return ipv4RangeIsPrivate(first, first + size - 1) ? undefined : `the range ${value} covers public internet addresses`;
    }
    if (base.includes(':')) return ipv6IsPrivate(base, bits) ? undefined : `the range ${value} covers public internet addresses`;
    return undefined;
  }
  const host = value.startsWith('[') ? value.slice(1, value.indexOf(']')) : value.replace(/:\d+$/, '');
  const ipv4 = ipv4ToNumber(host);
  if (ipv4 !== undefined) return ipv4RangeIsPrivate(ipv4, ipv4) ? undefined : `${host} is a public internet address`;
  if (host.includes(':')) return ipv6IsPrivate(host) ? undefined : `${host} is a public internet address`;
  if (publicRegistryHost.test(host)) return `${host} is a registry on the public internet`;
  return undefined;
}
