// What to do with generated certificates when no file of the machine is at hand (the CLI, or
// an editor workspace without dockerd files): dockerd's TLS settings for daemon.json, the TCP
// listener as a docker.service drop-in, and the client side. Plain text.
//
// Why the listener goes in a drop-in: the packaged docker.service of Docker CE, Debian and
// Ubuntu passes `-H fd://`, and dockerd refuses to start with "hosts" in daemon.json as well.
// A drop-in that resets ExecStart= and keeps `-H fd://` works under every stock unit.

import { tcpHost, tlsVerifyOptions } from '../rule-kit/fixes';
import type { JsonValue } from '../settings';
import { execStartDropIn, stockExecStartWithoutHosts } from '../systemd/drop-in';
import { quoteWord } from '../systemd/words';
import type { TlsPaths } from '../types';
import { newestKnownEngineVersion } from '../dockerd/options';
import { isAllInterfaces } from '../dockerd/hosts';
import type { CertificateHost, ListenAddress } from './hosts';
import { trimEndOf } from '../text';

export const tlsPort = 2376;

/** Where the printed drop-in goes on a stock machine. */
export const listenerDropInPath = '/etc/systemd/system/docker.service.d/tls-listener.conf';

/** The TLS options as the rules' fixes write them, pointing at these paths. */
export function tlsOptionsFor(paths: TlsPaths): { name: string; value: JsonValue }[] {
  return tlsVerifyOptions({ platform: 'linux', engineVersion: newestKnownEngineVersion, tlsPaths: paths });
}

/** daemon.json's TLS settings, without "hosts" (the drop-in carries the listener). */
export function daemonJsonSnippet(paths: TlsPaths): string {
  const settings: Record<string, JsonValue> = {};
  for (const option of tlsOptionsFor(paths)) settings[option.name] = option.value;
  return JSON.stringify(settings, null, 2);
}

/** A docker.service drop-in: the stock command line, `-H fd://` kept, plus one -H per listener. */
export function listenerDropIn(listeners: readonly ListenAddress[]): string {
  const flags = listeners.map((listener) => ` -H ${quoteWord(tcpHost(listener.address, listener.port))}`).join('');
  const [binary, ...rest] = stockExecStartWithoutHosts.split(' ');
  return execStartDropIn(
    [binary, '-H fd://', flags.trimStart(), ...rest].filter((word) => word !== '').join(' '),
    ['The TCP listener with TLS (dockerd-lint certs). "-H fd://" keeps docker.socket.', 'On Debian/Ubuntu docker.io the binary is /usr/sbin/dockerd.'],
    '\n',
  );
}

/** Said when a listener opens every interface: only ever because the user or the files asked. */
export function allInterfacesNote(listeners: readonly ListenAddress[]): string | undefined {
  const open = listeners.filter((listener) => isAllInterfaces(listener.address));
  if (open.length === 0) return undefined;
  return `${open.map((listener) => tcpHost(listener.address, listener.port)).join(', ')} listens on every interface of the machine, as asked: anyone who can reach it is asked for a client certificate.`;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** How a client on another machine uses the client certificate, in both usual ways. */
export function clientInstructions(clientCertDirectory: string, hosts: readonly CertificateHost[], port = tlsPort): string {
  const dockerHost = tcpHost(hosts[0]?.value ?? 'localhost', port);
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
