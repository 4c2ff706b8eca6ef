// Remediation per job for GitHub Actions, the counterpart of compose/tls-remediation.ts: a fix
// that turns a dind service's TLS on carries every client of it in the job along, or is not
// offered and says why. GitHub's semantics decide what can be kept working:
// - with a job container, the steps reach the service by its id on the job network, and a
//   named volume in both `volumes:` lists shares dind's generated client certificates;
// - without one, the steps run on the runner machine and reach dind through a published port,
//   but a service's files cannot be shared with the runner machine: its clients could not get
//   the client certificates, so TLS would cut them off and no fix is offered;
// - a service's certificate carries `docker`, `localhost` and the container's hostname (the
//   runner leaves it to Docker), not the service id: DOCKER_TLS_SAN adds it;
// - the runner starts the steps once every service with a health check is healthy: a health
//   check on `docker info` makes the first step wait until dind has written its certificates.

import { isDnsLabel } from '../certs/hosts';
import { type Remedy, attempt, decline } from '../remedy';
import { joinedEdits } from '../joined-edits';
import { type Connectivity, type Daemon, type Edge, edgesTo, scopeOfDaemon, servesNoTls } from '../connectivity';
import type { ContainerFile } from '../document';
import { dindCertificateNames, lastVariable, mountHolding } from '../compose/clients';
import type { ComposeService, EnvVar, PortMapping } from '../compose/model';
import { isVerbatim } from '../compose/mapped-string';
import { editable, serviceLabel } from '../compose/report';
import { insertMapEntryAfter, insertSeqItemAfter, scalarLike } from '../compose/yaml-edit';
import { deref, entryOf } from '../compose/yaml-tree';
import { lineBreakOf, trimEndOf } from '../text';
import { dindTlsDestination, dockerHostOf } from '../dind-tls-destination';
import type { TextEdit } from '../types';
import { type JobLayout, envMapOf, jobLayoutOf } from './read';

const clientCertDir = '/certs/client';
const healthCheck = '--health-cmd "docker info" --health-interval 2s --health-timeout 5s --health-retries 30';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The edits of one fix; edits at one offset are joined, overlapping ones decline. */
class JobEdit {
  readonly edits: TextEdit[] = [];
  readonly eol: string;
  private readonly setValues = new Set<number>();

  constructor(readonly file: ContainerFile) {
    this.eol = lineBreakOf(file.text);
  }

  get text(): string {
    return this.file.text;
  }

  /** Replaces a variable's value in its quoting; once per written variable (several clients may share it). */
  setVariable(variable: EnvVar, value: string): void {
    const node = variable.value?.node;
    if (!node || variable.via || node.style === 'block' || !isVerbatim(node.text)) decline(`${variable.name} is not written as a plain value`);
    if (this.setValues.has(node.span.start) || variable.value?.text === value) return;
    this.setValues.add(node.span.start);
    this.edits.push({ ...node.span, newText: scalarLike(node, value) });
  }

  /** Adds `NAME: value` after a variable, in the `env:` map it is written in. */
  addVariableAfter(after: EnvVar, name: string, value: string): void {
    const map = envMapOf(after);
    const entry = map?.entries.find((candidate) => candidate.keySpan.start === after.nameSpan.start);
    if (!map || !entry || after.via) decline(`the env: map of ${after.name} cannot be edited in place`);
    if (map.entries.some((candidate) => candidate.key === name)) return;
    const like = entry.value.type === 'scalar' && entry.value.style !== 'plain' ? entry.value : undefined;
    this.edits.push(insertMapEntryAfter(this.text, map, entry, `${name}: ${like ? scalarLike(like, value) : JSON.stringify(value)}`));
  }

  /**
   * Adds an item to a container's `volumes:` list, or the key after its `image:`. A job
   * container written as `container: IMAGE` becomes the map form on the same line.
   */
  addVolume(container: ComposeService, item: string): void {
    const written = entryOf(container.node, 'container');
    const image = container.image?.node;
    if (written && !written.via && image && written.value === image && image.type === 'scalar') {
      // A plain scalar may hold what a flow map reads as syntax (`${{ ... }}`): quoted, it reads as the same string.
      const name = image.style === 'plain' ? JSON.stringify(String(image.value)) : this.text.slice(image.span.start, image.span.end);
      this.edits.push({ ...image.span, newText: `{ image: ${name}, volumes: [${JSON.stringify(item)}] }` });
      return;
    }
    const entry = entryOf(container.node, 'volumes');
    if (entry) {
      const { node } = deref(entry.value, entry.via);
      const last = node?.type === 'seq' ? node.items[node.items.length - 1] : undefined;
      if (!last || entry.via || node?.type !== 'seq') decline(`the volumes of ${serviceLabel(container)} are not a list written in place`);
      this.edits.push(insertSeqItemAfter(this.text, node, last, scalarLike(last.type === 'scalar' ? last : undefined, item)));
      return;
    }
    const imageEntry = entryOf(container.node, 'image');
    if (!imageEntry || imageEntry.via || container.node.flow) decline(`${serviceLabel(container)} has no image: key of its own to add volumes after`);
    const indent = ' '.repeat(imageEntry.keySpan.start - lineStart(this.text, imageEntry.keySpan.start));
    this.edits.push(insertMapEntryAfter(this.text, container.node, imageEntry, `volumes:${this.eol}${indent}  - ${item}`));
  }

