// GitLab Runner's config.toml -> the container model. Each `[[runners]]` whose executor runs
// Docker containers (docker, docker+machine, docker-autoscaler, docker-windows) is one stack:
// - the job containers it starts, with `[runners.docker]` privileged, volumes, cap_add,
//   cap_drop, security_opt, network_mode and the runner's `environment` (GitLab adds it to
//   every job's variables);
// - the services of `[[runners.docker.services]]` (name, alias, command, entrypoint,
//   environment), privileged as `services_privileged` (else `privileged`) says, with the job
//   containers' volumes and network_mode and `services_security_opt`, reached by their alias
//   and the name GitLab derives from the image (`docker:dind` -> `docker`);
// - the runner itself as a Docker client when `host` names a daemon: `tls_verify` and
//   `tls_cert_path` are its DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (docker executor docs).
// Facts: GitLab Runner's advanced configuration page ([runners.docker] section) and its
// "Use Docker to build Docker images" page (TLS dind and socket binding runners).

import { type InheritanceLimit, type ParsedContainers, commentSuppressions } from '../compose/parse';
import { serviceDockerd } from '../compose/dind';
import { type ComposeModel, type ComposeService, type ComposeValue, type EnvVar, type VolumeMount, shortVolume } from '../compose/model';
import { sliceMapped, spanIn } from '../compose/mapped-string';
import type { MapEntry, MapNode, SeqNode, TreeNode } from '../compose/yaml-tree';
import type { Span } from '../types';
import { type TomlEntry, type TomlTree, readToml } from './toml-tree';

const dockerExecutors = new Set(['docker', 'docker+machine', 'docker-autoscaler', 'docker-windows']);

/** How far into a config.toml the content check looks for `[[runners]]`. */
const sniffLength = 64 * 1024;

/** The ContainerSurfaceReader of the kind (container-surfaces.ts holds the registry, which imports this). */
export const gitlabRunnerReader = {
  detect(path: string, text: string): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
    return name === 'config.toml' && hasRunnersTable(text.slice(0, sniffLength));
  },
  read(uri: string, text: string, flowLimit: number): ParsedContainers | { tooDeep: number } | InheritanceLimit {
    const read = readToml(text, flowLimit);
    if ('tooDeep' in read) return read;
    if ('error' in read) {
      return { limit: { message: `This file is not valid TOML (${read.error.message}), so GitLab Runner cannot load it either.`, span: read.error.span } };
    }
    const models = runnersOf(read.tree).flatMap((runner) => modelOf(runner) ?? []);
    const services = models.flatMap((model) => model.services);
    return {
      containers: { services, models, syntaxErrors: [] },
      dockerd: services.flatMap((service) => serviceDockerd(service, uri, 'gitlab-runner') ?? []),
      suppressions: commentSuppressions(text, read.tree.comments),
    } satisfies ParsedContainers;
  },
};

/** A line that opens `[[runners]]` (blanks allowed around the name, as TOML allows). */
function hasRunnersTable(head: string): boolean {
  for (const line of head.split('\n')) {
    if (line.replaceAll(' ', '').replaceAll('\t', '').startsWith('[[runners]]')) return true;
  }
  return false;
}

/** One `[[runners]]`: its own keys, its `[runners.docker]` keys and its services' keys, by name. */
interface RunnerTables {
  index: number;
  header: Span;
  own: Map<string, TomlEntry>;
  docker: Map<string, TomlEntry>;
  dockerHeader?: Span;
  services: Map<number, Map<string, TomlEntry>>;
}

function runnersOf(tree: TomlTree): RunnerTables[] {
  const runners = new Map<number, RunnerTables>();
  const runnerAt = (index: number, header: Span) => {
    let runner = runners.get(index);
    if (!runner) runners.set(index, (runner = { index, header, own: new Map(), docker: new Map(), services: new Map() }));
    return runner;
  };
  for (const table of tree.tables) {
    const [top, index, section] = table.path;
    if (top !== 'runners' || typeof index !== 'number') continue;
    const runner = runnerAt(index, table.span);
    if (section === 'docker' && table.path.length === 3) runner.dockerHeader = table.span;
  }
  for (const entry of tree.entries) {
    const [top, index, section, key, serviceIndex, serviceKey] = entry.path;
    if (top !== 'runners' || typeof index !== 'number') continue;
    const runner = runnerAt(index, entry.keySpan);
    if (entry.path.length === 3 && typeof section === 'string') runner.own.set(section, entry);
    else if (section === 'docker' && key === 'services' && entry.path.length === 4 && entry.value.type === 'seq') {
      // `services = [{ name = "docker:dind" }, ...]`: the inline form of [[runners.docker.services]].
      entry.value.items.forEach((item, itemIndex) => {
        if (item.type !== 'map') return;
        for (const field of item.entries) serviceAt(runner, itemIndex).set(field.key, { path: [...entry.path, itemIndex, field.key], keySpan: field.keySpan, value: field.value, span: field.span });
      });
    } else if (section === 'docker' && entry.path.length === 4 && typeof key === 'string') runner.docker.set(key, entry);
    else if (section === 'docker' && key === 'services' && typeof serviceIndex === 'number' && entry.path.length === 6 && typeof serviceKey === 'string') {
      serviceAt(runner, serviceIndex).set(serviceKey, entry);
    }
  }
  return [...runners.values()];
}

