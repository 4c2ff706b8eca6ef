// The connectivity model: for every machine (the files of one dockerd host) and every stack
// (one Compose project: its files merged, or one document), who listens for the Docker API (each dockerd, each socket proxy),
// who connects (services with DOCKER_HOST, the CLI image's defaults, socket proxies to their
// upstream, socket mounts), and each edge between them judged: does the client reach a
// listener, do both sides agree on TLS, does the name it verifies appear in the certificate.
// Built once per lint run from parsed files (pure data, no file system); rules, fixes,
// hover and `explain` read it and none recomputes it.

import { type ClientSettings, clientPort, clientSettings, dindCertificateNames, generatedCertificateDir, mountHolding } from './compose/clients';
import { serviceDockerd } from './compose/dind';
import { boundHostPath, isRuntimeSocket, normalizeHostPath } from './compose/host-paths';
import type { ComposeModel, ComposeService, PortMapping, VolumeMount } from './compose/model';
import { isSocketProxy } from './compose/socket-proxy';
import { pathOf } from './paths';
import { type ContainerFile, type ParsedFile, containerFileOf } from './document';
import { type HostScheme, isAllInterfaces, isLoopbackAddress, isParsedHost, parseDaemonHost } from './dockerd/hosts';
import { tlsState } from './dockerd/tls';
import { type DockerdSettings, type SettingEntry, lastEntry, listItems } from './settings';
import { type Platform, type Span, isContainerKind } from './types';
import { packagedDockerSocket } from './systemd/socket-unit';
import { type Machine, machineRootOf, serviceUsesSocket, socketFiles } from './workspace';
import type { CertificateNames } from './config';
import { resolveIn } from './compose/project';

/** none: plain HTTP; tls: TLS, any client; tls-verify: TLS with client certificates. */
export type TlsMode = 'none' | 'tls' | 'tls-verify';

export interface Listener {
  scheme: HostScheme;
  /** As dockerd normalises it: `tcp://0.0.0.0:2376`, `unix:///var/run/docker.sock`, `fd://`. */
  address: string;
  /** tcp only. */
  host?: string;
  port?: number;
  tls: TlsMode;
  /** The settings that make it (empty for what an image does on its own, e.g. a socket proxy). */
  setBy: SettingEntry[];
  /** Where each of those names it: the `hosts` element, the flag's value, the dind variable. */
  places: { uri: string; span: Span }[];
}

/** A port mapping of a daemon's service that targets a Docker API port (2375, 2376). */
export interface PublishedApiPort {
  mapping: PortMapping;
  port: number;
  /** The listener it forwards to; undefined: nothing listens there. */
  listener?: Listener;
}

export interface Daemon {
  kind: 'dockerd' | 'socket-proxy';
  /** `dockerd of host etc/`, `Compose service "dind"`. */
  label: string;
  uri: string;
  /** Where the daemon is named: the service name, or the first setting that makes a listener. */
  span: Span;
  service?: ComposeService;
  settings?: DockerdSettings;
  /** Names other services reach it by. */
  names: string[];
  listeners: Listener[];
  /** What its server certificate carries, when it can be known. */
  certificate?: DaemonCertificate;
  published: PublishedApiPort[];
}

export interface DaemonCertificate {
  /** DNS names. */
  names: string[];
  /** IP addresses; undefined when unknown (dind's generated certificate carries the container's addresses). */
  addresses?: string[];
  /** The certificate file (the `tlscert` path as written); undefined for dind's generated one. */
  file?: string;
}

export type ClientKind = 'docker-host' | 'cli-default' | 'socket-mount' | 'proxy-upstream';

export interface Client {
  kind: ClientKind;
  /** The service name. */
  name: string;
  uri: string;
  service: ComposeService;
  /** What it connects to: `tcp://dind:2376`, `unix:///var/run/docker.sock`. */
  target: string;
  scheme: string;
  host?: string;
  port?: number;
  /** Docker client settings (absent for a socket proxy's upstream and a bare socket mount). */
  settings?: ClientSettings;
  /** The socket mount (socket-mount, proxy-upstream). */
  volume?: VolumeMount;
  /** Where the choice is written: DOCKER_HOST, the volume, or the service name for defaults. */
  span: Span;
}