  finish(): TextEdit[] {
    const joined = joinedEdits(this.edits);
    if (!joined) decline('its changes would overlap');
    return joined;
  }
}

function jobOf(file: ContainerFile, connectivity: Connectivity, daemon: Daemon): JobLayout {
  if (file.containers.syntaxErrors.length > 0) decline('the file has YAML errors');
  const model = scopeOfDaemon(connectivity, daemon)?.model;
  const job = model && file.containers.models.includes(model) ? jobLayoutOf(model) : undefined;
  if (!job || !daemon.service) decline('the service is not in this file');
  return job;
}

/** Steps on the runner machine cannot get a service's files. */
function requireJobNetwork(job: JobLayout, edges: readonly Edge[]): void {
  if (edges.length > 0 && !job.jobContainer) {
    decline(
      `the steps of job "${job.id}" run on the runner machine and reach dind through its published port: dind's generated client certificates cannot be shared with the runner machine, so over verified TLS they could not connect (run the job in a container: \`container:\`, and reach the service by its id)`,
    );
  }
}

/** The `options:` gain a health check, so the steps start once dind has written its certificates. */
function waitForCertificates(edit: JobEdit, service: ComposeService): void {
  const entry = entryOf(service.node, 'options');
  const { node } = deref(entry?.value, entry?.via);
  if (!entry || node?.type !== 'scalar' || entry.via || node.style !== 'plain' || !isVerbatim(node.text)) {
    decline(`the options: of ${serviceLabel(service)} are not a plain string to add a health check to (the steps must wait until dind has written its certificates)`);
  }
  if (node.text.text.includes('--health-cmd')) return;
  edit.edits.push({ start: node.span.end, end: node.span.end, newText: ` ${healthCheck}` });
}

/** Moves one client to verified TLS at `dockerHost` with the shared client certificates at `certPath`. */
function moveClient(edit: JobEdit, job: JobLayout, edge: Edge, dockerHost: string, certPath: string): void {
  const client = edge.client;
  const variable = client.settings?.variable;
  if (client.kind !== 'docker-host' || !variable) decline(`${serviceLabel(client.service)} is not a client dockerd-lint can move`);
  const map = envMapOf(variable);
  if (!map || (job.workflowEnv && map === job.workflowEnv)) decline(`DOCKER_HOST of ${serviceLabel(client.service)} is set for the whole workflow, and other jobs may use it`);
  edit.setVariable(variable, dockerHost);
  const verify = lastVariable(client.service, 'DOCKER_TLS_VERIFY');
  const certPathVariable = lastVariable(client.service, 'DOCKER_CERT_PATH');
  if (verify) edit.setVariable(verify, '1');
  else edit.addVariableAfter(variable, 'DOCKER_TLS_VERIFY', '1');
  if (certPathVariable) edit.setVariable(certPathVariable, certPath);
  else edit.addVariableAfter(variable, 'DOCKER_CERT_PATH', certPath);
}

/** The service id becomes a name of dind's certificate (DOCKER_TLS_SAN, after `after` in its env), unless it is one already. */
function certifyServiceId(edit: JobEdit, service: ComposeService, after: EnvVar | undefined): string {
  const name = service.name.toLowerCase();
  if (dindCertificateNames(service).includes(name)) return name;
  if (!isDnsLabel(name)) decline(`the service id "${service.name}" is not a valid host name for the certificate`);
  if (lastVariable(service, 'DOCKER_TLS_SAN')) decline(`${serviceLabel(service)} sets DOCKER_TLS_SAN without its id`);
  if (!after) decline(`${serviceLabel(service)} has no env: to add DOCKER_TLS_SAN (its id, "${name}") to`);
  edit.addVariableAfter(after, 'DOCKER_TLS_SAN', `DNS:${name}`);
  return name;
}

/**
 * dind's client certificates in a named volume the service and the job container both mount
 * (read-only in the job container, at the same place), and a health check so the steps wait
 * until dind has written them.
 */
function shareCertificates(edit: JobEdit, job: JobLayout, service: ComposeService, clientDir: string): void {
  const held = mountHolding(service, clientDir);
  if (held && !held.source) decline(`${serviceLabel(service)} keeps its certificates in an anonymous volume that the job container cannot mount`);
  const source = held?.source?.text ?? `${service.name}-certs`;
  const target = held?.target ? trimEndOf(held.target.text, '/') : clientDir;
  if (!held) edit.addVolume(service, `${source}:${clientDir}`);
  const container = job.jobContainer!;
  const mounted = mountHolding(container, clientDir);
  if (mounted && (mounted.source?.text !== source || trimEndOf(mounted.target?.text ?? '', '/') !== target)) decline(`${serviceLabel(container)} already mounts something else at ${clientDir}`);
  if (!mounted) edit.addVolume(container, `${source}:${target}:ro`);
  waitForCertificates(edit, service);
}

