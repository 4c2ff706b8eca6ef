// dockerd's own host parsing (`ParseDaemonHost`, daemon/pkg/opts/hosts.go), reproduced so
// that rules judge what dockerd will listen on, not what the string seems to say:
// `tcp://` and `:2375` mean localhost, an empty port means 2375 even with TLS.

import type { Platform } from '../types';

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
  /** A valid form close to what the user wrote, when there is exactly one. */
  suggestion?: string;
}

export type HostParse = ParsedHost | HostError | { blank: true };

const defaultTcpAddress = (platform: Platform) => (platform === 'windows' ? '127.0.0.1' : 'localhost');

export function parseDaemonHost(raw: string, platform: Platform = 'linux'): HostParse {
  if (raw.trim() === '') return { blank: true };
  const separator = raw.indexOf('://');
  if (separator < 0) return parseTcp(raw, `tcp://${raw}`, platform);
  const scheme = raw.slice(0, separator).toLowerCase();
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
      const suggestion = rest === '' ? undefined : `tcp://${rest.replace(/\/+$/, '')}`;
      return { error: `invalid bind address (${raw}): unsupported proto '${scheme}'`, suggestion };
    }
    default:
      return { error: `invalid bind address (${raw}): unsupported proto '${scheme}'` };
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
      };
    }
    const colon = afterScheme.indexOf(':');
    host = colon < 0 ? afterScheme : afterScheme.slice(0, colon);
    portText = colon < 0 ? '' : afterScheme.slice(colon + 1);
  }
  if (portText !== '' && !/^\d+$/.test(portText)) return { error: `invalid bind address (${raw}): invalid port "${portText}"` };
  const port = portText === '' ? 2375 : Number(portText);
  if (port === 0) return { error: `invalid bind address (${raw}): invalid port: 0` };
  const address = host === '' ? defaultTcpAddress(platform) : host;
  const shown = address.includes(':') ? `[${address}]` : address;
  return { scheme: 'tcp', address, port, normalized: `tcp://${shown}:${port}` };
}

/** `tcp://::1:2375` is ambiguous; suggest brackets only when the last group is clearly a port. */
function bracketIpv6(afterScheme: string): string | undefined {
  const match = /^(.*):(\d{2,5})$/.exec(afterScheme);
  if (!match || !match[1].includes(':')) return undefined;
  return `tcp://[${match[1]}]:${match[2]}`;
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

export function isAllInterfaces(address: string): boolean {
  return address === '0.0.0.0' || address === '::' || /^0+(:0+){7}$/.test(address) || address === '[::]';
}