export type Verdict = 'connects' | 'refused' | 'tls-mismatch' | 'no-client-certificate' | 'name-not-in-certificate' | 'not-judged';

export interface Edge {
  client: Client;
  /** The daemon the client names, when it is in the files at hand. */
  daemon?: Daemon;
  listener?: Listener;
  reaches?: boolean;
  tlsAgreed?: boolean;
  nameInCertificate?: boolean;
  verdict: Verdict;
  /** One sentence: what happens on this edge. */
  reason: string;
}

export interface Scope {
  kind: 'machine' | 'stack';
  label: string;
  uris: string[];
  /** A stack's Compose document. */
  model?: ComposeModel;
  daemons: Daemon[];
  clients: Client[];
  edges: Edge[];
}

export interface Connectivity {
  scopes: Scope[];
  /** Indexes over the scopes, so that each query costs its answer, not a scan of the model. */
  readonly index: {
    scopeOfDaemon: ReadonlyMap<Daemon, Scope>;
    edgesToDaemon: ReadonlyMap<Daemon, Edge[]>;
    daemonOfService: ReadonlyMap<ComposeService, Daemon>;
    edgesOfService: ReadonlyMap<ComposeService, Edge[]>;
    stacksOfUri: ReadonlyMap<string, Scope[]>;
  };
}

export interface ConnectivityInput {
  files: readonly ParsedFile[];
  /** The dockerds of the run as workspace.ts merged them (machineView), and its machines. */
  dockerds: readonly DockerdSettings[];
  machines: readonly Machine[];
  platformOf(uri: string): Platform;
  /** The names of the certificate file at a URI (LintOptions.readCertificateNames). */
  readCertificateNames?: (uri: string) => CertificateNames | undefined;
  /** The files of each Compose project of several files (compose/project-files.ts members): one stack each. */
  projects?: readonly (readonly string[])[];
}

export function buildConnectivity(input: ConnectivityInput): Connectivity {
  const machines = input.dockerds
    .filter((settings) => settings.sources.every((source) => !isContainerKind(source.kind)))
    .map((settings) =>
      machineScope(
        settings,
        input.machines.find((machine) => machine.settings === settings),
        input.platformOf(settings.sources[0].uri),
        input.readCertificateNames,
      ),
    );
  const machinesByAddress = new Map<string, Daemon[]>();
  for (const daemon of machines.flatMap((scope) => scope.daemons)) {
    for (const host of new Set(daemon.listeners.flatMap((listener) => (listener.host ? [listener.host.toLowerCase()] : [])))) {
      pushTo(machinesByAddress, host, daemon);
    }
  }
  // A project's files are one stack (service names resolve across them); any other document is one of its own.
  const projectOf = new Map<string, readonly string[]>();
  for (const members of input.projects ?? []) for (const uri of members) projectOf.set(uri, members);
  const parts = new Map<readonly string[], StackPart[]>();
  const stacks: Scope[] = [];
  for (const parsed of input.files) {
    const file = containerFileOf(parsed);
    if (!file) continue;
    const models = file.containers.models;
    const project = models.length === 1 ? projectOf.get(file.uri) : undefined;
    if (project) {
      const held = parts.get(project);
      if (held) held.push({ file, model: models[0] });
      else parts.set(project, [{ file, model: models[0] }]);
      continue;
    }
    models.forEach((model, index) => stacks.push(stackScope([{ file, model }], `stack ${pathOf(file.uri)}${models.length > 1 ? ` (document ${index + 1})` : ''}`, machinesByAddress)));
  }
  for (const [project, members] of parts) {
    members.sort((a, b) => project.indexOf(a.file.uri) - project.indexOf(b.file.uri));
    const label = `stack ${members.map((part) => pathOf(part.file.uri)).join(' + ')}`;
    stacks.push(stackScope(members, label, machinesByAddress));
  }
  const scopes = [...machines, ...stacks];
  return { scopes, index: indexOf(scopes) };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const held = map.get(key);
  if (held) held.push(value);
  else map.set(key, [value]);
}

