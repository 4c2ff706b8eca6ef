// GitHub Actions workflows (.github/workflows/*.yml) -> the container model. Each job is one
// stack: its service containers (`services:`), its job container (`container:`) and the steps
// that talk to a Docker API. Facts from GitHub's runner (actions/runner, ContainerOperationProvider):
// - every service and the job container join one network created for the job; there a service is
//   reached by its id. Without `container:` the steps run on the runner machine itself and reach
//   a service only through a port it publishes there (`ports:`), at localhost:<port>;
// - `ports:` publish on the runner machine's interfaces, `options:` are more `docker create` flags;
// - the job container is created with `--entrypoint tail ... -f /dev/null`: its image's
//   entrypoint (the docker CLI image's automatic TLS, dind's dockerd) never runs. A service
//   runs its image's entrypoint and command;
// - `env` at workflow and job level reaches every step (run in the job container when there is
//   one, whose own `container.env` they see too); a step's `env` only that step. None of them
//   reaches a service container, which has its own `env`.
// A job calling a reusable workflow of this repository (`uses: ./.github/workflows/NAME.yml`)
// runs that workflow's jobs with the inputs it passes (`with:`, else each input's `default:`).
// The called file is linted on its own, where its inputs are unknown; read through a caller, its
// Docker clients whose settings come from that caller's inputs are judged in the caller's file:
// the value that decides is written there, and so is the change that fixes it (pass another
// value, or pass one instead of relying on the default). Everything the called file decides
// alone stays its own file's finding, reported once.

