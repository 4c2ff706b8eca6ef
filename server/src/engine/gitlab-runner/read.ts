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
// A `kubernetes` executor runs each job as one pod (build, helper and service containers):
// `[runners.kubernetes]` privileged, cap_add and cap_drop and the mounts of
// `[[runners.kubernetes.volumes.host_path]]` apply to every container of the pod (its
// buildContainer gives each the same volume mounts and security context);
// `build_container_security_context` / `service_container_security_context` `privileged`
// override `privileged` for the build container / the services of
// `[[runners.kubernetes.services]]`, which share the pod's localhost.
// Facts: GitLab Runner's advanced configuration page ([runners.docker] section), its
// Kubernetes executor page (hostPath volume: `host_path` defaults to `mount_path`) and its
// "Use Docker to build Docker images" page (TLS dind and socket binding runners).

import { attachedTo } from '../kept-with';
import { type InheritanceLimit, type ParsedContainers, commentSuppressions } from '../compose/parse';
import { serviceDockerd } from '../compose/dind';
import { type ComposeModel, type ComposeService, type ComposeValue, type EnvVar, type HardeningKeys, type VolumeMount, booleanOf } from '../compose/model';
import { shortVolume } from '../compose/model-reader';
import { joinSubPath } from '../kubernetes/pods';
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

/** The tables of one executor section (`[runners.docker]` or `[runners.kubernetes]`), by key. */
interface ExecutorTables {
  /** The section's own keys; a key of a sub-table by its dotted path (`service_container_security_context.privileged`). */
  keys: Map<string, TomlEntry>;
  header?: Span;
  /** `[[runners.<executor>.services]]`, by index. */
  services: Map<number, Map<string, TomlEntry>>;
  /** `[[runners.kubernetes.volumes.host_path]]`, by index. */
  hostPaths: Map<number, Map<string, TomlEntry>>;
}

/** One `[[runners]]`: its own keys and its executor sections. */
interface RunnerTables {
  index: number;
  header: Span;
  own: Map<string, TomlEntry>;
  docker: ExecutorTables;
  kubernetes: ExecutorTables;
}

const executorTables = (): ExecutorTables => ({ keys: new Map(), services: new Map(), hostPaths: new Map() });

function runnersOf(tree: TomlTree): RunnerTables[] {
  const runners = new Map<number, RunnerTables>();
  const runnerAt = (index: number, header: Span) => {
    let runner = runners.get(index);
    if (!runner) runners.set(index, (runner = { index, header, own: new Map(), docker: executorTables(), kubernetes: executorTables() }));
    return runner;
  };
  for (const table of tree.tables) {
    const [top, index, section] = table.path;
    if (top !== 'runners' || typeof index !== 'number') continue;
    const runner = runnerAt(index, table.span);
    if ((section === 'docker' || section === 'kubernetes') && table.path.length === 3) runner[section].header = table.span;
  }
  for (const entry of tree.entries) {
    const [top, index, section] = entry.path;
    if (top !== 'runners' || typeof index !== 'number') continue;
    const runner = runnerAt(index, entry.keySpan);
    const rest = entry.path.slice(3);
    if (entry.path.length === 3 && typeof section === 'string') runner.own.set(section, entry);
    else if (section === 'docker' || section === 'kubernetes') {
      const tables = runner[section];
      if (arrayOfTables(entry, rest, ['services'], tables.services)) continue;
      if (section === 'kubernetes' && arrayOfTables(entry, rest, ['volumes', 'host_path'], tables.hostPaths)) continue;
      // [runners.docker] keys; [runners.kubernetes] keys and those of its sub-tables (security contexts).
      if (rest.every((part) => typeof part === 'string') && (rest.length === 1 || section === 'kubernetes')) tables.keys.set(rest.join('.'), entry);
    }
  }
  return [...runners.values()];
}

/**
 * The fields of an array of tables at `at` (below the executor section): `[[...]]` items, or the
 * inline form `key = [{ ... }, ...]`. False when the entry is not in it.
 */