function indexOf(scopes: readonly Scope[]): Connectivity['index'] {
  const scopeOfDaemon = new Map<Daemon, Scope>();
  const edgesToDaemon = new Map<Daemon, Edge[]>();
  const daemonOfService = new Map<ComposeService, Daemon>();
  const edgesOfService = new Map<ComposeService, Edge[]>();
  const stacksOfUri = new Map<string, Scope[]>();
  for (const scope of scopes) {
    for (const daemon of scope.daemons) {
      scopeOfDaemon.set(daemon, scope);
      if (daemon.service) daemonOfService.set(daemon.service, daemon);
    }
    for (const edge of scope.edges) {
      if (edge.daemon) pushTo(edgesToDaemon, edge.daemon, edge);
      pushTo(edgesOfService, edge.client.service, edge);
    }
    if (scope.kind === 'stack') for (const uri of scope.uris) pushTo(stacksOfUri, uri, scope);
  }
  return { scopeOfDaemon, edgesToDaemon, daemonOfService, edgesOfService, stacksOfUri };
}

// ---------------------------------------------------------------- listeners

function listenerOf(value: string, platform: Platform, tls: TlsMode, setBy: SettingEntry[], places: Listener['places']): Listener | undefined {
  const parsed = parseDaemonHost(value, platform);
  if (!isParsedHost(parsed)) return undefined;
  return { scheme: parsed.scheme, address: parsed.normalized, host: parsed.address, port: parsed.port, tls: parsed.scheme === 'tcp' ? tls : 'none', setBy, places };
}

function tlsModeOf(settings: DockerdSettings): TlsMode {
  const state = tlsState(settings);
  return !state.enabled ? 'none' : state.verifiesClients ? 'tls-verify' : 'tls';
}

/** Each `hosts` value once, with every setting that names it. */
function settingsListeners(settings: DockerdSettings, platform: Platform): Listener[] {
  const tls = tlsModeOf(settings);
  const byAddress = new Map<string, Listener>();
  for (const item of listItems(settings, 'hosts')) {
    if (typeof item.value !== 'string') continue;
    const place = { uri: item.entry.uri, span: item.span };
    const listener = listenerOf(item.value, platform, tls, [item.entry], [place]);
    if (!listener) continue;
    const held = byAddress.get(listener.address);
    if (held) {
      held.setBy.push(item.entry);
      held.places.push(place);
    } else byAddress.set(listener.address, listener);
  }
  return [...byAddress.values()];
}

/**
 * The sockets systemd hands dockerd through fd://: docker.socket's ListenStream= values (the
 * packaged /run/docker.sock when the unit is not among the files). dockerd serves TLS on the
 * TCP ones when it is turned on.
 */
function socketListeners(machine: Machine, tls: TlsMode): Listener[] {
  const files = socketFiles(machine.files);
  const via = 'fd:// from docker.socket';
  if (!files.some((file) => file.systemd.role === 'unit')) {
    return [{ scheme: 'unix', address: `unix://${packagedDockerSocket.listenStream} (${via}, the packaged unit)`, tls: 'none', setBy: [], places: [] }];
  }
  return files.flatMap((file) =>
    file.systemd.listenStreams.map((listen): Listener => {
      const place = { uri: file.uri, span: listen.span };
      if (!listen.tcp) return { scheme: 'unix', address: `unix://${listen.address} (${via})`, tls: 'none', setBy: [], places: [place] };
      const colon = listen.address.lastIndexOf(':');
      const host = colon < 0 ? '0.0.0.0' : listen.address.slice(0, colon).replace(/^\[|\]$/g, '');
      const port = Number(colon < 0 ? listen.address : listen.address.slice(colon + 1));
      const shown = host.includes(':') ? `[${host}]` : host;
      return { scheme: 'tcp', address: `tcp://${shown}:${port} (${via})`, host, port, tls, setBy: [], places: [place] };
    }),
  );
}

