// The names and addresses a server certificate is issued for: validated the way a TLS
// client will compare them (DNS names, IPv4, IPv6), and pre-filled from the tcp hosts a
// workspace's dockerd listens on.

import { isIP } from 'node:net';
import { isAllInterfaces, isLoopbackAddress, isParsedHost, parseDaemonHost } from '../dockerd/hosts';
import { type DockerdSettings, listItems } from '../settings';
import type { Platform } from '../types';
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

export function parseCertificateHost(raw: string): CertificateHost | HostInputError {
  const input = raw.trim();
  if (input === '') return { input: raw, error: 'empty host name' };
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
  const bare = input.replace(/^tcp:\/\//, '').replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([^:]*):\d+$/, '$1');
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
  const wildcard = labels[0] === '*' && labels.length > 2;
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

/** Splits a list typed by a user ("a, b c") and validates every element; duplicates are dropped. */
export function parseCertificateHosts(inputs: readonly string[]): { hosts: CertificateHost[]; errors: HostInputError[] } {
  const hosts: CertificateHost[] = [];
  const errors: HostInputError[] = [];
  for (const raw of inputs.flatMap((input) => input.split(/[\s,]+/)).filter((part) => part !== '')) {
    const parsed = parseCertificateHost(raw);
    if (isHostInputError(parsed)) errors.push(parsed);
    else if (!hosts.some((host) => host.value === parsed.value)) hosts.push(parsed);
  }
  return { hosts, errors };
}

export function describeHostError(error: HostInputError): string {
  return error.suggestion ? `${error.error} (did you mean "${error.suggestion}"?)` : error.error;
}

export interface HostSuggestions {
  /** Addresses of the tcp hosts the workspace's dockerd listens on, usable as names. */
  fromWorkspace: string[];
  /** Offered for clients on the dockerd host itself; the user decides. */
  loopback: string[];
  /** Why something the workspace listens on was not offered (0.0.0.0, ::). */
  notes: string[];
}

export function suggestCertificateHosts(dockerds: readonly DockerdSettings[], platform: Platform = 'linux'): HostSuggestions {
  const fromWorkspace: string[] = [];
  const notes: string[] = [];
  for (const settings of dockerds) {
    for (const item of listItems(settings, 'hosts')) {
      if (typeof item.value !== 'string') continue;
      const parsed = parseDaemonHost(item.value, platform);
      if (!isParsedHost(parsed) || parsed.scheme !== 'tcp' || parsed.address === undefined) continue;
      if (isAllInterfaces(parsed.address)) {
        const note = `${parsed.normalized} listens on all interfaces: ${parsed.address} is not a name clients connect to, so add this machine's host names or IPs.`;
        if (!notes.includes(note)) notes.push(note);
        continue;
      }
      const host = parseCertificateHost(parsed.address);
      if (!isHostInputError(host) && !fromWorkspace.includes(host.value)) fromWorkspace.push(host.value);
    }
  }
  return { fromWorkspace, loopback: loopbackSuggestions.filter((name) => !fromWorkspace.includes(name)), notes };
}

/** Where dockerd should listen for these certificate names: loopback only when every name is. */
export function listenAddressFor(hosts: readonly CertificateHost[]): string {
  return hosts.length > 0 && hosts.every((host) => isLoopbackAddress(host.value)) ? '127.0.0.1' : '0.0.0.0';
}
