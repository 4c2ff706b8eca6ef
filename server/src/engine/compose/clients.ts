// How a Compose service talks to a Docker API as a client, and which names a dind service's
// generated certificate carries. Facts from the official `docker` images' entrypoints
// (docker-library/docker: docker-entrypoint.sh for clients, dockerd-entrypoint.sh for dind):
// - a client reads DOCKER_HOST, DOCKER_TLS_VERIFY (any non-empty value verifies the server),
//   DOCKER_TLS (TLS without verifying) and DOCKER_CERT_PATH (default ~/.docker);
// - the CLI image's entrypoint, with no DOCKER_HOST, picks tcp://docker:2376 when the client
//   certificates are in $DOCKER_TLS_CERTDIR/client (or DOCKER_TLS_VERIFY is set), else
//   tcp://docker:2375; with a tcp:// DOCKER_HOST, no TLS variable and those certificates it
//   turns verification on with DOCKER_CERT_PATH=$DOCKER_TLS_CERTDIR/client;
// - dind's server certificate carries the container's hostname, `docker`, `localhost`, the
//   container's IPs and what DOCKER_TLS_SAN adds; not the service name unless it is one of those.

import { dockerdLaunch, isDockerCliImage, tlsCertDirOf } from './dind';
import type { ComposeService, EnvVar, VolumeMount } from './model';
import { composeValueOf } from './model-reader';
import { entryOf } from './yaml-tree';
import { trimEndOf } from '../text';

export function lastVariable(service: ComposeService, name: string): EnvVar | undefined {
  for (let i = service.environment.length - 1; i >= 0; i--) if (service.environment[i].name === name) return service.environment[i];
  return undefined;
}

function nonEmpty(variable: EnvVar | undefined): boolean {
  return !!variable?.value && variable.value.text !== '';
}

function trimSlashes(path: string): string {
  return path.length > 1 ? trimEndOf(path, '/') : path;
}

/** The mount whose container path holds `path` (the deepest one), if any. */
export function mountHolding(service: ComposeService, path: string): VolumeMount | undefined {
  const wanted = trimSlashes(path);
  let best: VolumeMount | undefined;
  for (const volume of service.volumes) {
    const target = volume.target ? trimSlashes(volume.target.text) : undefined;
    if (!target || !(wanted === target || wanted.startsWith(`${target}/`))) continue;
    if (!best || target.length > trimSlashes(best.target!.text).length) best = volume;
  }
  return best;
}

/** The CLI image's entrypoint runs: the image is `docker`/`docker:cli` and `entrypoint:` is not replaced. */
function cliEntrypointRuns(service: ComposeService): boolean {
  return isDockerCliImage(service.image?.text) && !service.entrypoint;
}

/** `$DOCKER_TLS_CERTDIR/client` of a CLI-image service when its three files come from a mount, else undefined. */
function entrypointClientCertDir(service: ComposeService): string | undefined {
  if (!cliEntrypointRuns(service)) return undefined;
  const certDir = trimSlashes(tlsCertDirOf(service).value);
  if (certDir === '') return undefined;
  const clientDir = `${certDir}/client`;
  return mountHolding(service, clientDir) ? clientDir : undefined;
}

export interface ClientSettings {
  /** The address the client connects to. */
  host: string;
  /** Where it comes from: the DOCKER_HOST variable, or the CLI image's entrypoint default. */
  origin: 'DOCKER_HOST' | 'entrypoint default';
  variable?: EnvVar;
  /** The client speaks TLS (DOCKER_TLS_VERIFY, DOCKER_TLS, or the entrypoint turning it on). */
  tls: boolean;
  /** The client verifies the server's certificate against the name it connects to. */
  verify: boolean;
  /** The folder of ca.pem, cert.pem and key.pem in the container. */
  certPath: string;
  /** The mount that brings certPath into the container, if any. */
  certMount?: VolumeMount;
  /** DOCKER_CERT_PATH written, or set by the entrypoint (not the ~/.docker default). */
  certPathChosen: boolean;
  /** The CLI image's entrypoint decides part of this (it must keep running for a fix to hold). */
  byEntrypoint: boolean;
  notes: string[];
}