/** The certificate a machine's dockerd serves, read from its `tlscert` under the machine's root. */
function machineCertificate(settings: DockerdSettings, read: ConnectivityInput['readCertificateNames']): DaemonCertificate | undefined {
  const file = lastEntry(settings, 'tlscert')?.value;
  if (!read || typeof file !== 'string' || !file.startsWith('/')) return undefined;
  const uri = resolveIn(machineRootOf(settings.sources[0].uri), file.slice(1));
  const names = uri ? read(uri) : undefined;
  return names && { names: names.dns, addresses: names.ips, file };
}

function machineScope(settings: DockerdSettings, info: Machine | undefined, platform: Platform, read: ConnectivityInput['readCertificateNames']): Scope {
  const listeners = settingsListeners(settings, platform);
  // -H fd:// (the packaged docker.service passes it) serves docker.socket's sockets.
  if (info && serviceUsesSocket(info.service)) {
    const sockets = socketListeners(info, tlsModeOf(settings));
    const fd = listeners.findIndex((listener) => listener.scheme === 'fd');
    if (fd >= 0) listeners.splice(fd, 1, ...sockets);
    else listeners.push(...sockets);
  }
  if (listeners.length === 0) {
    const fallback = platform === 'windows' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
    const listener = listenerOf(fallback, platform, 'none', [], []);
    if (listener) listeners.push({ ...listener, address: `${listener.address} (dockerd's default)` });
  }
  const first = settings.entries.find((entry) => entry.name === 'hosts') ?? settings.entries[0];
  const daemon: Daemon = {
    kind: 'dockerd',
    label: `dockerd of ${settings.label}`,
    uri: first?.uri ?? settings.sources[0].uri,
    span: first?.nameSpan ?? { start: 0, end: 0 },
    settings,
    names: listeners.flatMap((listener) => (listener.host && !isAllInterfaces(listener.host) ? [listener.host] : [])),
    listeners,
    certificate: tlsModeOf(settings) === 'none' ? undefined : machineCertificate(settings, read),
    published: [],
  };
  return { kind: 'machine', label: settings.label, uris: settings.sources.map((source) => source.uri), daemons: [daemon], clients: [], edges: [] };
}

// ---------------------------------------------------------------- stacks

const apiPorts = [2375, 2376];

function publishedApiPorts(service: ComposeService, listeners: Listener[]): PublishedApiPort[] {
  const published: PublishedApiPort[] = [];
  for (const mapping of service.ports) {
    const range = mapping.target.range;
    if (!range || (mapping.protocol !== 'tcp' && mapping.protocol !== '')) continue;
    for (const port of apiPorts) {
      if (port < range.from || port > range.to) continue;
      published.push({ mapping, port, listener: listeners.find((listener) => listener.scheme === 'tcp' && listener.port === port && !isLoopbackAddress(listener.host ?? '')) });
    }
  }
  return published;
}

function serviceDaemon(file: ContainerFile, service: ComposeService): Daemon | undefined {
  const label = service.label ?? `Compose service "${service.name}"`;
  const settings = serviceDockerd(service, file.uri, file.kind);
  if (settings) {
    const listeners = settingsListeners(settings, 'linux');
    return {
      kind: 'dockerd',
      label,
      uri: file.uri,
      span: service.nameSpan,
      service,
      settings,
      names: service.hostnames,
      listeners,
      certificate: generatedCertificateDir(service) !== undefined ? { names: dindCertificateNames(service) } : undefined,
      published: publishedApiPorts(service, listeners),
    };
  }
  if (!isSocketProxy(service)) return undefined;
  // Both proxy images serve plain HTTP on 2375 to whoever reaches the container.
  const listeners: Listener[] = [{ scheme: 'tcp', address: 'tcp://0.0.0.0:2375', host: '0.0.0.0', port: 2375, tls: 'none', setBy: [], places: [{ uri: file.uri, span: service.nameSpan }] }];
  return { kind: 'socket-proxy', label: `socket proxy "${service.name}"`, uri: file.uri, span: service.nameSpan, service, names: service.hostnames, listeners, published: [] };
}

