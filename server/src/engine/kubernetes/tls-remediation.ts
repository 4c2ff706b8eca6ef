// Turning a pod's dind sidecar to TLS, carrying every client in the pod along, or not offering
// it and saying why. The docker:dind entrypoint with DOCKER_TLS_CERTDIR=/certs generates a CA,
// a server certificate (for `localhost`, `docker`, the pod's hostname and addresses) and a
// client certificate in /certs/client, and serves TLS with client verification on 2376 only.
// The clients of a sidecar are the pod's other containers (on localhost): each gets
// DOCKER_HOST tcp://localhost:2376, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH=/certs/client and
// the client certificates through an emptyDir volume mounted at /certs/client in both, as the
// usual actions-runner-controller and Jenkins pod templates do.

import { type Remedy, attempt, decline } from '../remedy';
import { joinedEdits } from '../joined-edits';
import { lastVariable, mountHolding } from '../compose/clients';
import { isVerbatim } from '../compose/mapped-string';
import type { ComposeService, EnvVar } from '../compose/model';
import { serviceLabel } from '../compose/report';
import { insertMapEntryAfter, insertSeqItemAfter, scalarLike } from '../compose/yaml-edit';
import { type MapNode, type SeqNode, deref, entryOf } from '../compose/yaml-tree';
import { type Daemon, type Edge, edgesTo, servesNoTls } from '../connectivity';
import type { Connectivity } from '../connectivity';
import type { ContainerFile } from '../document';
import { lineBreakOf, trimEndOf } from '../text';
import type { Span, TextEdit } from '../types';
import { type DindTlsDestination, dindTlsDestination, dockerHostOf } from '../dind-tls-destination';
import { exposureOf } from './exposure';
import { podSpecOf } from './pods';

const certificateVolume = 'dind-certs';
const clientCertificates = '/certs/client';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The edits of one fix; insertions at one offset are joined in the order they were asked for. */
class PodEdit {
  private readonly edits: TextEdit[] = [];
  readonly eol: string;

  constructor(readonly text: string) {
    this.eol = lineBreakOf(text);
  }

  replace(span: Span, newText: string): void {
    this.edits.push({ ...span, newText });
  }

  /** Adds an item (its lines, the first after the dash) to a block or flow list. */
  addItem(list: SeqNode, lines: string[], flowItem: string): void {
    const last = list.items[list.items.length - 1];
    if (!last) decline('a list to extend is empty');
    if (list.flow) {
      this.edits.push(insertSeqItemAfter(this.text, list, last, flowItem));
      return;
    }
    // The item's lines after the first line up with its first key, past the dash.
    const column = last.span.start - lineStart(this.text, last.span.start);
    const [first, ...rest] = lines;
    this.edits.push(insertSeqItemAfter(this.text, list, last, [first, ...rest.map((line) => `${' '.repeat(column)}${line}`)].join(this.eol)));
  }

  /** Adds `key:` with a one-item list to a block map, after its last own entry. */
  addKeyWithItem(map: MapNode, key: string, lines: string[], what: string): void {
    const after = map.entries.filter((entry) => !entry.via).pop();
    if (!after || map.flow) decline(`${what} is not a block map to add ${key} to`);
    const column = after.keySpan.start - lineStart(this.text, after.keySpan.start);
    const indent = ' '.repeat(column);
    const [first, ...rest] = lines;
    const entry = [`${key}:`, `${indent}  - ${first}`, ...rest.map((line) => `${indent}    ${line}`)].join(this.eol);
    this.edits.push(insertMapEntryAfter(this.text, map, after, entry));
  }

  /** Adds an item to `key` of `map` (the list, or the key with this item). */
  addToList(map: MapNode, key: string, lines: string[], flowItem: string, what: string): void {
    const entry = entryOf(map, key);
    if (!entry) {
      this.addKeyWithItem(map, key, lines, what);
      return;
    }
    const { node, via } = deref(entry.value, entry.via);
    if (via || node?.type !== 'seq') decline(`the ${key} of ${what} is not a list of its own`);
    this.addItem(node, lines, flowItem);
  }

  finish(): TextEdit[] {
    const joined = joinedEdits(this.edits);
    if (!joined) decline('its changes would overlap');
    return joined;
  }
}

/** Sets a variable written as `value:` in the container's own env (a `value:` left empty included). */
function setValue(edit: PodEdit, variable: EnvVar, value: string): void {
  if (variable.value?.text === value) return;
  const node = variable.value?.node;
  if (!node || variable.via || node.style === 'block' || !isVerbatim(node.text)) decline(`${variable.name} is not written as a plain value`);
  if (node.span.start === node.span.end) {
    // `value:` with nothing after it, or no `value:` at all (the name alone).
    if (edit.text[node.span.start - 1] !== ':') decline(`${variable.name} has no value: entry to set`);
    edit.replace(node.span, ` ${scalarLike(undefined, value)}`);
    return;
  }
  edit.replace(node.span, scalarLike(node, value));
}