function serviceAt(runner: RunnerTables, index: number): Map<string, TomlEntry> {
  let service = runner.services.get(index);
  if (!service) runner.services.set(index, (service = new Map()));
  return service;
}

function tomlValueOf(node: TreeNode | undefined): ComposeValue | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  return { text: node.text.text, mapped: node.text, notes: [], unresolved: false, node, span: node.span };
}

function scalarsOf(node: TreeNode | undefined): ComposeValue[] {
  return node?.type === 'seq' ? node.items.flatMap((item) => tomlValueOf(item) ?? []) : [];
}

/** A map node of the given entries (a table as the model's `node`). */
function mapOf(entries: Map<string, TomlEntry>, span: Span): MapNode {
  const mapEntries: MapEntry[] = [...entries].map(([key, entry]) => ({ key, keySpan: entry.keySpan, value: entry.value, span: entry.span }));
  return { type: 'map', entries: mapEntries, flow: false, span };
}

/** `NAME=VALUE` strings (runner `environment`, a service's `environment`). */
function environmentOf(entry: TomlEntry | undefined): EnvVar[] {
  if (entry?.value.type !== 'seq') return [];
  return entry.value.items.flatMap((item) => {
    if (item.type !== 'scalar' || typeof item.value !== 'string') return [];
    const equals = item.text.text.indexOf('=');
    const name = equals < 0 ? item.text.text : item.text.text.slice(0, equals);
    const mapped = equals < 0 ? undefined : sliceMapped(item.text, equals + 1);
    const value: ComposeValue | undefined = mapped && { text: mapped.text, mapped, notes: [], unresolved: false, node: item, span: item.span };
    return [{ name: name.trim(), nameSpan: spanIn(item.text, 0, name.length), value, form: 'list' as const, span: item.span }];
  });
}

/** `volumes = ["/host:/container[:mode]", "/container"]`, as Docker's bind syntax reads them. */
function volumesOf(entry: TomlEntry | undefined): VolumeMount[] {
  if (entry?.value.type !== 'seq') return [];
  return entry.value.items.flatMap((item) => {
    const value = tomlValueOf(item);
    if (!value) return [];
    return [{ syntax: 'short' as const, ...shortVolume(value.mapped, { volumes: new Map() }), span: item.span, notes: [] }];
  });
}

/** `command`/`entrypoint` of a service: a list of words (GitLab's form), each with its span. */
function commandOf(entry: TomlEntry | undefined): ComposeService['command'] {
  if (entry?.value.type !== 'seq') return undefined;
  const words = scalarsOf(entry.value).map((value) => ({ text: value.mapped, span: value.span, notes: [] }));
  return { words, form: 'list', node: entry.value, span: entry.value.span };
}

/** The names GitLab gives a service from its image: `docker:dind` -> `docker`, `tutum/wordpress` -> `tutum-wordpress` and `tutum__wordpress`. */
export function imageHostnames(image: string): string[] {
  const at = image.indexOf('@');
  let name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) name = name.slice(0, colon);
  return [...new Set([name.replaceAll('/', '__'), name.replaceAll('/', '-')])];
}

/** `[runners.docker]` tables as job containers' nodes: where options of the job containers are added. */
const runnerDockerTables = new WeakSet<MapNode>();

export function isRunnerDockerTable(node: MapNode): boolean {
  return runnerDockerTables.has(node);
}

/** The arrays a service's variables are written in (the runner's `environment`, the service's own). */
const environmentArrays = new WeakMap<ComposeService, SeqNode[]>();

export function variableArray(service: ComposeService, variable: EnvVar): SeqNode | undefined {
  return environmentArrays.get(service)?.find((array) => array.items.some((item) => item.span.start === variable.span.start && item.span.end === variable.span.end));
}

function arraysOf(...entries: (TomlEntry | undefined)[]): SeqNode[] {
  return entries.flatMap((entry) => (entry?.value.type === 'seq' ? [entry.value] : []));
}

function baseService(name: string, label: string, node: MapNode, nameSpan: Span): ComposeService {
  return { name, label, nameSpan, node, ports: [], volumes: [], environment: [], capAdd: [], capDrop: [], securityOpt: [], builds: false, networks: ['default'], hostnames: [], envFiles: [] };
}