function parseTarget(target: string, tls: boolean): { scheme: string; host?: string; port?: number } {
  const separator = target.indexOf('://');
  const scheme = separator < 0 ? 'tcp' : target.slice(0, separator).toLowerCase();
  if (scheme !== 'tcp') return { scheme };
  const authority = target.slice(separator < 0 ? 0 : separator + 3);
  const rest = authority.slice(0, authority.includes('/') ? authority.indexOf('/') : authority.length);
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(rest);
  const [host, portText] = bracketed ? [bracketed[1], bracketed[2] ?? ''] : [rest.split(':')[0], rest.includes(':') ? rest.slice(rest.indexOf(':') + 1) : ''];
  return { scheme, host: host.toLowerCase(), port: /^\d+$/.test(portText) ? Number(portText) : clientPort(tls) };
}

/** One Compose document of a stack: a file of its own, or one file of a project. */
interface StackPart {
  file: ContainerFile;
  model: ComposeModel;
}

function stackClients({ file, model }: StackPart): Client[] {
  const clients: Client[] = [];
  for (const service of model.services) {
    const settings = clientSettings(service);
    if (settings) {
      const target = parseTarget(settings.host, settings.tls);
      const span = settings.variable ? (settings.variable.via?.use ?? settings.variable.span) : (service.image?.via?.use ?? service.image?.span ?? service.nameSpan);
      clients.push({ kind: settings.origin === 'DOCKER_HOST' ? 'docker-host' : 'cli-default', name: service.name, uri: file.uri, service, target: settings.host, ...target, settings, span });
    }
    for (const volume of service.volumes) {
      const host = boundHostPath(volume);
      if (!host || !isRuntimeSocket(host.text)) continue;
      const kind: ClientKind = isSocketProxy(service) ? 'proxy-upstream' : 'socket-mount';
      clients.push({ kind, name: service.name, uri: file.uri, service, target: `unix://${normalizeHostPath(host.text)}`, scheme: 'unix', volume, span: volume.via?.use ?? volume.span });
    }
  }
  return clients;
}

/** The daemons of a stack by every name they answer to (the first service to claim a name keeps it), and by service name. */
interface StackNames {
  byName: Map<string, Daemon>;
  byService: Map<string, Daemon>;
  machinesByAddress: ReadonlyMap<string, Daemon[]>;
  /** The one container that resolves the others' names, when the surface says so (ComposeModel.nameResolution). */
  resolution?: ComposeModel['nameResolution'];
}

function stackScope(parts: readonly StackPart[], label: string, machinesByAddress: ReadonlyMap<string, Daemon[]>): Scope {
  const daemons = parts.flatMap(({ file, model }) => model.services.flatMap((service) => serviceDaemon(file, service) ?? []));
  const names: StackNames = { byName: new Map(), byService: new Map(), machinesByAddress, resolution: parts[0].model.nameResolution };
  for (const daemon of daemons) {
    names.byService.set(daemon.service!.name, daemon);
    for (const name of daemon.names) if (!names.byName.has(name.toLowerCase())) names.byName.set(name.toLowerCase(), daemon);
  }
  const clients = parts.flatMap(stackClients);
  const edges = clients.map((client) => judge(client, names));
  // The parts of a project share its networks and volumes: the first part's model serves for those.
  return { kind: 'stack', label, uris: parts.map((part) => part.file.uri), model: parts[0].model, daemons, clients, edges };
}

// ---------------------------------------------------------------- edges

function describeListeners(daemon: Daemon): string {
  const tcp = daemon.listeners.filter((listener) => listener.scheme === 'tcp');
  if (tcp.length === 0) return 'it has no TCP listener';
  return `it listens on ${tcp.map((listener) => `${listener.address} (${tlsWords(listener.tls)})`).join(', ')}`;
}

export function tlsWords(mode: TlsMode): string {
  return mode === 'none' ? 'no TLS' : mode === 'tls' ? 'TLS without client certificates' : 'TLS and client certificates';
}

