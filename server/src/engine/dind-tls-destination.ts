// Where a client of a dind that already serves TLS moves, whatever the surface: the dind it
// names, the listener that serves TLS with client verification, the folder of the client
// certificates dind generates (which the client must read at DOCKER_CERT_PATH), and the name it
// verifies. Each surface's remedy then writes the variables where its files keep them and shares
// the certificates the way it can (a Compose or workflow volume, a pod's emptyDir, the GitLab
// runner's /certs/client), or declines when it cannot: a client on 2376 without them is cut off.

import { generatedCertificateDir } from './compose/clients';
import type { ComposeService } from './compose/model';
import type { Daemon, Edge } from './connectivity';
import { isLoopbackAddress } from './dockerd/hosts';
import { decline } from './remedy';

export interface DindTlsDestination {
  daemon: Daemon;
  service: ComposeService;
  /** The port of the dind's TCP listener with TLS and client verification (the entrypoint's 2376). */
  port: number;
  /** `$DOCKER_TLS_CERTDIR/client`: ca.pem, cert.pem and key.pem, which the client must read. */
  clientCertDir: string;
  /** The name the client verifies: `localhost` on its own loopback, else the name it reaches dind by. */
  name: string;
  /** Whether dind's generated certificate carries `name` (when not, the surface adds it or declines). */
  nameCarried: boolean;
}

/** The destination of `edge`'s client on its dind's TLS listener, or a decline saying why there is none. */
export function dindTlsDestination(edge: Edge): DindTlsDestination {
  const daemon = edge.daemon;
  const service = daemon?.service;
  if (daemon?.kind !== 'dockerd' || !service) decline(`${edge.client.host} is not a dind of the files at hand`);
  const certDir = generatedCertificateDir(service);
  const listener = daemon.listeners.find((candidate) => candidate.scheme === 'tcp' && candidate.tls === 'tls-verify' && candidate.port !== undefined);
  if (!certDir || !listener) decline(`${daemon.label} does not serve TLS with certificates it generates, so where this client's certificates would come from is unknown`);
  const carried = daemon.certificate?.names.map((name) => name.toLowerCase()) ?? [];
  const host = edge.client.host ?? '';
  // The pod's or shared network's loopback: every generated certificate carries localhost.
  if (isLoopbackAddress(host)) return { daemon, service, port: listener.port!, clientCertDir: `${certDir}/client`, name: 'localhost', nameCarried: true };
  const reachedBy = daemon.names.map((name) => name.toLowerCase());
  const name = [host, ...reachedBy].find((candidate) => reachedBy.includes(candidate) && carried.includes(candidate)) ?? host;
  return { daemon, service, port: listener.port!, clientCertDir: `${certDir}/client`, name, nameCarried: carried.includes(name) };
}

/** DOCKER_HOST of a client at its destination. */
export function dockerHostOf(destination: DindTlsDestination): string {
  return `tcp://${destination.name}:${destination.port}`;
}
