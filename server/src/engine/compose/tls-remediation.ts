// Remediation per stack, not per finding: a fix that changes how a dind listens carries the
// matching change to every client of it in the stack (the files of a Compose project: edits may
// land in several), or is not offered and says why.
// Turning dind's TLS on (its entrypoint then serves tcp://0.0.0.0:2376 with --tlsverify and
// nothing on 2375) means, for each client: DOCKER_HOST on a name the generated certificate
// carries and port 2376, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH at the client certificates,
// and those certificates through a named volume shared with dind and declared at top level;
// a published 2375 follows to 2376. The connectivity model says who the clients are.

import { isDnsLabel } from '../certs/hosts';
import { keptWith } from '../kept-with';
import { type Remedy, attempt, decline } from '../remedy';
import { joinedEdits } from '../joined-edits';
import { type Daemon, type Edge, type Scope, edgesTo, scopeOfDaemon, servesNoTls } from '../connectivity';
import type { Connectivity } from '../connectivity';
import { type ContainerFile, type ParsedFile, containerFileOf } from '../document';
import { lineBreakOf } from '../text';
import type { Fix, TextEdit } from '../types';
import { dindCertificateNames, lastVariable, mountHolding } from './clients';
import { dindTlsDestination, dockerHostOf } from '../dind-tls-destination';
import { dindDefaultCertDir, tlsCertDirOf } from './dind';
import { addVariableAfter, removeVariable } from './environment-edit';
import { isVerbatim } from './mapped-string';
import type { ComposeModel, ComposeService, EnvVar, PortMapping } from './model';
import { editable, serviceLabel } from './report';
import { insertMapEntryAfter, insertSeqItemAfter, scalarLike } from './yaml-edit';
import { type MapEntry, deref, entryOf } from './yaml-tree';
import { trimEndOf } from '../text';

/** What a stack's remediation reads: the run's connectivity model and its files (a rule's context is one). */
export interface StackWorld {
  readonly connectivity: Connectivity;
  readonly files: ReadonlyMap<string, ParsedFile>;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The certificates a dind shares: the mount that holds its client folder, as clients mount it too. */
interface SharedCertificates {
  /** Volume name or host path. */
  source: string;
  /** Where dind (and each client) mounts it. */
  target: string;
  /** The client certificate folder inside that mount. */
  clientDir: string;
}

/** Collects the edits of one fix in one file: keys added to a service go in one insertion after its `image:`. */
class StackEdit {
  readonly edits: TextEdit[] = [];
  private readonly additions = new Map<ComposeService, string[]>();
  private readonly listItems = new Map<number, { at: number; texts: string[] }>();

  /** The file's line break, for the lines the fix adds. */
  readonly eol: string;

  /** The file's document (a project member's view: its services, the project's volumes and networks). */
  readonly model: ComposeModel;

  constructor(readonly file: ContainerFile) {
    this.eol = lineBreakOf(file.text);
    this.model = file.containers.models[0];
  }

  get text(): string {
    return this.file.text;
  }

  /** Adds `key: value` (or a block under `key:`) to a service, after its own `image:` entry. */
  addServiceEntry(service: ComposeService, lines: string[]): void {
    const held = this.additions.get(service) ?? [];
    held.push(...lines);
    this.additions.set(service, held);
  }