function addVariable(edit: PodEdit, service: ComposeService, name: string, value: string): void {
  const text = scalarLike(undefined, value);
  edit.addToList(service.node, 'env', [`name: ${name}`, `value: ${text}`], `{name: ${name}, value: ${text}}`, serviceLabel(service));
}

/** Makes `name` equal `value` in the container's environment: set where written, else added. */
function ensureVariable(edit: PodEdit, service: ComposeService, name: string, value: string): void {
  const variable = lastVariable(service, name);
  if (!variable) {
    addVariable(edit, service, name, value);
    return;
  }
  if (!variable.value) decline(`${name} of ${serviceLabel(service)} comes from valueFrom, which dockerd-lint cannot see`);
  setValue(edit, variable, value);
}

/** The pod volume that carries dind's client certificates: its folder in the volume, where containers mount that folder, which DOCKER_CERT_PATH names. */
interface SharedCertificates {
  volume: string;
  /** The client folder inside the volume when dind mounts a parent of it: only the client certificates are shared, not dind's CA key. */
  subPath?: string;
  certPath: string;
}

/** dind-tls-disabled's volume: an emptyDir at /certs/client in dind and every client. */
const newCertificateVolume: SharedCertificates = { volume: certificateVolume, certPath: clientCertificates };

/** Mounts the certificate folder at DOCKER_CERT_PATH, unless the container mounts it there already. */
function mountCertificates(edit: PodEdit, service: ComposeService, shared: SharedCertificates, readOnly: boolean): void {
  const held = mountHolding(service, shared.certPath);
  if (!shared.subPath && trimEndOf(held?.target?.text ?? '', '/') === shared.certPath && held?.source?.text === shared.volume) return;
  if (held) decline(`${serviceLabel(service)} already mounts something at ${held.target?.text}`);
  const fields = [`name: ${shared.volume}`, `mountPath: ${shared.certPath}`, ...(shared.subPath ? [`subPath: ${shared.subPath}`] : []), ...(readOnly ? ['readOnly: true'] : [])];
  edit.addToList(service.node, 'volumeMounts', fields, `{${fields.join(', ')}}`, serviceLabel(service));
}

/** Declares the emptyDir that carries the client certificates from dind to its clients. */
function declareCertificateVolume(edit: PodEdit, daemon: Daemon): void {
  const spec = podSpecOf(daemon.service!);
  if (!spec) decline(`the pod of ${daemon.label} is not known`);
  const volumes = deref(entryOf(spec, 'volumes')?.value).node;
  if (
    volumes?.type === 'seq' &&
    volumes.items.some((item) => {
      const node = deref(item).node;
      const name = node?.type === 'map' ? deref(entryOf(node, 'name')?.value).node : undefined;
      return name?.type === 'scalar' && name.value === certificateVolume;
    })
  ) {
    // Already declared: only reuse it when both ends mount it as the certificate folder.
    return;
  }
  edit.addToList(spec, 'volumes', [`name: ${certificateVolume}`, 'emptyDir: {}'], `{name: ${certificateVolume}, emptyDir: {}}`, 'the pod spec');
}

/** Each client of the sidecar: DOCKER_HOST on its TLS port of localhost, verification, the certificates. */
function moveClient(edit: PodEdit, edge: Edge, port: number, shared: SharedCertificates): string {
  const client = edge.client;
  const service = client.service;
  const dockerHost = client.settings?.variable;
  if (client.kind !== 'docker-host' || !dockerHost?.value) decline(`"${client.name}" does not set DOCKER_HOST itself`);
  if (client.host !== 'localhost' && client.host !== '127.0.0.1') decline(`"${client.name}" reaches the dind at ${client.host}, not on the pod's localhost`);
  setValue(edit, dockerHost, `tcp://localhost:${port}`);
  ensureVariable(edit, service, 'DOCKER_TLS_VERIFY', '1');
  ensureVariable(edit, service, 'DOCKER_CERT_PATH', shared.certPath);
  mountCertificates(edit, service, shared, true);
  return `"${client.name}"`;
}

/**
 * dind-tls-disabled's fix for a pod: DOCKER_TLS_CERTDIR=/certs, the emptyDir for the client
 * certificates, and every client in the pod on verified TLS at tcp://localhost:2376.
 */