/** The daemon a client names: a service of the stack, the stack's `network_mode: service:X`, or a machine listening on that address. */
function namedDaemon(client: Client, names: StackNames): Daemon | undefined {
  const host = client.host ?? '';
  const shared = /^service:(.+)$/.exec(client.service.networkMode?.text ?? '')?.[1];
  if (shared && isLoopbackAddress(host)) return names.byService.get(shared);
  const byName = names.byName.get(host);
  if (byName) return byName;
  // A machine whose every option source is in the files: all its listeners are known.
  return names.machinesByAddress.get(host)?.find((daemon) => daemon.settings?.complete || daemon.listeners.some((listener) => listener.port === client.port));
}

function judge(client: Client, names: StackNames): Edge {
  if (client.scheme === 'unix') {
    if (client.volume) return { client, verdict: 'not-judged', reason: `the socket of the dockerd on the machine that runs this stack (${client.target}), which the files at hand do not describe` };
    const mounted = mountHolding(client.service, client.target.slice('unix://'.length));
    return {
      client,
      verdict: 'not-judged',
      reason: mounted
        ? `a socket mounted from ${mounted.source?.text ?? 'a volume'}`
        : `no socket is mounted at ${client.target.slice('unix://'.length)}: it works only if the image itself runs a dockerd`,
    };
  }
  if (client.scheme === 'ssh') return { client, verdict: 'not-judged', reason: 'over SSH: dockerd needs no TCP listener, the SSH server decides who gets in' };
  if (client.scheme !== 'tcp') return { client, verdict: 'not-judged', reason: `${client.scheme}:// is not judged` };
  const daemon = namedDaemon(client, names);
  const resolution = names.resolution;
  if (daemon && resolution && client.service !== resolution.only && names.byName.get(client.host ?? '') === daemon) {
    return { client, verdict: 'not-judged', reason: `"${client.host}" names another service: ${resolution.why}` };
  }
  if (!daemon) return { client, verdict: 'not-judged', reason: `${client.host} is not a service of this stack nor an address a machine in the files listens on` };
  const sameNamespace = isLoopbackAddress(client.host ?? '');
  const listener = daemon.listeners.find((candidate) => candidate.scheme === 'tcp' && candidate.port === client.port && (sameNamespace || !isLoopbackAddress(candidate.host ?? '')));
  if (!listener) {
    return { client, daemon, reaches: false, verdict: 'refused', reason: `${daemon.label} serves nothing on port ${client.port}: ${describeListeners(daemon)}; the connection is refused` };
  }
  const settings = client.settings;
  const clientTls = settings?.tls ?? false;
  const base = { client, daemon, listener, reaches: true };
  if (listener.tls === 'none' && clientTls) {
    return { ...base, tlsAgreed: false, verdict: 'tls-mismatch', reason: `the client requires TLS but ${listener.address} serves plain HTTP` };
  }
  if (listener.tls !== 'none' && !clientTls) {
    return { ...base, tlsAgreed: false, verdict: 'tls-mismatch', reason: `the client speaks plain HTTP to ${listener.address}, which serves TLS ("Client sent an HTTP request to an HTTPS server")` };
  }
  if (listener.tls === 'tls-verify' && settings && !settings.certMount && !settings.certPathChosen) {
    return {
      ...base,
      tlsAgreed: false,
      verdict: 'no-client-certificate',
      reason: `${listener.address} requires a client certificate, and the client has no DOCKER_CERT_PATH and no certificates mounted at ${settings.certPath}`,
    };
  }
  const tlsAgreed = true;
  if (listener.tls !== 'none' && settings?.verify) {
    const host = client.host ?? '';
    const certificate = daemon.certificate;
    const isAddress = /^[\d.]+$/.test(host) || host.includes(':');
    const carried = isAddress ? certificate?.addresses : certificate?.names;
    if (certificate && carried) {
      if (!carried.some((name) => (isAddress ? sameAddress(name, host) : nameMatches(name, host)))) {
        return {
          ...base,
          tlsAgreed,
          nameInCertificate: false,
          verdict: 'name-not-in-certificate',
          reason: `the client verifies the server as "${host}", which ${daemon.label}'s ${certificateLabel(certificate)} does not carry (it carries ${carriedNames(certificate)}): x509 name error`,
        };
      }
      return { ...base, tlsAgreed, nameInCertificate: true, verdict: 'connects', reason: `TLS verified against "${host}", a name in the certificate` };
    }
    return { ...base, tlsAgreed, verdict: 'connects', reason: `TLS; whether the certificate carries "${host}" is not known here` };
  }
  const how = listener.tls === 'none' ? 'plain HTTP, unauthenticated' : settings?.verify ? 'TLS' : 'TLS without verifying the server';
  return { ...base, tlsAgreed, verdict: 'connects', reason: `connects over ${how}` };
}

