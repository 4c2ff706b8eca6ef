// Turning a GitLab CI dind's TLS on, with every client of it moved along, or not at all.
// GitLab's documented setup: DOCKER_TLS_CERTDIR "/certs" (dind generates certificates, serves
// verified TLS on 2376 and nothing on 2375), DOCKER_HOST tcp://docker:2376, and the client
// certificates in /certs/client, which the runner shares (runner.ts). The docker CLI image's
// entrypoint turns TLS on by itself when they are there; another job image gets
// DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH=/certs/client. A variable written in a template or
// at the top level serves several jobs: the fix edits it once and moves the clients of every
// dind it turns on, and the fix check (fix-check.ts) refuses it if any job is left broken.

import { keptWith } from '../kept-with';
import { type Remedy, attempt, decline } from '../remedy';
import { dindCertificateNames, lastVariable } from '../compose/clients';
import { dindDefaultCertDir, isDockerCliImage, tlsCertDirOf } from '../compose/dind';
import type { ComposeValue, EnvVar } from '../compose/model';
import { type Connectivity, type Daemon, type Edge, edgesTo, servesNoTls, stacksOf } from '../connectivity';
import { dindTlsDestination, dockerHostOf } from '../dind-tls-destination';
import type { ContainerFile } from '../document';
import { pathOf } from '../paths';
import { lineBreakOf } from '../text';
import type { Span, TextEdit } from '../types';
import { sharedClientCertDir } from './runner';

/** A scalar's new text in the quoting it was written in. */
function quotedLike(value: ComposeValue, text: string): string {
  if (value.node.style === 'double') return `"${text}"`;
  if (value.node.style === 'single') return `'${text}'`;
  return text;
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

/** Where a value is written, as a key: variables shared by many jobs are one place. */
function placeKey(uri: string, span: Span): string {
  return `${uri}\0${span.start}:${span.end}`;
}

/**
 * Per connectivity model and file: the dinds by where their DOCKER_TLS_CERTDIR is written, the
 * edges by where their client's DOCKER_HOST is, and the remedies computed so far. A top-level
 * variable reaches every job: built once, so n jobs cost n, not n x n.
 */
interface FileIndex {
  daemonsByCertDir: Map<string, Daemon[]>;
  edgesByDockerHost: Map<string, Edge[]>;
  remedies: Map<string, Remedy>;
}

const indexesOf = keptWith<Map<string, FileIndex>>('GitLab CI TLS indexes by file');

function indexOf(file: ContainerFile, connectivity: Connectivity): FileIndex {
  const byFile = indexesOf(connectivity, () => new Map());
  let index = byFile.get(file.uri);
  if (index) return index;
  index = { daemonsByCertDir: new Map(), edgesByDockerHost: new Map(), remedies: new Map() };
  for (const stack of stacksOf(connectivity, file.uri)) {
    for (const daemon of stack.daemons) {
      const variable = daemon.service && tlsCertDirOf(daemon.service).variable;
      if (variable) push(index.daemonsByCertDir, placeKey(variable.uri ?? file.uri, variable.span), daemon);
    }
    for (const edge of stack.edges) {
      const variable = edge.client.settings?.variable;
      if (variable) push(index.edgesByDockerHost, placeKey(variable.uri ?? file.uri, variable.span), edge);
    }
  }
  byFile.set(file.uri, index);
  return index;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const held = map.get(key);
  if (held) held.push(value);
  else map.set(key, [value]);
}

/**
 * dind-tls-disabled's fix on GitLab CI: DOCKER_TLS_CERTDIR "/certs" where the empty one is
 * written, and every client of every dind that value reaches moved to tcp://NAME:2376 with
 * verified TLS.
 */
export function turnGitlabDindTlsOn(file: ContainerFile, connectivity: Connectivity, certDirVariable: EnvVar): Remedy {
  const index = indexOf(file, connectivity);
  const key = placeKey(certDirVariable.uri ?? file.uri, certDirVariable.span);
  let remedy = index.remedies.get(key);
  if (!remedy) {
    remedy = attempt(() => dindTlsOn(file, connectivity, certDirVariable, index.daemonsByCertDir.get(key) ?? []));
    index.remedies.set(key, remedy);
  }
  return remedy;
}

function dindTlsOn(file: ContainerFile, connectivity: Connectivity, certDirVariable: EnvVar, daemons: readonly Daemon[]): Remedy {
  if (file.containers.syntaxErrors.length > 0) decline('the file has YAML errors');
  const certDir = writtenHere(certDirVariable, 'DOCKER_TLS_CERTDIR');
  const edits = new Edits();
  edits.add({ ...certDir.span, newText: `"${dindDefaultCertDir}"` });
  const moved = new Set<string>();
  for (const daemon of daemons) {
    for (const edge of edgesTo(connectivity, daemon)) {
      const host = moveClient(file.text, edits, edge, daemon);
      moved.add(`${edge.client.service.label ?? edge.client.name} to tcp://${host}:2376`);
    }
  }
  const services = [...new Set(daemons.map((daemon) => daemon.label))];
  // A title names a few; a pipeline of hundreds of jobs is counted.
  const named = (items: string[]) => (items.length <= 3 ? items.join(', ') : `${items.slice(0, 2).join(', ')} and ${items.length - 2} more`);
  return {
    fix: {
      title: `Turn on TLS in ${named(services)} (DOCKER_TLS_CERTDIR "/certs", verified TLS on 2376)${moved.size > 0 ? ` and move ${named([...moved])}` : ''}; the runner must share /certs/client`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edits.list() }],
    },
  };
}

