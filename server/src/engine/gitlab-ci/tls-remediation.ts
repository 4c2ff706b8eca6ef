// Turning a GitLab CI dind's TLS on, with every client of it moved along, or not at all.
// GitLab's documented setup: DOCKER_TLS_CERTDIR "/certs" (dind generates certificates, serves
// verified TLS on 2376 and nothing on 2375), DOCKER_HOST tcp://docker:2376, and the client
// certificates in /certs/client, which the runner shares (runner.ts). The docker CLI image's
// entrypoint turns TLS on by itself when they are there; another job image gets
// DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH=/certs/client. A variable written in a template or
// at the top level serves several jobs: the fix edits it once and moves the clients of every
// dind it turns on, and the fix check (fix-check.ts) refuses it if any job is left broken.

import { dindCertificateNames, lastVariable } from '../compose/clients';
import { dindDefaultCertDir, isDockerCliImage, tlsCertDirOf } from '../compose/dind';
import type { ComposeValue, EnvVar } from '../compose/model';
import { type Connectivity, type Daemon, type Edge, edgesTo, stacksOf } from '../connectivity';
import type { ContainerFile } from '../document';
import { pathOf } from '../paths';
import { lineBreakOf } from '../text';
import type { Span, TextEdit } from '../types';
import type { Remedy } from '../compose/tls-remediation';
import { sharedClientCertDir } from './runner';

class Declined extends Error {}

function decline(reason: string): never {
  throw new Declined(reason);
}

/** A scalar's new text in the quoting it was written in. */
function quotedLike(value: ComposeValue, text: string): string {
  if (value.node.style === 'double') return `"${text}"`;
  if (value.node.style === 'single') return `'${text}'`;
  return text;
}

function sameSpan(a: Span, b: Span): boolean {
  return a.start === b.start && a.end === b.end;
}

/** The edits of one fix, each place edited once. */
class Edits {
  private readonly bySpan = new Map<string, TextEdit>();

  add(edit: TextEdit): void {
    const key = `${edit.start}:${edit.end}`;
    const held = this.bySpan.get(key);
    if (held && held.newText !== edit.newText) decline('two jobs would need different values in one shared variable');
    this.bySpan.set(key, edit);
  }

  list(): TextEdit[] {
    return [...this.bySpan.values()].sort((a, b) => a.start - b.start);
  }
}

function writtenHere(variable: EnvVar, what: string): ComposeValue {
  if (variable.via || !variable.value) decline(`${what} comes through a YAML alias or merge key`);
  if (variable.value.notes.length > 0) decline(`${what} uses a variable`);
  if (variable.uri || variable.value.uri) decline(`${what} is set in the included file ${pathOf(variable.uri ?? variable.value.uri ?? '')}`);
  return variable.value;
}

/** Moves one client of the dind to verified TLS on a name its generated certificate carries. */
function moveClient(text: string, edits: Edits, edge: Edge, daemon: Daemon): string {
  const client = edge.client;
  const settings = client.settings;
  if (client.kind !== 'docker-host' || !settings?.variable) decline(`${client.name} reaches it without DOCKER_HOST`);
  const hostValue = writtenHere(settings.variable, 'its DOCKER_HOST');
  const names = dindCertificateNames(daemon.service!);
  const host = client.host ?? '';
  if (!names.includes(host)) decline(`the certificate dind generates carries ${names.join(', ')}, not "${host}" (set DOCKER_TLS_SAN on the service)`);
  edits.add({ ...hostValue.span, newText: quotedLike(hostValue, `tcp://${host}:2376`) });
  const service = client.service;
  // The docker CLI image's entrypoint verifies with the shared certificates by itself.
  if (isDockerCliImage(service.image?.text) && !service.entrypoint) return host;
  for (const name of ['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']) {
    if (lastVariable(service, name)) decline(`${client.name} sets ${name} already`);
  }
  const variable = settings.variable;
  const lineStart = text.lastIndexOf('\n', variable.nameSpan.start - 1) + 1;
  const indent = text.slice(lineStart, variable.nameSpan.start);
  if (indent.trim() !== '') decline('its DOCKER_HOST is in a flow mapping');
  // The new lines go at the end of DOCKER_HOST's line, before its line break.
  const lineEnd = text.indexOf('\n', variable.span.end);
  const at = lineEnd < 0 ? text.length : text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  const eol = lineBreakOf(text);
  edits.add({ start: at, end: at, newText: `${eol}${indent}DOCKER_TLS_VERIFY: "1"${eol}${indent}DOCKER_CERT_PATH: ${sharedClientCertDir}` });
  return host;
}