/**
 * The Docker client settings of a service that is a client: one with DOCKER_HOST, or running
 * the docker CLI image's entrypoint. A service that runs dockerd itself uses DOCKER_HOST for
 * its own socket: it is not a client.
 */
export function clientSettings(service: ComposeService): ClientSettings | undefined {
  if (dockerdLaunch(service)) return undefined;
  const dockerHost = lastVariable(service, 'DOCKER_HOST');
  const verifyVariable = lastVariable(service, 'DOCKER_TLS_VERIFY');
  const tlsVariable = lastVariable(service, 'DOCKER_TLS');
  const certPathVariable = lastVariable(service, 'DOCKER_CERT_PATH');
  // A variable passed from the shell (`- DOCKER_HOST`) has a value only known at run time.
  if ([dockerHost, verifyVariable, tlsVariable, certPathVariable].some((variable) => variable && !variable.value)) return undefined;
  const entrypointCerts = entrypointClientCertDir(service);
  let host: string;
  let origin: ClientSettings['origin'] = 'DOCKER_HOST';
  let verify = nonEmpty(verifyVariable);
  let certPath = nonEmpty(certPathVariable) ? certPathVariable!.value!.text : undefined;
  let byEntrypoint = false;
  if (dockerHost?.value && dockerHost.value.text !== '') {
    host = dockerHost.value.text;
    if (entrypointCerts && host.startsWith('tcp://') && !verifyVariable && !certPathVariable) {
      verify = true;
      certPath = entrypointCerts;
      byEntrypoint = true;
    }
  } else if (cliEntrypointRuns(service)) {
    origin = 'entrypoint default';
    byEntrypoint = true;
    if (mountHolding(service, '/var/run/docker.sock')) host = 'unix:///var/run/docker.sock';
    else if (entrypointCerts || verify) {
      host = 'tcp://docker:2376';
      if (!verifyVariable && !certPathVariable && entrypointCerts) {
        verify = true;
        certPath = entrypointCerts;
      }
    } else host = 'tcp://docker:2375';
  } else return undefined;
  const tls = verify || nonEmpty(tlsVariable);
  const path = certPath ?? '~/.docker';
  return {
    host,
    origin,
    variable: origin === 'DOCKER_HOST' ? dockerHost : undefined,
    tls,
    verify,
    certPath: path,
    certMount: mountHolding(service, path),
    certPathChosen: certPath !== undefined,
    byEntrypoint,
    notes: [dockerHost, verifyVariable, tlsVariable, certPathVariable].flatMap((variable) => variable?.value?.notes ?? []),
  };
}

/** The client's default port: 2376 when it speaks TLS, else 2375 (docker/cli opts.ParseHost). */
export function clientPort(tls: boolean): number {
  return tls ? 2376 : 2375;
}

/**
 * The DNS names dind's entrypoint puts in the server certificate it generates: the
 * container's hostname (the `hostname:` the service sets; else the container id, unknown
 * here), `docker`, `localhost`, and the `DNS:` entries of DOCKER_TLS_SAN. The container's
 * IP addresses are in it too.
 */
export function dindCertificateNames(service: ComposeService): string[] {
  const hostnameEntry = entryOf(service.node, 'hostname');
  const hostname = hostnameEntry ? composeValueOf(hostnameEntry.value, hostnameEntry.via)?.text : undefined;
  const names = ['docker', 'localhost'];
  if (hostname) names.unshift(hostname);
  const san = lastVariable(service, 'DOCKER_TLS_SAN')?.value?.text ?? '';
  for (const part of san.split(/[,\s]+/)) {
    const match = /^DNS:(.+)$/i.exec(part.trim());
    if (match) names.push(match[1]);
  }
  return names;
}

/** Where dind writes its certificates, when its entrypoint generates them (TLS defaults, DOCKER_TLS_CERTDIR not empty). */
export function generatedCertificateDir(service: ComposeService): string | undefined {
  if (dockerdLaunch(service)?.entrypointDefaults !== true) return undefined;
  const certDir = trimSlashes(tlsCertDirOf(service).value);
  return certDir === '' ? undefined : certDir;
}