const privilegedAdvice =
  'GitLab Runner starts every job of every project it serves this way, so any job can take over the machine it runs on. Docker-in-Docker needs it only for the dind service: set privileged = false with services_privileged = true and allowed_privileged_services naming only the dind image (docker:dind-rootless where it works), keep the runner to the projects that build images, or build without a daemon (kaniko, buildah).';

function modelOf(runner: RunnerTables): ComposeModel | undefined {
  const executor = tomlValueOf(runner.own.get('executor')?.value)?.text;
  if (executor !== undefined ? !dockerExecutors.has(executor) : runner.docker.size === 0) return undefined;
  const nameValue = tomlValueOf(runner.own.get('name')?.value);
  const runnerName = nameValue?.text || `#${runner.index + 1}`;
  const runnerLabel = nameValue?.text ? `runner "${nameValue.text}"` : `runner ${runnerName}`;
  const dockerSpan = runner.dockerHeader ?? runner.header;
  const dockerNode = mapOf(runner.docker, dockerSpan);
  runnerDockerTables.add(dockerNode);
  const docker = (key: string) => tomlValueOf(runner.docker.get(key)?.value);
  const runnerEnvironment = environmentOf(runner.own.get('environment'));
  const job = baseService('job', `each job container of ${runnerLabel}`, dockerNode, nameValue?.span ?? runner.header);
  job.image = docker('image');
  job.privileged = docker('privileged');
  job.privilegedAdvice = privilegedAdvice;
  job.volumes = volumesOf(runner.docker.get('volumes'));
  job.capAdd = scalarsOf(runner.docker.get('cap_add')?.value);
  job.capDrop = scalarsOf(runner.docker.get('cap_drop')?.value);
  job.securityOpt = scalarsOf(runner.docker.get('security_opt')?.value);
  job.networkMode = docker('network_mode');
  job.environment = runnerEnvironment;
  environmentArrays.set(job, arraysOf(runner.own.get('environment')));
  const services = [job];
  for (const [, fields] of [...runner.services].sort(([a], [b]) => a - b)) {
    const image = tomlValueOf(fields.get('name')?.value);
    if (!image) continue;
    const aliases = (tomlValueOf(fields.get('alias')?.value)?.text ?? '')
      .replaceAll(',', ' ')
      .split(' ')
      .filter((alias) => alias !== '');
    const header = [...fields.values()][0];
    const service = baseService(aliases[0] ?? image.text, `service "${image.text}" of ${runnerLabel}`, mapOf(fields, header.span), image.span);
    service.image = image;
    service.privileged = docker('services_privileged') ?? docker('privileged');
    service.command = commandOf(fields.get('command'));
    service.entrypoint = commandOf(fields.get('entrypoint'));
    // GitLab Runner gives services the job containers' binds and network mode, and the job's
    // variables (executors/docker createHostConfigForService): the copies are reported where
    // they are written, at the job containers, so they count as inherited here.
    service.volumes = job.volumes.map((volume) => ({ ...volume, inherited: job.name }));
    service.networkMode = job.networkMode;
    service.securityOpt = scalarsOf(runner.docker.get('services_security_opt')?.value);
    service.environment = [...runnerEnvironment.map((variable) => ({ ...variable, inherited: job.name })), ...environmentOf(fields.get('environment'))];
    service.hostnames = [...aliases, ...imageHostnames(image.text)];
    environmentArrays.set(service, arraysOf(runner.own.get('environment'), fields.get('environment')));
    services.push(service);
  }
  const client = runnerClient(runner, runnerLabel, dockerNode);
  if (client) services.push(client);
  return { services, networks: new Map(), volumes: new Map() };
}

/** The runner as a Docker client of `host` (its daemon), when `host` is set. */
function runnerClient(runner: RunnerTables, runnerLabel: string, node: MapNode): ComposeService | undefined {
  const host = runner.docker.get('host');
  const hostValue = tomlValueOf(host?.value);
  if (!host || !hostValue || hostValue.text === '') return undefined;
  const variable = (name: string, entry: TomlEntry, value: ComposeValue): EnvVar => ({ name, nameSpan: entry.keySpan, value, form: 'map', span: entry.span });
  const client = baseService('runner', runnerLabel, { ...node, entries: [] }, host.keySpan);
  client.runsNoContainer = true;
  client.environment.push(variable('DOCKER_HOST', host, hostValue));
  const verify = runner.docker.get('tls_verify');
  const verifyValue = tomlValueOf(verify?.value);
  if (verify && verifyValue?.node.value === true) client.environment.push(variable('DOCKER_TLS_VERIFY', verify, verifyValue));
  const certPath = runner.docker.get('tls_cert_path');
  const certPathValue = tomlValueOf(certPath?.value);
  if (certPath && certPathValue) client.environment.push(variable('DOCKER_CERT_PATH', certPath, certPathValue));
  client.clientTls = { verify: 'tls_verify = true', certPath: 'tls_cert_path' };
  return client;
}