export function turnSidecarTlsOn(file: ContainerFile, connectivity: Connectivity, daemon: Daemon, certDirVariable: EnvVar): Remedy {
  return attempt(() => {
    if (!daemon.service) decline(`${daemon.label} is not a container of this file`);
    // Moving the port to 2376 would cut off clients the files do not show.
    const outside = exposureOf(daemon.service)?.outside;
    if (outside) decline(outside);
    const edit = new PodEdit(file.text);
    setValue(edit, certDirVariable, '/certs');
    const edges = edgesTo(connectivity, daemon);
    const moved = edges.map((edge) => moveClient(edit, edge, 2376, newCertificateVolume));
    if (edges.length > 0) {
      mountCertificates(edit, daemon.service, newCertificateVolume, false);
      declareCertificateVolume(edit, daemon);
    }
    return {
      title: `Turn on TLS in ${serviceLabel(daemon.service)} (generated certificates on 2376)${moved.length > 0 ? ` and move ${moved.join(', ')} to verified TLS on localhost:2376` : ''}`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edit.finish() }],
    };
  });
}

/** For a dind whose command bypasses the entrypoint's listeners: DOCKER_TLS_CERTDIR set, nothing else changes. */
export function setSidecarCertDir(file: ContainerFile, certDirVariable: EnvVar): Remedy {
  return attempt(() => {
    const edit = new PodEdit(file.text);
    setValue(edit, certDirVariable, '/certs');
    return { title: 'Set DOCKER_TLS_CERTDIR to /certs (TLS with generated certificates)', preferred: true, changes: [{ uri: file.uri, edits: edit.finish() }] };
  });
}

/**
 * Clients of one sidecar whose findings each offer the whole pod's fix. Every client's fix
 * moves every client: past this many, n findings would carry n fixes of n edits each
 * (quadratic), so the change is offered once, on the sidecar's own finding.
 */
const maxClientsOfferingPodFix = 8;

/** A client of a sidecar in its pod: the same change as the sidecar's fix when it serves plain HTTP. */
export function podClientRemedy(file: ContainerFile, connectivity: Connectivity, edge: Edge): Remedy {
  const daemon = edge.daemon;
  if (!daemon?.service) return { declined: `${edge.client.host} is not a container of this pod, so whether it serves TLS, and where this client's certificates would come from, is unknown` };
  const certDir = lastVariable(daemon.service, 'DOCKER_TLS_CERTDIR');
  const clients = edgesTo(connectivity, daemon).length;
  if (certDir?.value?.text === '' && clients > maxClientsOfferingPodFix) {
    return { declined: `${daemon.label} has ${clients} clients in its pod: the change that moves them all is offered once, on the empty DOCKER_TLS_CERTDIR (dind-tls-disabled)` };
  }
  if (certDir?.value?.text === '') return turnSidecarTlsOn(file, connectivity, daemon, certDir);
  if (servesNoTls(daemon)) return { declined: `${daemon.label} serves no TLS that dockerd-lint can turn on for this client` };
  return moveClientToSidecarTls(file, edge);
}

/**
 * A client in the pod of a sidecar that serves TLS already: DOCKER_HOST on its TLS port of
 * localhost, DOCKER_TLS_VERIFY, and DOCKER_CERT_PATH in the volume that holds dind's client
 * certificates, mounted read-only in the client (an emptyDir added to both when dind keeps
 * them in its own filesystem).
 */
function moveClientToSidecarTls(file: ContainerFile, edge: Edge): Remedy {
  return attempt(() => {
    const destination = dindTlsDestination(edge);
    const edit = new PodEdit(file.text);
    const shared = sharedCertificates(edit, destination);
    moveClient(edit, edge, destination.port, shared);
    return {
      title: `Connect "${edge.client.name}" to ${serviceLabel(destination.service)} with verified TLS (${dockerHostOf(destination)}, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH ${shared.certPath} in the ${shared.volume} volume)`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edit.finish() }],
    };
  });
}

/** The pod volume dind keeps its client certificates in, or a new emptyDir for them. */
function sharedCertificates(edit: PodEdit, destination: DindTlsDestination): SharedCertificates {
  const certPath = destination.clientCertDir;
  const held = mountHolding(destination.service, certPath);
  if (!held) {
    const shared = { volume: certificateVolume, certPath };
    mountCertificates(edit, destination.service, shared, false);
    declareCertificateVolume(edit, destination.daemon);
    return shared;
  }
  if (held.type !== 'volume' || !held.source || !held.target)
    decline(`${serviceLabel(destination.service)} keeps its certificates in a hostPath, which this fix does not mount into another container`);
  if (/\bsubPath\s*:/.test(edit.text.slice(held.span.start, held.span.end))) decline(`${serviceLabel(destination.service)} mounts its certificate folder with a subPath`);
  const below = certPath.slice(trimEndOf(held.target.text, '/').length + 1);
  return { volume: held.source.text, subPath: below || undefined, certPath };
}