function attempt(build: () => Remedy): Remedy {
  try {
    return build();
  } catch (error) {
    if (error instanceof Declined) return { declined: error.message };
    throw error;
  }
}

/**
 * dind-tls-disabled's fix on GitLab CI: DOCKER_TLS_CERTDIR "/certs" where the empty one is
 * written, and every client of every dind that value reaches moved to tcp://NAME:2376 with
 * verified TLS.
 */
export function turnGitlabDindTlsOn(file: ContainerFile, connectivity: Connectivity, certDirVariable: EnvVar): Remedy {
  return attempt(() => {
    if (file.containers.syntaxErrors.length > 0) decline('the file has YAML errors');
    const certDir = writtenHere(certDirVariable, 'DOCKER_TLS_CERTDIR');
    const edits = new Edits();
    edits.add({ ...certDir.span, newText: `"${dindDefaultCertDir}"` });
    const daemons = stacksOf(connectivity, file.uri).flatMap((stack) =>
      stack.daemons.filter((daemon) => {
        const variable = daemon.service && tlsCertDirOf(daemon.service).variable;
        return variable !== undefined && sameSpan(variable.span, certDirVariable.span);
      }),
    );
    const moved = new Set<string>();
    for (const daemon of daemons) {
      for (const edge of edgesTo(connectivity, daemon)) {
        const host = moveClient(file.text, edits, edge, daemon);
        moved.add(`${edge.client.service.label ?? edge.client.name} to tcp://${host}:2376`);
      }
    }
    const services = [...new Set(daemons.map((daemon) => daemon.label))];
    return {
      fix: {
        title: `Turn on TLS in ${services.join(', ')} (DOCKER_TLS_CERTDIR "/certs", verified TLS on 2376)${moved.size > 0 ? ` and move ${[...moved].join(', ')}` : ''}; the runner must share /certs/client`,
        preferred: true,
        changes: [{ uri: file.uri, edits: edits.list() }],
      },
    };
  });
}

/**
 * docker-host-plain-tcp's fix on GitLab CI: the same change, when the client's dind has TLS
 * turned off by an empty DOCKER_TLS_CERTDIR. A top-level DOCKER_HOST reaches jobs without a
 * dind too: for those, the fix is the one of a job whose dind that same variable reaches.
 */
export function gitlabClientRemedy(file: ContainerFile, connectivity: Connectivity, edge: Edge): Remedy {
  const written = edge.client.settings?.variable;
  const reaching = edge.daemon
    ? edge
    : stacksOf(connectivity, file.uri)
        .flatMap((stack) => stack.edges)
        .find((other) => other.daemon?.service && written && other.client.settings?.variable && sameSpan(other.client.settings.variable.span, written.span));
  const service = reaching?.daemon?.service;
  if (!reaching?.daemon || !service) return { declined: `${edge.client.host} is not a service of this job, so whether it serves TLS is unknown` };
  const certDir = tlsCertDirOf(service);
  if (certDir.value !== '' || !certDir.variable) return { declined: `${reaching.daemon.label} serves no TLS that dockerd-lint can turn on` };
  return turnGitlabDindTlsOn(file, connectivity, certDir.variable);
}
