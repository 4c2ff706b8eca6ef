// The names and addresses a server certificate is issued for, validated the way a TLS client
// will compare them (DNS names, IPv4, IPv6), and the addresses dockerd listens on for them.

import { isIP } from 'node:net';
import { isAllInterfaces, isLoopbackAddress } from '../dockerd/hosts';
import { trimEndOf } from '../text';

export interface CertificateHost {
  type: 'dns' | 'ip';
  /** Lower-case DNS name, or the IP address as written (IPv6 without brackets). */
  value: string;
}

export interface HostInputError {
  input: string;
  error: string;
  /** A valid form of what was meant, when there is exactly one. */
  suggestion?: string;
}

/** Names clients on the dockerd host itself use; offered, never added without the user seeing them. */
export const loopbackSuggestions: readonly string[] = ['localhost', '127.0.0.1'];

const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether `name` is one DNS label a certificate can carry (a Compose service name, a workflow's service id), letters in any case. */
export function isDnsLabel(name: string): boolean {
  return dnsLabel.test(name.toLowerCase());
}

export function parseCertificateHost(raw: string): CertificateHost | HostInputError {
  const input = raw.trim();
  if (input === '') return { input: raw, error: 'empty host name' };
  if (/\s/.test(input)) return { input, error: `"${input}" contains white space: a host name or IP has none (separate several with commas)` };
  const notAName = allInterfacesError(input);
  if (notAName) return notAName;
  if (input.includes('://')) {
    const rest = input.slice(input.indexOf('://') + 3);
    const host = hostOfHostPort(rest);
    return { input, error: `"${input}" is an address with a scheme: give only the host name or IP`, suggestion: host };
  }
  if (input.startsWith('[')) {
    const host = hostOfHostPort(input);
    return { input, error: `"${input}": write an IPv6 address without brackets or port`, suggestion: host };
  }
  if (input.includes('%')) return { input, error: `"${input}": an IPv6 zone (%...) cannot be put in a certificate` };
  const ipVersion = isIP(input);
  if (ipVersion !== 0) return { type: 'ip', value: input };
  if (/^[^:]+:\d+$/.test(input)) {
    const host = input.slice(0, input.indexOf(':'));
    return { input, error: `"${input}" has a port: give only the host name or IP`, suggestion: host };
  }
  if (input.includes(':')) return { input, error: `"${input}" is not a valid IPv6 address` };
  return parseDnsName(input);
}

function allInterfacesError(input: string): HostInputError | undefined {
  const bare = input
    .replace(/^tcp:\/\//, '')
    .replace(/^\[(.*)\](:\d+)?$/, '$1')
    .replace(/^([^:]*):\d+$/, '$1');
  if (!isAllInterfaces(bare)) return undefined;
  return {
    input,
    error: `"${input}" means "all interfaces" to dockerd; clients never connect to it, so it cannot be a certificate name: give the host names or IPs clients use`,
  };
}

function hostOfHostPort(rest: string): string | undefined {
  const withoutPath = rest.split('/')[0];
  const bracketed = /^\[([^\]]+)\](:\d*)?$/.exec(withoutPath);
  const host = bracketed ? bracketed[1] : withoutPath.replace(/:\d*$/, '');
  const parsed = host === '' ? undefined : parseCertificateHost(host);
  return parsed && 'type' in parsed ? parsed.value : undefined;
}

function parseDnsName(input: string): CertificateHost | HostInputError {
  const name = input.toLowerCase();
  if (name.endsWith('.')) return { input, error: `"${input}" ends with a dot`, suggestion: trimEndOf(name, '.') };
  if (name.length > 253) return { input, error: `"${input}" is longer than 253 characters` };
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return { input, error: `"${input}" is not a valid DNS name: it has an empty label (two dots in a row, or a leading dot)` };
  const wildcard = labels[0] === '*' && labels.length > 2;
  if (name.includes('*') && !wildcard) {
    return { input, error: `"${input}": a wildcard is only allowed as the whole first label of a name with at least two more (*.nodes.example.com)` };
  }
  for (const label of wildcard ? labels.slice(1) : labels) {
    if (!dnsLabel.test(label)) {
      return {
        input,
        error: `"${input}" is not a valid DNS name: each dot-separated part is 1-63 letters, digits or hyphens, not starting or ending with a hyphen`,
      };
    }
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return { input, error: `"${input}" looks like an IP address but is not a valid one` };
  return { type: 'dns', value: name };
}

export function isHostInputError(parse: CertificateHost | HostInputError): parse is HostInputError {
  return 'error' in parse;
}

/**
 * Splits a list typed by a user ("a, b") on commas and validates every element; duplicates
 * are dropped. White space inside an element is an error, not a separator: "exa mple.com"
 * is a typo, not two names.
 */
export function parseCertificateHosts(inputs: readonly string[]): { hosts: CertificateHost[]; errors: HostInputError[] } {
  const hosts: CertificateHost[] = [];
  const errors: HostInputError[] = [];
  for (const raw of inputs.flatMap((input) => input.split(',')).filter((part) => part.trim() !== '')) {
    const parsed = parseCertificateHost(raw);
    if (isHostInputError(parsed)) errors.push(parsed);
    else if (!hosts.some((host) => host.value === parsed.value)) hosts.push(parsed);
  }
  return { hosts, errors };
}

export function describeHostError(error: HostInputError): string {
  return error.suggestion ? `${error.error} (did you mean "${error.suggestion}"?)` : error.error;
}

/**
 * Where a new TCP listener goes when no file gives one: at the IPs of the certificate (clients
 * connect to them), plus 127.0.0.1 for `localhost`. Empty when only DNS names are given: which
 * of the machine's addresses a name resolves to is not ours to guess, and 0.0.0.0 would open
 * every interface (the caller asks for an address instead).
 */
export function listenAddressesFor(hosts: readonly CertificateHost[]): string[] {
  const addresses = hosts.filter((host) => host.type === 'ip').map((host) => host.value);
  if (hosts.some((host) => host.type === 'dns' && isLoopbackAddress(host.value)) && !addresses.some(isLoopbackAddress)) addresses.push('127.0.0.1');
  return addresses;
}

export interface ListenAddress {
  /** An IP (IPv6 without brackets) or a DNS name, as dockerd binds it. */
  address: string;
  port: number;
}

/** `ADDR:PORT` or `[IPv6]:PORT`, the form of `--listen`; 0.0.0.0 and :: are allowed (and said). */
export function parseListenAddress(raw: string): ListenAddress | { error: string } {
  const input = raw.trim();
  if (input.includes('://')) return { error: `"${input}": give ADDR:PORT without a scheme, e.g. ${input.slice(input.indexOf('://') + 3)}` };
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(input);
  if (!match) return { error: `"${input}" is not ADDR:PORT (e.g. 192.0.2.10:2376 or [2001:db8::1]:2376)` };
  const address = match[1] ?? match[2];
  const port = Number(match[3]);
  if (port < 1 || port > 65535) return { error: `"${input}": the port must be 1-65535` };
  if (match[1] !== undefined && isIP(address) !== 6) return { error: `"${input}": only an IPv6 address goes in brackets` };
  if (isAllInterfaces(address)) return { address, port };
  const host = parseCertificateHost(address);
  if (isHostInputError(host)) return { error: host.error };
  return { address: host.value, port };
}