function arrayOfTables(entry: TomlEntry, rest: readonly (string | number)[], at: readonly string[], items: Map<number, Map<string, TomlEntry>>): boolean {
  if (rest.length < at.length || at.some((part, i) => rest[i] !== part)) return false;
  const itemAt = (index: number) => {
    let item = items.get(index);
    if (!item) items.set(index, (item = new Map()));
    return item;
  };
  const [itemIndex, key] = rest.slice(at.length);
  if (rest.length === at.length && entry.value.type === 'seq') {
    entry.value.items.forEach((item, index) => {
      if (item.type !== 'map') return;
      for (const field of item.entries) itemAt(index).set(field.key, { path: [...entry.path, index, field.key], keySpan: field.keySpan, value: field.value, span: field.span });
    });
    return true;
  }
  if (rest.length === at.length + 2 && typeof itemIndex === 'number' && typeof key === 'string') {
    itemAt(itemIndex).set(key, entry);
    return true;
  }
  return false;
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
const runnerDockerTables = attachedTo<true>('runner docker table');

export function isRunnerDockerTable(node: MapNode): boolean {
  return runnerDockerTables.get(node) === true;
}

/** The arrays a service's variables are written in (the runner's `environment`, the service's own). */
const environmentArrays = attachedTo<SeqNode[]>('environment arrays');

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

const kubernetesPrivilegedAdvice =
  'GitLab Runner starts the build, helper and service containers of every job pod this way, for every project it serves, so any job can take over the node it runs on. Docker-in-Docker needs it only for the dind service: set privileged = false with privileged = true under [runners.kubernetes.service_container_security_context] (every service of the runner then has it: keep the runner to the projects that build images), or build without a daemon (kaniko, buildah).';

/** The runner's `environment` as the job containers' variables (GitLab adds it to every job's). */
function jobEnvironment(runner: RunnerTables, job: ComposeService): void {
  job.environment = environmentOf(runner.own.get('environment'));
  environmentArrays.set(job, arraysOf(runner.own.get('environment')));
}

/** The runner's name in messages, and where it is written. */
function runnerNaming(runner: RunnerTables): { label: string; span: Span } {
  const nameValue = tomlValueOf(runner.own.get('name')?.value);
  return { label: nameValue?.text ? `runner "${nameValue.text}"` : `runner #${runner.index + 1}`, span: nameValue?.span ?? runner.header };
}

function modelOf(runner: RunnerTables): ComposeModel | undefined {
  const executor = tomlValueOf(runner.own.get('executor')?.value)?.text;
  if (executor === 'kubernetes' || (executor === undefined && runner.docker.keys.size === 0 && runner.kubernetes.keys.size > 0)) return kubernetesModelOf(runner);
  if (executor !== undefined ? !dockerExecutors.has(executor) : runner.docker.keys.size === 0) return undefined;
  const { label: runnerLabel, span: nameSpan } = runnerNaming(runner);
  const dockerNode = mapOf(runner.docker.keys, runner.docker.header ?? runner.header);
  runnerDockerTables.set(dockerNode, true);
  const docker = (key: string) => tomlValueOf(runner.docker.keys.get(key)?.value);
  const job = baseService('job', `each job container of ${runnerLabel}`, dockerNode, nameSpan);
  job.image = docker('image');
  job.privileged = docker('privileged');
  job.privilegedAdvice = privilegedAdvice;
  job.volumes = volumesOf(runner.docker.keys.get('volumes'));
  job.capAdd = scalarsOf(runner.docker.keys.get('cap_add')?.value);
  job.capDrop = scalarsOf(runner.docker.keys.get('cap_drop')?.value);
  job.securityOpt = scalarsOf(runner.docker.keys.get('security_opt')?.value);
  job.memoryLimit = docker('memory');
  job.hardeningKeys = dockerExecutorKeys('security_opt', 'memory');
  job.networkMode = docker('network_mode');
  job.writtenAs = { network_mode: 'network_mode = "host"' };
  jobEnvironment(runner, job);
  const services = [job, ...servicesOf(runner, runner.docker, job, runnerLabel)];
  for (const service of services.slice(1)) {
    service.privileged = docker('services_privileged') ?? docker('privileged');
    // GitLab Runner gives services the job containers' network mode (executors/docker createHostConfigForService).
    service.networkMode = job.networkMode;
    service.securityOpt = scalarsOf(runner.docker.keys.get('services_security_opt')?.value);
    service.memoryLimit = docker('service_memory');
    service.hardeningKeys = dockerExecutorKeys('services_security_opt', 'service_memory');
  }
  const client = runnerClient(runner, runnerLabel, dockerNode);
  if (client) services.push(client);
  return { services, networks: new Map(), volumes: new Map() };
}

/**
 * A kubernetes-executor runner: the build container of each job pod and the services beside it,
 * on the pod's localhost. `cap_add` reaches every container of the pod too, and is reported
 * once, at the build container.
 */
function kubernetesModelOf(runner: RunnerTables): ComposeModel {
  const { label: runnerLabel, span: nameSpan } = runnerNaming(runner);
  const tables = runner.kubernetes;
  const setting = (key: string) => tomlValueOf(tables.keys.get(key)?.value);
  const job = baseService('build', `the build container of each job pod of ${runnerLabel}`, mapOf(tables.keys, tables.header ?? runner.header), nameSpan);
  job.image = setting('image');
  job.privileged = setting('build_container_security_context.privileged') ?? setting('privileged');
  job.privilegedAdvice = kubernetesPrivilegedAdvice;
  job.volumes = [...tables.hostPaths].sort(([a], [b]) => a - b).flatMap(([, fields]) => hostPathMount(fields) ?? []);
  job.capAdd = scalarsOf(tables.keys.get('cap_add')?.value);
  job.capDrop = scalarsOf(tables.keys.get('cap_drop')?.value);
  hardenPodContainer(job, setting, 'build_container_security_context', 'memory_limit');
  jobEnvironment(runner, job);
  const services = [job, ...servicesOf(runner, tables, job, runnerLabel)];
  for (const service of services.slice(1)) {
    service.privileged = setting('service_container_security_context.privileged') ?? setting('privileged');
    service.privilegedAdvice = kubernetesPrivilegedAdvice;
    hardenPodContainer(service, setting, 'service_container_security_context', 'service_memory_limit');
    service.hostnames.push('localhost', '127.0.0.1', '::1');
  }
  return { services, networks: new Map(), volumes: new Map() };
}

/**
 * A job pod container's hardening settings: `allow_privilege_escalation = false` (its security
 * context's, else `[runners.kubernetes]`'s, as GitLab Runner picks it) sets no_new_privs,
 * `read_only_root_filesystem` its root filesystem, and the memory limit; config.toml sets no
 * PIDs limit.
 */
function hardenPodContainer(container: ComposeService, setting: (key: string) => ComposeValue | undefined, securityContext: string, memoryLimit: string): void {
  const escalation = setting(`${securityContext}.allow_privilege_escalation`) ?? setting('allow_privilege_escalation');
  container.securityOpt = escalation && booleanOf(escalation) === false ? [{ ...escalation, text: 'no-new-privileges:true' }] : [];
  container.readOnly = setting(`${securityContext}.read_only_root_filesystem`);
  container.memoryLimit = setting(memoryLimit);
  container.hardeningKeys = {
    noNewPrivileges: 'allow_privilege_escalation = false',
    dropAllCapabilities: 'cap_drop = ["ALL"]',
    addCapabilities: 'cap_add',
    readOnlyRoot: `read_only_root_filesystem = true in [runners.kubernetes.${securityContext}]`,
    scratchVolume: 'an empty_dir volume ([[runners.kubernetes.volumes.empty_dir]])',
    memoryLimit,
    noPidsLimit: "A PIDs limit is not config.toml's to set: it is the kubelet's podPidsLimit on each node.",
  };
}

/**
 * The hardening settings of the docker executor's containers, as `[runners.docker]` names them
 * (GitLab Runner's DockerConfig): no_new_privs through `security_opt` (`services_security_opt`
 * for services) and the memory limit (`memory`, `service_memory`). It has no key for a
 * read-only root filesystem or a PIDs limit, so neither is asked for.
 */
function dockerExecutorKeys(securityOpt: string, memoryLimit: string): HardeningKeys {
  return {
    noNewPrivileges: `${securityOpt} = ["no-new-privileges:true"]`,
    dropAllCapabilities: 'cap_drop = ["ALL"]',
    addCapabilities: 'cap_add',
    scratchVolume: 'a volume',
    memoryLimit,
    noPidsLimit: '[runners.docker] has no PIDs limit key.',
  };
}

/** `[[runners.kubernetes.volumes.host_path]]`: `host_path` (else `mount_path`, as GitLab Runner defaults it, `sub_path` joined) bound at `mount_path`. */
function hostPathMount(fields: Map<string, TomlEntry>): VolumeMount | undefined {
  const mountPath = tomlValueOf(fields.get('mount_path')?.value);
  if (!mountPath) return undefined;
  const hostPath = tomlValueOf(fields.get('host_path')?.value) ?? mountPath;
  const subPath = tomlValueOf(fields.get('sub_path')?.value)?.text;
  const readOnly = fields.get('read_only')?.value;
  const entries = [...fields.values()];
  const span = { start: Math.min(...entries.map((entry) => entry.span.start)), end: Math.max(...entries.map((entry) => entry.span.end)) };
  return {
    syntax: 'long',
    type: 'bind',
    source: { text: joinSubPath(hostPath.text, subPath), span: hostPath.span },
    target: { text: mountPath.text, span: mountPath.span },
    readOnly: readOnly?.type === 'scalar' && readOnly.value === true,
    span,
    notes: [],
  };
}

/**
 * The services of an executor section (name, alias, command, entrypoint, environment), reached by
 * their aliases and the names GitLab derives from the image. GitLab Runner gives them the job
 * containers' mounts and the runner's `environment` (the job's, read by jobEnvironment first):
 * those copies are reported where they are written, at the job containers, so they count as
 * inherited here.
 */
function servicesOf(runner: RunnerTables, tables: ExecutorTables, job: ComposeService, runnerLabel: string): ComposeService[] {
  const runnerEnvironment = job.environment;
  return [...tables.services]
    .sort(([a], [b]) => a - b)
    .flatMap(([, fields]) => {
      const image = tomlValueOf(fields.get('name')?.value);
      if (!image) return [];
      const aliases = (tomlValueOf(fields.get('alias')?.value)?.text ?? '')
        .replaceAll(',', ' ')
        .split(' ')
        .filter((alias) => alias !== '');
      const header = [...fields.values()][0];
      const service = baseService(aliases[0] ?? image.text, `service "${image.text}" of ${runnerLabel}`, mapOf(fields, header.span), image.span);
      service.image = image;
      service.writtenAs = { privileged: 'privileged = true' };
      service.command = commandOf(fields.get('command'));
      service.entrypoint = commandOf(fields.get('entrypoint'));
      service.volumes = job.volumes.map((volume) => ({ ...volume, inherited: job.name }));
      service.environment = [...runnerEnvironment.map((variable) => ({ ...variable, inherited: job.name })), ...environmentOf(fields.get('environment'))];
      service.hostnames = [...aliases, ...imageHostnames(image.text)];
      environmentArrays.set(service, arraysOf(runner.own.get('environment'), fields.get('environment')));
      return [service];
    });
}

/** The runner as a Docker client of `host` (its daemon), when `host` is set. */
function runnerClient(runner: RunnerTables, runnerLabel: string, node: MapNode): ComposeService | undefined {
  const host = runner.docker.keys.get('host');
  const hostValue = tomlValueOf(host?.value);
  if (!host || !hostValue || hostValue.text === '') return undefined;
  const variable = (name: string, entry: TomlEntry, value: ComposeValue): EnvVar => ({ name, nameSpan: entry.keySpan, value, form: 'map', span: entry.span });
  const client = baseService('runner', runnerLabel, { ...node, entries: [] }, host.keySpan);
  client.runsNoContainer = true;
  client.environment.push(variable('DOCKER_HOST', host, hostValue));
  const verify = runner.docker.keys.get('tls_verify');
  const verifyValue = tomlValueOf(verify?.value);
  if (verify && verifyValue?.node.value === true) client.environment.push(variable('DOCKER_TLS_VERIFY', verify, verifyValue));
  const certPath = runner.docker.keys.get('tls_cert_path');
  const certPathValue = tomlValueOf(certPath?.value);
  if (certPath && certPathValue) client.environment.push(variable('DOCKER_CERT_PATH', certPath, certPathValue));
  client.clientTls = { verify: 'tls_verify = true', certPath: 'tls_cert_path' };
  return client;
}