  /** Adds an item to a list the service writes itself, merged or created when needed. */
  addListItem(service: ComposeService, key: string, item: string): void {
    const entry = entryOf(service.node, key);
    if (!entry) {
      this.addServiceEntry(service, [`${key}:`, `  - ${scalarLike(undefined, item)}`]);
      return;
    }
    const { node } = deref(entry.value, entry.via);
    if (node?.type !== 'seq') decline(`the ${key} of ${serviceLabel(service)} is not a list`);
    if (entry.via) {
      // Merged from an anchor: the service gets a list of its own holding the merged items.
      const copied = node.items.map((child) => {
        if (child.type !== 'scalar' || child.style === 'block') decline(`${serviceLabel(service)} takes its ${key} from an anchor in a form that cannot be copied`);
        return this.text.slice(child.span.start, child.span.end);
      });
      this.addServiceEntry(service, [`${key}:`, ...[...copied, scalarLike(undefined, item)].map((text) => `  - ${text}`)]);
      return;
    }
    if (deref(entry.value).via) decline(`the ${key} of ${serviceLabel(service)} comes from an alias`);
    const last = node.items[node.items.length - 1];
    if (!last) decline(`the ${key} of ${serviceLabel(service)} is an empty list`);
    const insert = insertSeqItemAfter(this.text, node, last, scalarLike(last.type === 'scalar' ? last : undefined, item));
    const held = this.listItems.get(insert.start) ?? { at: insert.start, texts: [] };
    held.texts.push(insert.newText);
    this.listItems.set(insert.start, held);
  }

  /** The edits, with insertions at one offset joined in the order they were asked for. */
  finish(): TextEdit[] {
    const edits = [...this.edits];
    for (const { at, texts } of this.listItems.values()) edits.push({ start: at, end: at, newText: texts.join('') });
    for (const [service, lines] of this.additions) {
      const image = entryOf(service.node, 'image');
      if (!image || image.via || service.node.flow) decline(`${serviceLabel(service)} has no image: key of its own to add settings after`);
      const column = image.keySpan.start - lineStart(this.text, image.keySpan.start);
      const indent = ' '.repeat(column);
      const [first, ...rest] = lines;
      const entry = [first, ...rest.map((line) => `${indent}${line}`)].join(this.eol);
      edits.push(insertMapEntryAfter(this.text, service.node, image as MapEntry, entry));
    }
    const joined = joinedEdits(edits);
    if (!joined) decline('its changes would overlap');
    return joined;
  }
}

/** The edits of one fix, per file of the stack. */
class StackEdits {
  private readonly byUri = new Map<string, StackEdit>();

  constructor(
    private readonly world: StackWorld,
    private readonly scope: Scope,
  ) {}

  /** The edit of the file at `uri` (where a daemon or client is written), which must be a file of the stack the fix can edit. */
  of(uri: string): StackEdit {
    let edit = this.byUri.get(uri);
    if (!edit) {
      const file = containerFileOf(this.world.files.get(uri));
      if (!file || !this.scope.uris.includes(uri)) decline('the service is not in a file of this stack');
      if (file.containers.models.length !== 1) decline(`${file.uri} holds several YAML documents`);
      if (file.containers.syntaxErrors.length > 0) decline(`${file.uri} has YAML errors`);
      edit = new StackEdit(file);
      this.byUri.set(uri, edit);
    }
    return edit;
  }