/** A published 2375 follows the listener to 2376. */
function followPort(edit: JobEdit, mapping: PortMapping): void {
  if (!editable(mapping) || !mapping.value || !isVerbatim(mapping.value.mapped)) decline('its published port 2375 is not written verbatim');
  const target = mapping.target.range;
  if (!target || target.from !== target.to) decline('it publishes a port range that includes 2375');
  edit.edits.push({ ...mapping.target.span, newText: '2376' });
  if (mapping.published?.text === '2375') edit.edits.push({ ...mapping.published.span, newText: '2376' });
}

/**
 * dind-tls-disabled's fix in a workflow: DOCKER_TLS_CERTDIR becomes /certs, the client
 * certificates go to a named volume the job container mounts read-only, every client moves to
 * verified TLS on the service id and 2376, a published 2375 follows, and the steps wait for dind.
 */
export function turnDindTlsOnInJob(file: ContainerFile, connectivity: Connectivity, daemon: Daemon, certDirVariable: EnvVar): Remedy {
  return attempt(() => {
    const job = jobOf(file, connectivity, daemon);
    const service = daemon.service!;
    const edges = edgesTo(connectivity, daemon);
    requireJobNetwork(job, edges);
    const edit = new JobEdit(file);
    edit.setVariable(certDirVariable, '/certs');
    const name = edges.length > 0 ? certifyServiceId(edit, service, certDirVariable) : service.name.toLowerCase();
    if (edges.length > 0) {
      shareCertificates(edit, job, service, clientCertDir);
      for (const edge of edges) moveClient(edit, job, edge, `tcp://${name}:2376`, clientCertDir);
    }
    for (const published of daemon.published) if (published.port === 2375) followPort(edit, published.mapping);
    const moved = [...new Set(edges.map((edge) => serviceLabel(edge.client.service)))];
    return {
      title: `Turn on TLS in service "${service.name}" (generated certificates on 2376)${moved.length > 0 ? ` and move ${moved.join(', ')} to verified TLS on ${name}:2376` : ''}`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edit.finish() }],
    };
  });
}

/** docker-host-plain-tcp's and docker-host-mismatch's fix in a workflow: the client's dind moves to TLS with all its clients. */
export function clientRemedyInJob(file: ContainerFile, connectivity: Connectivity, edge: Edge): Remedy {
  const daemon = edge.daemon;
  if (!daemon) return { declined: `${edge.client.host} is not a service of this job, so whether it serves TLS, and where this client's certificates would come from, is unknown` };
  if (daemon.kind !== 'dockerd' || !daemon.service) return { declined: `${daemon.label}'s TLS certificates are not in the files at hand` };
  const certDirVariable = lastVariable(daemon.service, 'DOCKER_TLS_CERTDIR');
  if (!servesNoTls(daemon)) return moveClientToDindTlsInJob(file, connectivity, edge);
  if (certDirVariable?.value?.text === '' && !certDirVariable.inherited) return turnDindTlsOnInJob(file, connectivity, daemon, certDirVariable);
  return { declined: `${daemon.label} serves no TLS that dockerd-lint can turn on` };
}

/**
 * A client of a dind service that serves TLS already: the same move as dind-tls-disabled's fix
 * makes for each client (the certificate volume in the job container, DOCKER_TLS_VERIFY,
 * DOCKER_CERT_PATH, the service id in the certificate, the steps waiting for dind), for this
 * client alone; dind keeps its settings.
 */
function moveClientToDindTlsInJob(file: ContainerFile, connectivity: Connectivity, edge: Edge): Remedy {
  return attempt(() => {
    const destination = dindTlsDestination(edge);
    const job = jobOf(file, connectivity, destination.daemon);
    requireJobNetwork(job, [edge]);
    const service = destination.service;
    const edit = new JobEdit(file);
    const ownVariables = service.environment.filter((variable) => !variable.inherited && envMapOf(variable));
    const name = destination.nameCarried ? destination.name : certifyServiceId(edit, service, ownVariables[ownVariables.length - 1]);
    const dockerHost = dockerHostOf({ ...destination, name });
    const certPath = destination.clientCertDir;
    shareCertificates(edit, job, service, certPath);
    moveClient(edit, job, edge, dockerHost, certPath);
    return {
      title: `Connect ${serviceLabel(edge.client.service)} to service "${service.name}" with verified TLS (${dockerHost}, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH ${certPath} from the certificate volume in the job container)`,
      preferred: true,
      changes: [{ uri: file.uri, edits: edit.finish() }],
    };
  });
}

/** A published 2375 where dind serves TLS on 2376 only: no client on the runner machine could use 2376 either. */
export function publishTlsPortInJob(): Remedy {
  return { declined: "its only users are the steps on the runner machine, which cannot get dind's client certificates" };
}
