// What to do with generated certificates: the daemon.json settings for dockerd and the
// client side (environment variables or a docker context). Plain text, shown by the CLI
// and the extension alike.

import { tcpHost, tlsVerifyOptions } from '../rule-kit/fixes';
import type { JsonValue } from '../settings';
import type { TlsPaths } from '../types';
import { newestKnownEngineVersion } from '../dockerd/options';
import { type CertificateHost, listenAddressFor } from './hosts';
import { trimEndOf } from '../text';

export const tlsPort = 2376;

/** The TLS options as the rules' fixes write them, pointing at these paths. */
export function tlsOptionsFor(paths: TlsPaths): { name: string; value: JsonValue }[] {
  return tlsVerifyOptions({ platform: 'linux', engineVersion: newestKnownEngineVersion, tlsPaths: paths });
}

export function listenHostFor(hosts: readonly CertificateHost[]): string {
  return tcpHost(listenAddressFor(hosts), tlsPort);
}

export function daemonJsonSnippet(paths: TlsPaths, hosts: readonly CertificateHost[]): string {
  const settings: Record<string, JsonValue> = {};
  for (const option of tlsOptionsFor(paths)) settings[option.name] = option.value;
  settings.hosts = ['unix:///var/run/docker.sock', listenHostFor(hosts)];
  return JSON.stringify(settings, null, 2);
}

/** Caveat printed with the snippet: the stock systemd unit passes -H, which conflicts with "hosts". */
export const hostsConflictNote =
  'If dockerd is started with -H flags (Debian and Ubuntu\'s docker.service passes "-H fd://"), do not put "hosts" in daemon.json: ' +
  'dockerd refuses to start when both set it. Add "-H tcp://...:2376" to the ExecStart of a systemd drop-in instead.';

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How a client on another machine uses the client certificate, in both usual ways. */
export function clientInstructions(clientCertDirectory: string, hosts: readonly CertificateHost[]): string {
  const dockerHost = tcpHost(hosts[0]?.value ?? 'localhost', tlsPort);
  const directory = trimEndOf(clientCertDirectory, '\\/');
  const contextName = `dockerd-${(hosts[0]?.value ?? 'tls').replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
  const endpoint = `host=${dockerHost},ca=${directory}/ca.pem,cert=${directory}/cert.pem,key=${directory}/key.pem`;
  return [
    `export DOCKER_HOST=${dockerHost}`,
    'export DOCKER_TLS_VERIFY=1',
    `export DOCKER_CERT_PATH=${shellQuote(directory)}`,
    'docker version',
    '',
    '# or, as a named context:',
    `docker context create ${contextName} --docker ${shellQuote(endpoint)}`,
    `docker --context ${contextName} version`,
  ].join('\n');
}