  fix(title: string): Fix {
    const changes = [...this.byUri].map(([uri, edit]) => ({ uri, edits: edit.finish() })).filter((change) => change.edits.length > 0);
    return { title, preferred: true, changes };
  }
}

/** The stack of a daemon, whose files a fix may edit. */
function stackOf(world: StackWorld, daemon: Daemon): StackEdits {
  const scope = scopeOfDaemon(world.connectivity, daemon);
  if (!scope?.model || !daemon.service) decline('the service is not in a Compose stack');
  return new StackEdits(world, scope);
}

/** Replaces a variable's value (the whole scalar, in its form and quoting). */
function setVariable(edit: StackEdit, variable: EnvVar, value: string): void {
  if (variable.value?.text === value) return;
  const node = variable.value?.node;
  if (!node || !editable(variable) || node.style === 'block' || (variable.value?.notes.length ?? 0) > 0 || !isVerbatim(node.text)) {
    decline(`${variable.name} is not written as a plain value of the service (an anchor, extends or a variable)`);
  }
  const text = variable.form === 'list' ? `${variable.name}=${value}` : value;
  edit.edits.push({ ...node.span, newText: scalarLike(node, text) });
}

/** The name clients should verify: one the certificate carries and other services resolve. */
function certificateName(edit: StackEdit, daemon: Daemon, preferred: readonly string[]): string {
  const service = daemon.service!;
  const carried = dindCertificateNames(service).map((name) => name.toLowerCase());
  const reachable = daemon.names.map((name) => name.toLowerCase());
  for (const name of [...preferred, ...reachable]) if (reachable.includes(name) && carried.includes(name)) return name;
  if (entryOf(service.node, 'hostname')) decline(`${serviceLabel(service)} sets a hostname: that other services do not reach it by, and its certificate carries no name they use`);
  if (!isDnsLabel(service.name)) decline(`the service name "${service.name}" is not a valid host name for the certificate`);
  // dind's certificate carries the container's hostname: make it the service name.
  edit.addServiceEntry(service, [`hostname: ${service.name}`]);
  return service.name.toLowerCase();
}

function uniqueVolumeName(model: ComposeModel, base: string): string {
  let name = base;
  for (let n = 2; model.volumes.has(name); n++) name = `${base}-${n}`;
  return name;
}

/** Declares a named volume at top level (in the top-level `volumes:` map, or a new one at the end). */
function declareVolume(edit: StackEdit, name: string): void {
  if (edit.model.volumes.has(name)) return;
  const top = edit.model.node;
  if (!top) decline('the file has no top-level map');
  const entry = entryOf(top, 'volumes');
  const eol = edit.eol;
  if (entry) {
    const { node, via } = deref(entry.value, entry.via);
    const last = node?.type === 'map' ? node.entries[node.entries.length - 1] : undefined;
    if (!last || via || entry.via || last.via || node?.type !== 'map') decline('its top-level volumes: is empty or not a map written in place');
    edit.edits.push(insertMapEntryAfter(edit.text, node, last, `${name}: {}`));
    return;
  }
  const firstService = edit.model.services[0];
  const column = firstService ? firstService.nameSpan.start - lineStart(edit.text, firstService.nameSpan.start) : 2;
  const end = edit.text.length;
  // A blank line before the new top-level key, as Compose files are usually laid out.
  const trailing = edit.text.slice(edit.text.trimEnd().length);
  const lineBreaks = trailing.split('\n').length - 1;
  const separator = end === 0 || lineBreaks >= 2 ? '' : lineBreaks === 1 ? eol : eol + eol;
  edit.edits.push({ start: end, end, newText: `${separator}volumes:${eol}${' '.repeat(column || 2)}${name}: {}${eol}` });
}

/** The mount that shares dind's client certificates, added (with its declaration) when there is none. */
function sharedCertificates(edit: StackEdit, daemon: Daemon, clientDir: string): SharedCertificates {
  const service = daemon.service!;
  const mount = mountHolding(service, clientDir);
  if (mount) {
    if (!mount.source || !mount.target) decline(`${serviceLabel(service)} keeps its certificates in an anonymous volume that no client can share`);
    return { source: mount.source.text, target: trimEndOf(mount.target.text, '/'), clientDir };
  }
  const name = uniqueVolumeName(edit.model, `${service.name}-certs`);
  edit.addListItem(service, 'volumes', `${name}:${clientDir}`);
  declareVolume(edit, name);
  return { source: name, target: clientDir, clientDir };
}

/** Mounts the shared certificates into a client (read-only), unless they are there already. */
function mountCertificates(edit: StackEdit, client: ComposeService, shared: SharedCertificates): void {
  const held = client.volumes.find((volume) => volume.target && trimEndOf(volume.target.text, '/') === shared.target);
  if (held) {
    if (held.source?.text === shared.source) return;
    decline(`${serviceLabel(client)} already mounts something else at ${shared.target}`);
  }
  edit.addListItem(client, 'volumes', `${shared.source}:${shared.target}:ro`);
}

/** Moves one client to verified TLS on `name`:2376 with the shared client certificates, in the file that defines it. */
function moveClient(edits: StackEdits, edge: Edge, name: string, shared: SharedCertificates): void {
  const client = edge.client;
  const edit = edits.of(client.uri);
  const settings = client.settings;
  if (!settings || (client.kind !== 'docker-host' && client.kind !== 'cli-default')) decline(`client "${client.name}" is not a Docker client dockerd-lint can move`);
  if (client.kind === 'cli-default') {
    // The docker image's entrypoint picks tcp://docker:2376 with verification once the certificates are in $DOCKER_TLS_CERTDIR/client.
    const clientCertDir = `${trimEndOf(tlsCertDirOf(client.service).value, '/')}/client`;
    if (clientCertDir !== shared.clientDir) decline(`client "${client.name}" looks for certificates in ${clientCertDir}, not ${shared.clientDir}`);
    mountCertificates(edit, client.service, shared);
    return;
  }
  const variable = settings.variable!;
  const host = edge.client.host && /^(localhost|127\.[\d.]+|::1)$/.test(edge.client.host) ? 'localhost' : name;
  setVariable(edit, variable, `tcp://${host}:2376`);
  const verify = lastVariable(client.service, 'DOCKER_TLS_VERIFY');
  const certPath = lastVariable(client.service, 'DOCKER_CERT_PATH');
  const added: TextEdit[] = [];
  // New variables go after the last Docker client variable written in place.
  const anchor =
    [variable, verify, certPath]
      .filter((candidate): candidate is EnvVar => !!candidate && editable(candidate))
      .sort((a, b) => a.span.start - b.span.start)
      .pop() ?? variable;
  const add = (variableName: string, value: string) => {
    const insert = addVariableAfter(edit.text, client.service, anchor, variableName, value);
    if (!insert) decline(`the environment of ${serviceLabel(client)} cannot be edited in place`);
    added.push(insert);
  };
  if (!verify) add('DOCKER_TLS_VERIFY', '1');
  else if (!verify.value || verify.value.text === '') setVariable(edit, verify, '1');
  if (!certPath) add('DOCKER_CERT_PATH', shared.clientDir);
  else if (certPath.value?.text !== shared.clientDir) setVariable(edit, certPath, shared.clientDir);
  if (added.length > 0) edit.edits.push({ start: added[0].start, end: added[0].end, newText: added.map((insert) => insert.newText).join('') });
  mountCertificates(edit, client.service, shared);
}

/** A published 2375 follows the listener to 2376. */
function followPort(edit: StackEdit, mapping: PortMapping): void {
  if (!editable(mapping) || mapping.notes.length > 0) decline('its published port 2375 comes from an anchor, extends or a variable');
  if (mapping.value && !isVerbatim(mapping.value.mapped)) decline('its published port 2375 is not written verbatim');
  const target = mapping.target.range;
  if (!target || target.from !== target.to) decline('it publishes a port range that includes 2375');
  edit.edits.push({ ...mapping.target.span, newText: '2376' });
  if (mapping.published?.text === '2375') edit.edits.push({ ...mapping.published.span, newText: '2376' });
}

/**
 * dind-tls-disabled's fix: remove the empty DOCKER_TLS_CERTDIR and move every client of the
 * dind to verified TLS; the published 2375 follows to 2376.
 */
export function turnDindTlsOn(world: StackWorld, daemon: Daemon, certDirVariable: EnvVar): Remedy {
  // The same fix for the dind's finding and for each client's: built once per daemon of a run, not once per client (n clients, n edits each).
  return dindTlsRemedyOf(daemon, () => buildDindTlsOn(world, daemon, certDirVariable));
}

/** Daemons belong to one connectivity model, built per run: a remedy kept on a daemon is one of that run. */
const dindTlsRemedyOf = keptWith<Remedy>('dind TLS remedy');

function buildDindTlsOn(world: StackWorld, daemon: Daemon, certDirVariable: EnvVar): Remedy {
  return attempt(() => {
    const edits = stackOf(world, daemon);
    const edit = edits.of(daemon.uri);
    const removal = removeVariable(edit.text, daemon.service!, certDirVariable);
    if (!removal) decline("DOCKER_TLS_CERTDIR is not written in the service's own environment");
    edit.edits.push(removal);
    // Clients of a dind are in its own stack: service names resolve only inside a project.
    const edges = edgesTo(world.connectivity, daemon);
    // With no client in the file, nothing needs a certificate name or the client certificates.
    let name = '';
    if (edges.length > 0) {
      name = certificateName(
        edit,
        daemon,
        edges.flatMap((edge) => edge.client.host ?? []),
      );
      const shared = sharedCertificates(edit, daemon, `${dindDefaultCertDir}/client`);
      for (const edge of edges) moveClient(edits, edge, name, shared);
    }
    for (const published of daemon.published) if (published.port === 2375) followPort(edit, published.mapping);
    const moved = edges.map((edge) => `"${edge.client.name}"`);
    return edits.fix(`Turn on TLS in "${daemon.service!.name}" (generated certificates on 2376)${moved.length > 0 ? ` and move ${moved.join(', ')} to verified TLS on ${name}:2376` : ''}`);
  });
}

/** For a client of a dind that serves TLS with generated certificates: verified TLS on a name its certificate carries. */
export function moveClientToDindTls(world: StackWorld, edge: Edge): Remedy {
  return attempt(() => {
    const destination = dindTlsDestination(edge);
    const { daemon, service } = destination;
    const edits = stackOf(world, daemon);
    const edit = edits.of(daemon.uri);
    // A name the certificate lacks becomes the container's hostname, which dind's certificate carries.
    const name = destination.nameCarried ? destination.name : certificateName(edit, daemon, edge.client.host ? [edge.client.host] : []);
    const shared = sharedCertificates(edit, daemon, destination.clientCertDir);
    moveClient(edits, edge, name, shared);
    return edits.fix(
      `Connect "${edge.client.name}" to ${service.name} with verified TLS (${dockerHostOf({ ...destination, name })}, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, the shared client certificates)`,
    );
  });
}

/**
 * The fix that keeps a client of this file connected with verified TLS, or why there is none.
 * A client of a dind in the file moves with it (the same change as dind-tls-disabled's fix
 * when that dind serves plain HTTP); anything else would be DOCKER_TLS_VERIFY alone, which
 * cuts the client off.
 */
export function clientRemedy(world: StackWorld, edge: Edge): Remedy {
  const daemon = edge.daemon;
  if (!daemon) return { declined: `${edge.client.host} is not a daemon in the files at hand, so whether it serves TLS, and where this client's certificates would come from, is unknown` };
  if (daemon.kind !== 'dockerd' || !daemon.service) return { declined: `${daemon.label}'s TLS certificates are not in the files at hand` };
  const tlsOff = servesNoTls(daemon);
  if (!tlsOff) return moveClientToDindTls(world, edge);
  const certDirVariable = lastVariable(daemon.service, 'DOCKER_TLS_CERTDIR');
  if (certDirVariable?.value?.text === '' && certDirVariable.value.notes.length === 0) return turnDindTlsOn(world, daemon, certDirVariable);
  return { declined: `${daemon.label} serves no TLS that dockerd-lint can turn on` };
}

/** For a published 2375 where dind serves TLS on 2376 only: publish 2376 instead. */
export function publishTlsPort(world: StackWorld, daemon: Daemon, mapping: PortMapping): Remedy {
  return attempt(() => {
    const edits = stackOf(world, daemon);
    followPort(edits.of(daemon.uri), mapping);
    return edits.fix('Publish 2376, where dockerd serves TLS');
  });
}

/** For a dind whose command bypasses the entrypoint's listeners: the empty DOCKER_TLS_CERTDIR goes, nothing else changes. */
export function removeEmptyCertDir(file: ContainerFile, service: ComposeService, certDirVariable: EnvVar): Remedy {
  const edit = removeVariable(file.text, service, certDirVariable);
  if (!edit) return { declined: "DOCKER_TLS_CERTDIR is not written in the service's own environment" };
  return { fix: { title: 'Remove the empty DOCKER_TLS_CERTDIR (TLS with generated certificates)', preferred: true, changes: [{ uri: file.uri, edits: [edit] }] } };
}