import { attachedTo } from '../kept-with';
import { lastVariable } from '../compose/clients';
import { serviceDockerd } from '../compose/dind';
import type { ComposeModel, ComposeService, ComposeValue, EnvVar, HardeningKeys, PortMapping, VolumeMount } from '../compose/model';
import { shortPort, shortVolume } from '../compose/model-reader';
import { yamlSuppressions } from '../compose/parse';
import { type AliasUse, type MapNode, type ScalarNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';
import { mappedWhole } from '../compose/mapped-string';
import { type YamlReadMemory, readYaml } from '../compose/yaml-reader';
import type { UnreadInput } from '../document';
import type { Span } from '../types';
import { isSocketProxy } from '../compose/socket-proxy';
import { type OptionFields, emptyOptionFields, readOptions } from './options';
import { type CallerInputs, type PassedInput, literalValueOf, valueWithInputs } from './values';

/** `.github/workflows/NAME.yml` (or `.yaml`), directly in that folder, as GitHub reads them. */
export function isWorkflowPath(path: string): boolean {
  const marker = '.github/workflows/';
  const at = path.lastIndexOf(marker);
  if (at < 0 || (at > 0 && path[at - 1] !== '/')) return false;
  const name = path.slice(at + marker.length);
  return !name.includes('/') && (name.endsWith('.yml') || name.endsWith('.yaml'));
}

/** The reader container-surfaces.ts registers (typed there: this module does not import the registry). */
export const githubActionsReader = {
  detect: (path: string) => isWorkflowPath(path),
  read(uri: string, text: string, flowLimit: number, { memory, readCompanion }: { memory?: YamlReadMemory; readCompanion?: (uri: string) => string | undefined } = {}) {
    const read = readYaml(text, flowLimit, memory);
    if ('tooDeep' in read) return read;
    const unread: UnreadInput[] = [];
    const calls: LocalCall[] = [];
    const models = read.documents.flatMap((document) => readWorkflow(document.root, unread, calls));
    const services = models.flatMap((model) => model.services);
    // Not in `services` (the container rules' list) nor `dockerd`: the called file judges its own containers.
    const called = readCompanion ? calledStacks(uri, calls, readCompanion, flowLimit) : [];
    return {
      containers: { services, models: [...models, ...called], syntaxErrors: read.documents.flatMap((document) => document.errors) },
      dockerd: services.flatMap((service) => serviceDockerd(service, uri, 'github-actions') ?? []),
      suppressions: yamlSuppressions(text),
      unread,
    };
  },
};

function mapOf(node: TreeNode | undefined, via?: AliasUse): { node: MapNode; via?: AliasUse } | undefined {
  const resolved = deref(node, via);
  return resolved.node?.type === 'map' ? { node: resolved.node, via: resolved.via } : undefined;
}

/** What fixes need of a job beyond the container model: where it is written and where its variables are. */
export interface JobLayout {
  id: string;
  node: MapNode;
  jobContainer?: ComposeService;
  /** The workflow's top-level `env:` map, whose variables every job sees. */
  workflowEnv?: MapNode;
}

/** Each job model's layout. */
const layouts = attachedTo<JobLayout>('job layout');
/** The `env:` map each variable is written in (by the variable's name span). */
const envMaps = attachedTo<MapNode>('env map');

export function jobLayoutOf(model: ComposeModel): JobLayout | undefined {
  return layouts.get(model);
}

/** The `env:` map holding a variable (or the one it was inherited from), when it is written in one. */
export function envMapOf(variable: EnvVar): MapNode | undefined {
  return envMaps.get(variable);
}

/** Values a caller passes (valueWithInputs), which make a called job's client one the caller decides. */
const passedByCaller = attachedTo<true>('passed by a caller');

/**
 * The variables of an `env:` map (an expression in place of the map is unknown: none). A value a
 * caller passes places its variable where the caller writes it, with no `env:` map to edit here.
 */
function envOf(map: MapNode, via?: AliasUse, inputs?: CallerInputs): EnvVar[] {
  const entry = entryOf(map, 'env');
  const env = entry && mapOf(entry.value, via ?? entry.via);
  if (!env) return [];
  return env.node.entries.map((pair) => {
    const pairVia = pair.via ?? env.via;
    const { value, passed } = valueWithInputs(pair.value, pairVia, inputs);
    if (value && passed) {
      passedByCaller.set(value, true);
      return { name: pair.key, nameSpan: passed.place, value, form: 'map', span: passed.place };
    }
    const variable: EnvVar = { name: pair.key, nameSpan: pair.keySpan, value, form: 'map', span: pair.span, via: pairVia };
    envMaps.set(variable, env.node);
    return variable;
  });
}

/** The scalar items of a list key, each with where it is written. */
function listItems(map: MapNode, key: string, via?: AliasUse): { node: TreeNode; via?: AliasUse }[] {
  const entry = entryOf(map, key);
  const list = deref(entry?.value, via ?? entry?.via);
  return list.node?.type === 'seq' ? list.node.items.map((item) => deref(item, list.via)).flatMap(({ node, via: itemVia }) => (node ? [{ node, via: itemVia }] : [])) : [];
}

function portsOf(map: MapNode, via?: AliasUse): PortMapping[] {
  return listItems(map, 'ports', via).flatMap(({ node, via: itemVia }) => {
    const value = literalValueOf(node, itemVia);
    return value ? [{ syntax: 'short' as const, ...shortPort(value.mapped), span: node.span, via: itemVia, notes: [], value }] : [];
  });
}

function volumesOf(map: MapNode, model: ComposeModel, via?: AliasUse): VolumeMount[] {
  return listItems(map, 'volumes', via).flatMap(({ node, via: itemVia }) => {
    const value = literalValueOf(node, itemVia);
    return value ? [{ syntax: 'short' as const, ...shortVolume(value.mapped, model), span: node.span, via: itemVia, notes: [] }] : [];
  });
}

function optionsOf(map: MapNode, model: ComposeModel, via?: AliasUse): OptionFields {
  const fields = emptyOptionFields();
  const entry = entryOf(map, 'options');
  const { node, via: optionsVia } = deref(entry?.value, via ?? entry?.via);
  if (node?.type === 'scalar' && typeof node.value === 'string') readOptions(node, optionsVia, model, fields);
  return fields;
}

/** Variables set further out, as a client sees them but does not own them (rules report them where they are written). */
function inheritedFrom(variables: readonly EnvVar[], from: string): EnvVar[] {
  return variables.map((variable) => {
    if (variable.inherited) return variable;
    const copy = { ...variable, inherited: from };
    const map = envMaps.get(variable);
    if (map) envMaps.set(copy, map);
    return copy;
  });
}

const dockerClientVariables = new Set(['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_TLS', 'DOCKER_CERT_PATH', 'DOCKER_CONTEXT']);

/**
 * The last variable of each name a Docker client reads: all a client needs of the scopes around
 * it. A job or step then carries a bounded few of the workflow's variables, not all of them
 * (n variables times m jobs would grow with the square of the file).
 */
function clientVariables(variables: readonly EnvVar[]): EnvVar[] {
  const last = new Map<string, EnvVar>();
  for (const variable of variables) if (dockerClientVariables.has(variable.name)) last.set(variable.name, variable);
  return [...last.values()];
}

function setsDockerClient(variables: readonly EnvVar[]): boolean {
  return variables.some((variable) => dockerClientVariables.has(variable.name));
}

/** A container (service or job container) of the job: image, env, ports, volumes and options. */
function containerOf(name: string, nameSpan: Span, node: MapNode, via: AliasUse | undefined, model: ComposeModel, label: string, inputs?: CallerInputs): ComposeService {
  const options = optionsOf(node, model, via);
  return {
    name,
    label,
    nameSpan,
    node,
    via,
    image: literalValueOf(entryOf(node, 'image')?.value, via),
    entrypoint: options.entrypoint,
    ports: [...portsOf(node, via), ...options.ports],
    volumes: [...volumesOf(node, model, via), ...options.volumes],
    environment: [...envOf(node, via, inputs), ...options.environment],
    environmentNode: environmentNodeOf(node, via),
    privileged: options.privileged,
    networkMode: options.networkMode,
    pid: options.pid,
    ipc: options.ipc,
    usernsMode: options.usernsMode,
    readOnly: options.readOnly,
    capAdd: options.capAdd,
    capDrop: options.capDrop,
    securityOpt: options.securityOpt,
    memoryLimit: options.memoryLimit,
    pidsLimit: options.pidsLimit,
    hardeningKeys: optionsHardeningKeys,
    builds: false,
    networks: options.networkMode ? [] : ['default'],
    hostnames: options.hostnames,
    envFiles: [],
    writtenAs: options.writtenAs,
  };
}

/** A job container's or service's hardening settings are docker run flags in its `options:`. */
const optionsHardeningKeys: HardeningKeys = {
  noNewPrivileges: '--security-opt no-new-privileges in its options',
  dropAllCapabilities: '--cap-drop ALL to its options',
  addCapabilities: '--cap-add',
  readOnlyRoot: '--read-only in its options',
  scratchVolume: 'a volume or --tmpfs',
  memoryLimit: '--memory',
  pidsLimit: '--pids-limit',
};

function environmentNodeOf(node: MapNode, via?: AliasUse): ComposeService['environmentNode'] {
  const entry = entryOf(node, 'env');
  const env = entry && mapOf(entry.value, via ?? entry.via);
  return env && entry ? { node: env.node, via: env.via, keySpan: entry.keySpan } : undefined;
}

/** A client that runs no container of its own (the steps on the runner machine, one step). */
function clientOf(name: string, label: string, nameSpan: Span, node: MapNode, environment: EnvVar[], volumes: VolumeMount[]): ComposeService {
  return {
    name,
    label,
    nameSpan,
    node,
    ports: [],
    volumes,
    environment,
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    builds: false,
    networks: ['default'],
    hostnames: [],
    envFiles: [],
    runsNoContainer: true,
  };
}

/**
 * The workflow's jobs, one model each. A workflow-level variable is owned by the first job
 * that carries it: the others see it as inherited, so it is reported once, where it is written.
 */
function readWorkflow(root: TreeNode | undefined, unread: UnreadInput[], calls: LocalCall[], caller?: Caller): ComposeModel[] {
  const top = mapOf(root);
  if (!top) return [];
  const workflowEnv = clientVariables(envOf(top.node, undefined, caller?.inputs));
  const workflowEnvMap = mapOf(entryOf(top.node, 'env')?.value)?.node;
  const jobs = mapOf(entryOf(top.node, 'jobs')?.value);
  const owned = new Set(workflowEnv);
  let unclaimedWorkflowEnv = workflowEnv;
  return (jobs?.node.entries ?? []).flatMap((entry) => {
    const job = mapOf(entry.value, entry.via);
    if (!job) return [];
    if (callsWorkflow(entry.key, job.node, job.via, unread, calls)) return [];
    const model = readJob(entry.key, entry.keySpan, job.node, job.via, unclaimedWorkflowEnv, caller);
    layouts.set(model, { ...layouts.get(model)!, workflowEnv: workflowEnvMap });
    if (model.services.some((service) => service.environment.some((variable) => owned.has(variable)))) unclaimedWorkflowEnv = inheritedFrom(workflowEnv, 'the workflow');
    return [model];
  });
}

/**
 * Whether the job calls a reusable workflow (`uses:`): it then runs that workflow's jobs instead
 * of its own (GitHub: it may only set name, uses, with, secrets, strategy, needs, if, permissions
 * and concurrency; the caller's workflow-level env is not propagated) and has no container or
 * step here. A workflow of this repository (`./.github/workflows/NAME.yml`) is a workflow file of
 * its own, linted as one, and read again with this job's inputs (`calls`, calledStacks); one of
 * another repository (`OWNER/REPO/PATH@REF`) cannot be read offline: it goes to `unread`.
 */
function callsWorkflow(id: string, job: MapNode, via: AliasUse | undefined, unread: UnreadInput[], calls: LocalCall[]): boolean {
  const uses = entryOf(job, 'uses');
  if (!uses) return false;
  const file = literalValueOf(uses.value, via ?? uses.via);
  if (file?.text.startsWith('./')) calls.push({ id, job, via, file });
  else if (file) {
    unread.push({
      what: `reusable workflow ${file.text} that job "${id}" calls`,
      why: 'it is in another repository, which GitHub fetches when the workflow runs',
      unchecked: 'The containers its jobs start are not checked; lint it in its own repository.',
      span: file.via?.use ?? file.span,
    });
  }
  return true;
}

/** A job of the file being read that calls a workflow of this repository (`uses: ./...`). */
interface LocalCall {
  id: string;
  job: MapNode;
  via?: AliasUse;
  /** The `uses:` value. */
  file: ComposeValue;
}

/** Who a called workflow is read for: the calling job, the path it calls, the inputs it passes. */
interface Caller {
  id: string;
  path: string;
  inputs: CallerInputs;
}

/**
 * Each call reads the called jobs again with its own inputs, so a file costs its calls times the
 * called files' size: past this many calls the rest are not read through (a bound, not GitHub's
 * limit, which is 20 unique reusable workflows per file, called by any number of jobs).
 */
const maxCallsRead = 20;

/**
 * The called workflows' jobs as each caller runs them: one stack per called job that has a Docker
 * client whose settings come from the caller's inputs, with that client and the services that
 * serve a Docker API (the clients' targets). Their published ports are left out: what a service
 * publishes is judged in the called file, not once more per caller. Nothing the called file
 * decides alone is in these stacks, so its findings are its own.
 */
function calledStacks(uri: string, calls: readonly LocalCall[], readCompanion: (uri: string) => string | undefined, flowLimit: number): ComposeModel[] {
  const marker = '.github/workflows/';
  const at = uri.lastIndexOf(marker);
  // A file read as a workflow by a configured kind, outside .github/workflows: no repository root to resolve from.
  if (at < 0) return [];
  const root = uri.slice(0, at);
  const tops = new Map<string, MapNode | undefined>();
  return calls.slice(0, maxCallsRead).flatMap((call) => {
    const path = call.file.text;
    // GitHub reads reusable workflows of this repository only from .github/workflows itself.
    if (!path.startsWith(`./${marker}`) || !isWorkflowPath(path)) return [];
    const calledUri = root + path.slice(2);
    if (calledUri === uri) return [];
    if (!tops.has(calledUri)) {
      const text = readCompanion(calledUri);
      const read = text === undefined ? undefined : readYaml(text, flowLimit);
      tops.set(calledUri, read && 'documents' in read ? mapOf(read.documents[0]?.root)?.node : undefined);
    }
    const top = tops.get(calledUri);
    if (!top) return [];
    const caller: Caller = { id: call.id, path, inputs: inputsPassed(top, call, path) };
    // A workflow it calls in turn gets its inputs from it: not followed here.
    return readWorkflow(top, [], [], caller).flatMap((model) => decidedByCaller(model, uri) ?? []);
  });
}

/**
 * The stack of a called job as far as the caller decides it, or undefined when it decides none of
 * its clients. A client counts when its DOCKER_HOST is the caller's: the client rules report at
 * that variable, which is then in the caller's file. (A client whose DOCKER_HOST the called file
 * writes itself would be reported there, at characters of the other file.)
 */
function decidedByCaller(model: ComposeModel, uri: string): ComposeModel | undefined {
  const clients = model.services.filter((service) => {
    const dockerHost = lastVariable(service, 'DOCKER_HOST')?.value;
    return dockerHost !== undefined && passedByCaller.get(dockerHost) === true;
  });
  if (clients.length === 0) return undefined;
  const daemons = model.services.filter((service) => !clients.includes(service) && (serviceDockerd(service, uri, 'github-actions') || isSocketProxy(service)));
  return { ...model, services: [...daemons, ...clients].map((service) => ({ ...service, ports: [] })) };
}

/**
 * The inputs a call passes, as GitHub evaluates them: each input the called workflow declares
 * (`on.workflow_call.inputs`) takes the caller's `with:` value, else its `default:`. A value
 * that is an expression, or an input with neither, is unknown.
 */
function inputsPassed(top: MapNode, call: LocalCall, path: string): CallerInputs {
  const on = mapOf(entryOf(top, 'on')?.value);
  const workflowCall = on && mapOf(entryOf(on.node, 'workflow_call')?.value, on.via);
  const declared = workflowCall && mapOf(entryOf(workflowCall.node, 'inputs')?.value, workflowCall.via);
  const withMap = mapOf(entryOf(call.job, 'with')?.value, call.via);
  const passed = new Map((withMap?.node.entries ?? []).map((entry) => [entry.key.toLowerCase(), entry]));
  const inputs = new Map<string, PassedInput | undefined>();
  for (const input of declared?.node.entries ?? []) {
    const name = input.key.toLowerCase();
    const given = passed.get(name);
    if (given) {
      const value = literalValueOf(given.value, given.via ?? withMap?.via);
      inputs.set(name, value && { value: { ...value, notes: [`the value is input ${input.key}, which job "${call.id}" passes here`] }, place: given.span });
      continue;
    }
    const declaration = mapOf(input.value, input.via);
    const fallback = declaration && literalValueOf(entryOf(declaration.node, 'default')?.value, declaration.via);
    inputs.set(name, fallback && { value: placedAt(fallback, call.file.span, `the value is the default of input ${input.key} in ${path}: job "${call.id}" passes none`), place: call.file.span });
  }
  return inputs;
}

/** A value of the called file moved onto a place of the caller's (its characters are not there). */
function placedAt(value: ComposeValue, span: Span, note: string): ComposeValue {
  const mapped = mappedWhole(value.text, span);
  const node: ScalarNode = { type: 'scalar', value: value.node.value, text: mapped, style: 'plain', span };
  return { text: value.text, mapped, notes: [note], unresolved: false, node, span };
}

function readJob(id: string, idSpan: Span, job: MapNode, via: AliasUse | undefined, workflowEnv: EnvVar[], caller?: Caller): ComposeModel {
  const model: ComposeModel = { services: [], networks: new Map(), volumes: new Map() };
  const inputs = caller?.inputs;
  const jobName = `job "${id}"${caller ? ` (${caller.path}, called by job "${caller.id}")` : ''}`;
  const stepsEnv = [...workflowEnv, ...envOf(job, via, inputs)];
  const containerEntry = entryOf(job, 'container');
  const containerNode = deref(containerEntry?.value, via ?? containerEntry?.via);
  let jobContainer: ComposeService | undefined;
  // `container: ${{ matrix.image }}` is a job container of an unknown image: the steps still run in it.
  if (containerNode.node?.type === 'map' || (containerNode.node?.type === 'scalar' && containerNode.node.value !== null && containerNode.node.value !== '')) {
    const label = `the job container of ${jobName}`;
    const node = containerNode.node;
    jobContainer =
      node.type === 'map'
        ? containerOf(id, containerEntry!.keySpan, node, containerNode.via, model, label, inputs)
        : { ...clientOf(id, label, containerEntry!.keySpan, job, [], []), image: literalValueOf(node, containerNode.via), runsNoContainer: false };
    // The runner replaces the image's entrypoint with `tail -f /dev/null`; the steps run beside it.
    const image = jobContainer.image;
    if (image) jobContainer.entrypoint ??= { words: [], form: 'list', node: image.node, span: image.span, via: image.via };
    // The steps run in it with the workflow's and the job's variables after its own.
    jobContainer.environment.push(...stepsEnv);
  }
  const containerMode = jobContainer !== undefined;
  const services = mapOf(entryOf(job, 'services')?.value, via);
  for (const entry of services?.node.entries ?? []) {
    const service = mapOf(entry.value, entry.via ?? services?.via);
    if (!service) continue;
    const container = containerOf(entry.key, entry.keySpan, service.node, service.via, model, `service "${entry.key}" of ${jobName}`, inputs);
    container.hostnames.push(...(containerMode ? [entry.key] : runnerNames(container)));
    model.services.push(container);
  }
  if (jobContainer) model.services.push(jobContainer);
  else if (setsDockerClient(stepsEnv)) model.services.push(clientOf('steps', `the steps of ${jobName}`, idSpan, job, stepsEnv, []));
  readSteps(jobName, job, via, jobContainer, stepsEnv, model, inputs);
  layouts.set(model, { id, node: job, jobContainer });
  return model;
}

/**
 * Without a job container the steps reach a service at the runner machine's own address, on
 * the ports it publishes there. The connectivity model matches a client's port with the
 * listener's, so the service answers to `localhost` only when every port it publishes keeps
 * its number (2375:2375); otherwise its edges are not judged.
 */
function runnerNames(service: ComposeService): string[] {
  const published = service.ports.filter((mapping) => mapping.published);
  const samePort = published.length > 0 && published.every((mapping) => mapping.published?.text === mapping.target.text);
  return samePort ? ['localhost', '127.0.0.1'] : [];
}

/** The job container's mounts by path segment: a step's DOCKER_CERT_PATH is looked up in the time its own length takes. */
interface MountTree {
  children: Map<string, MountTree>;
  mount?: VolumeMount;
}

function mountTreeOf(volumes: readonly VolumeMount[]): MountTree {
  const root: MountTree = { children: new Map() };
  for (const volume of volumes) {
    if (!volume.target) continue;
    let node = root;
    for (const segment of volume.target.text.split('/')) {
      if (segment === '') continue;
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.mount = { ...volume, inherited: volume.inherited ?? 'the job container' };
  }
  return root;
}

/**
 * The job container's mount that holds a step's DOCKER_CERT_PATH (the deepest), the one mount a
 * step's client settings read: giving every step all the job container's mounts would cost
 * steps x mounts.
 */
function certificateMount(environment: readonly EnvVar[], mounts: MountTree): VolumeMount[] {
  const certPath = [...environment].reverse().find((variable) => variable.name === 'DOCKER_CERT_PATH')?.value?.text;
  if (!certPath?.startsWith('/')) return [];
  let node: MountTree | undefined = mounts;
  let deepest = mounts.mount;
  for (const segment of certPath.split('/')) {
    if (segment === '') continue;
    node = node.children.get(segment);
    if (!node) break;
    deepest = node.mount ?? deepest;
  }
  return deepest ? [deepest] : [];
}

/** A step whose own `env` sets a Docker client variable is a client of its own (sharing the job's inherited variables and volumes). */
function readSteps(jobName: string, job: MapNode, via: AliasUse | undefined, jobContainer: ComposeService | undefined, stepsEnv: EnvVar[], model: ComposeModel, inputs?: CallerInputs): void {
  const outer = inheritedFrom(clientVariables(jobContainer ? jobContainer.environment : stepsEnv), jobName);
  const mounts = mountTreeOf(jobContainer?.volumes ?? []);
  listItems(job, 'steps', via).forEach(({ node, via: stepVia }, index) => {
    if (node.type !== 'map') return;
    const own = envOf(node, stepVia, inputs);
    if (!setsDockerClient(own)) return;
    const name = literalValueOf(entryOf(node, 'name')?.value)?.text ?? literalValueOf(entryOf(node, 'id')?.value)?.text;
    const label = name === undefined ? `step ${index + 1} of ${jobName}` : `step "${name}" of ${jobName}`;
    const environment = [...outer, ...own];
    model.services.push(clientOf(`step ${index + 1}`, label, entryOf(node, 'env')!.keySpan, node, environment, certificateMount(environment, mounts)));
  });
}