/**
 * docker-host-plain-tcp's fix on GitLab CI: the same change, when the client's dind has TLS
 * turned off by an empty DOCKER_TLS_CERTDIR. A top-level DOCKER_HOST reaches jobs without a
 * dind too: for those, the fix is the one of a job whose dind that same variable reaches.
 */
export function gitlabClientRemedy(file: ContainerFile, connectivity: Connectivity, edge: Edge): Remedy {
  const written = edge.client.settings?.variable;
  const sharing = written ? (indexOf(file, connectivity).edgesByDockerHost.get(placeKey(written.uri ?? file.uri, written.span)) ?? []) : [];
  const reaching = edge.daemon ? edge : sharing.find((other) => other.daemon?.service);
  const service = reaching?.daemon?.service;
  if (!reaching?.daemon || !service) return { declined: `${edge.client.host} is not a service of this job, so whether it serves TLS is unknown` };
  const certDir = tlsCertDirOf(service);
  if (certDir.value === '' && certDir.variable) return turnGitlabDindTlsOn(file, connectivity, certDir.variable);
  if (reaching === edge && !servesNoTls(edge.daemon!)) return attempt(() => clientToTls(file, edge));
  return { declined: `${reaching.daemon.label} serves no TLS that dockerd-lint can turn on` };
}

/** A client of a dind that already serves TLS (GitLab's default since Docker 19.03), moved to it as dind-tls-disabled's fix moves it. */
function clientToTls(file: ContainerFile, edge: Edge): Remedy {
  if (file.containers.syntaxErrors.length > 0) decline('the file has YAML errors');
  const destination = dindTlsDestination(edge);
  // The runner shares one folder between the services and the job: the client certificates must be written there.
  if (destination.clientCertDir !== sharedClientCertDir)
    decline(`${destination.daemon.label} writes its client certificates to ${destination.clientCertDir}, not to ${sharedClientCertDir}, which the runner shares with the job`);
  const edits = new Edits();
  const host = moveClient(file.text, edits, edge, destination.daemon);
  return {
    fix: {
      title: `Move ${edge.client.service.label ?? edge.client.name} to ${dockerHostOf({ ...destination, name: host })} with verified TLS (${destination.daemon.label} serves it); the runner must share /certs/client`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edits.list() }],
    },
  };
}