/** How messages name a daemon's certificate: "generated certificate", "certificate (/etc/docker/server-cert.pem)". */
export function certificateLabel(certificate: DaemonCertificate): string {
  return certificate.file ? `certificate (${certificate.file})` : 'generated certificate';
}

/** What a certificate carries, for explain and hover: "dind, docker, localhost and the container's addresses". */
export function carriedNames(certificate: DaemonCertificate): string {
  const carried = [...certificate.names, ...(certificate.addresses ?? [])];
  return `${carried.length > 0 ? carried.join(', ') : 'no subject alternative name'}${certificate.addresses ? '' : " and the container's addresses"}`;
}

/** A DNS name of a certificate matching the host a client verifies (Go's crypto/x509: a `*.` wildcard stands for one leftmost label). */
function nameMatches(name: string, host: string): boolean {
  const wanted = name.toLowerCase();
  if (!wanted.startsWith('*.')) return wanted === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot) === wanted.slice(1);
}

/** Two IP addresses as written (IPv6 compared without brackets and case). */
function sameAddress(a: string, b: string): boolean {
  const plain = (address: string) => address.replace(/^\[|\]$/g, '').toLowerCase();
  return plain(a) === plain(b);
}

// ---------------------------------------------------------------- queries

/** Whether none of the daemon's TCP listeners serves TLS (its sockets aside). */
export function servesNoTls(daemon: Daemon): boolean {
  return daemon.listeners.every((listener) => listener.scheme !== 'tcp' || listener.tls === 'none');
}

export function isBroken(edge: Edge): boolean {
  return edge.verdict !== 'connects' && edge.verdict !== 'not-judged';
}

/** Every edge, in every scope, that ends at `daemon`. */
export function edgesTo(connectivity: Connectivity, daemon: Daemon): Edge[] {
  return connectivity.index.edgesToDaemon.get(daemon) ?? [];
}

export function stacksOf(connectivity: Connectivity, uri: string): Scope[] {
  return connectivity.index.stacksOfUri.get(uri) ?? [];
}

/** The daemon a Compose service runs (dockerd or socket proxy), if any. */
export function daemonOfService(connectivity: Connectivity, service: ComposeService): Daemon | undefined {
  return connectivity.index.daemonOfService.get(service);
}

/** The edges of a service's clients (its Docker client, its socket mounts). */
export function edgesOfService(connectivity: Connectivity, service: ComposeService): Edge[] {
  return connectivity.index.edgesOfService.get(service) ?? [];
}

export function scopeOfDaemon(connectivity: Connectivity, daemon: Daemon): Scope | undefined {
  return connectivity.index.scopeOfDaemon.get(daemon);
}

/** One connection that works: a client of a scope reaching a daemon, by names that survive an edit. */
export interface Connection {
  scope: string;
  client: string;
  daemon: string;
  tls: TlsMode;
}

/** The edges that connect, by scope label, client name and daemon label. */
export function connections(connectivity: Connectivity): Connection[] {
  return connectivity.scopes.flatMap((scope) =>
    scope.edges.flatMap((edge) => (edge.verdict === 'connects' && edge.daemon ? [{ scope: scope.label, client: edge.client.name, daemon: edge.daemon.label, tls: edge.listener?.tls ?? 'none' }] : [])),
  );
}

/** The connections of `before` that `after` no longer has: what an edit (a fix) cut off. */
export function lostConnections(before: Connectivity, after: Connectivity): Connection[] {
  const key = (connection: Connection) => `${connection.scope}\0${connection.client}\0${connection.daemon}`;
  const kept = new Set(connections(after).map(key));
  return connections(before).filter((connection) => !kept.has(key(connection)));
}
