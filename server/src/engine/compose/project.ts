// Compose projects as `docker compose` reads them: a folder's compose.yaml (or
// docker-compose.yml) merged with its override file, or the files COMPOSE_FILE names in the
// folder's .env; `include:`d files; `extends:` with `file:`; `env_file:` contents. The merge
// follows the Compose Specification's merge rules (docs/compose-projects.md): mappings merge by
// key, sequences append, command/entrypoint are replaced, ports and volumes are unique by their
// key (a later entry replaces an earlier one), `!reset` removes and `!override` replaces.
//
// Each value keeps the file that set it (`uri` on the value, compose/model.ts): rules report
// there through placeOf. A service is judged in the file that defines it first, so that
// findings about the service as a whole (its name) land in a file that names it.
//
// Pure: the caller reads companion files (bounded, inside the tree) and hands texts in.

import type { Span } from '../types';
import { type ProjectEnvironment, type ProjectVariable, parseDotenv } from './dotenv';
import type { ComposeDocument, ComposeModel, ComposeService, ComposeValue, EnvVar } from './model';
import { mappedWhole } from './mapped-string';
import { type MapNode, type MergeTag, type TreeNode, deref, entryOf } from './yaml-tree';

/** What a project reads besides the linted files, by URI; undefined when absent or unreadable. */
export type ReadCompanion = (uri: string) => string | undefined;

/** A Compose file's model as the project reads it (from the lint, or parsed from a companion text), with the project's .env. */
export type ComposeLookup = (uri: string, env?: ProjectEnvironment) => ComposeDocument | undefined;

export interface ComposeProject {
  /** The project folder (a file: URI ending in `/`). */
  folder: string;
  /** The files merged, in order (base first). */
  files: string[];
  /** Files read besides: .env, included and extended files, env files. */
  companions: string[];
  /** The merged services, each with `uri` = the file that defines it first. */
  services: ComposeService[];
  model: ComposeModel;
}

/** docker compose's default file names, in the order it looks for them (compose-go cli/options.go). */
export const baseFileNames = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const overrideFileNames = ['compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

/** Bounds on what one project reads: includes and extends nest at most this deep, and this many files in all. */
const maxDepth = 8;
const maxProjectFiles = 64;
/** At most this many env-file variables join the services of one project (each service holds its own copy). */
const maxEnvFileVariables = 100_000;

interface EnvBudget {
  variables: number;
  /** Each env file's variables, read once per project. */
  parsed: Map<string, (ProjectVariable & { name: string })[] | undefined>;
}

/** The folder URI (ending in `/`) that holds `uri`. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** A path as written in a Compose file or .env, resolved against a folder URI. */
export function resolveIn(folder: string, path: string): string | undefined {
  if (path === '' || path.includes('\0')) return undefined;
  try {
    const url = new URL(path.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/'), folder);
    return url.protocol === 'file:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files `COMPOSE_FILE` in a project's .env names (relative to the project folder, separated
 * by COMPOSE_PATH_SEPARATOR, else `:`), or undefined when it names none. They are Compose files
 * whatever their names.
 */
export function composeFileList(folder: string, env: ProjectEnvironment): string[] | undefined {
  const list = env.variables.get('COMPOSE_FILE')?.value;
  if (!list) return undefined;
  const separator = env.variables.get('COMPOSE_PATH_SEPARATOR')?.value || ':';
  return list.split(separator).flatMap((path) => resolveIn(folder, path.trim()) ?? []);
}

/**
 * The projects of the folders of `composeUris` (the linted Compose files). A folder without a
 * base file (compose.yaml...) or a COMPOSE_FILE in its .env has no project: its files are judged
 * alone. So is a folder whose project is one file that reads no other (no .env, override,
 * include, extends `file:` or env file): there is nothing to merge.
 */
export function composeProjects(composeUris: readonly string[], lookup: ComposeLookup, read: ReadCompanion, namedBy: readonly string[] = []): ComposeProject[] {
  const folders = [...new Set([...namedBy, ...composeUris.map(folderOf)])];
  return folders.flatMap((folder) => projectOf(folder, lookup, read) ?? []);
}

function projectOf(folder: string, lookupAlone: ComposeLookup, read: ReadCompanion): ComposeProject | undefined {
  const companions: string[] = [];
  const dotEnvUri = folder + '.env';
  const dotEnv = read(dotEnvUri);
  if (dotEnv !== undefined) companions.push(dotEnvUri);
  const env = dotEnv === undefined ? undefined : parseDotenv(dotEnvUri, dotEnv);
  // Every file of the project (included and extended ones too) is interpolated from this .env.
  const lookup: ComposeLookup = (uri) => lookupAlone(uri, env);
  let files = env ? composeFileList(folder, env) : undefined;
  if (!files) {
    const base = baseFileNames.map((name) => folder + name).find((uri) => lookup(uri));
    if (!base) return undefined;
    const override = overrideFileNames.map((name) => folder + name).find((uri) => lookup(uri));
    files = override ? [base, override] : [base];
  }
  const present = files.filter((uri) => lookup(uri)).slice(0, maxProjectFiles);
  if (present.length === 0) return undefined;
  // The common case, told before every service is copied and stamped with its file.
  if (present.length === 1 && !env && namesNoOtherFile(lookup(present[0])!)) return undefined;
  const budget: Budget = { files: maxProjectFiles - present.length, read: new Map() };
  const merged = new Map<string, ComposeService>();
  const model: ComposeModel = { services: [], networks: new Map(), volumes: new Map() };
  for (const uri of present) {
    for (const service of fileServices(uri, lookup, read, companions, new Set([uri]), 0, budget, model)) {
      const earlier = merged.get(service.name);
      merged.set(service.name, earlier ? mergeService(earlier, service) : service);
    }
  }
  const envBudget: EnvBudget = { variables: maxEnvFileVariables, parsed: new Map() };
  for (const service of merged.values()) readEnvFiles(service, folder, read, companions, envBudget);
  if (present.length === 1 && companions.length === 0) return undefined;
  model.services = [...merged.values()];
  return { folder, files: present, companions: [...new Set(companions)], services: model.services, model };
}

/** Whether a Compose file includes, extends from or reads (env_file) no other file. */
function namesNoOtherFile(document: ComposeDocument): boolean {
  if (document.models.some((model) => (model.includes ?? []).length > 0)) return false;
  return document.services.every((service) => service.envFiles.length === 0 && extendedFile(service) === undefined);
}

/** The file `extends: {file: ...}` names. */
function extendedFile(service: ComposeService): string | undefined {
  const extension = deref(entryOf(service.node, 'extends')?.value).node;
  return extension?.type === 'map' ? scalarText(extension, 'file') : undefined;
}

/**
 * The services of one file, each stamped with the file, after its `include:`s (services of an
 * included file that the file does not define) and its `extends:` with `file:`.
 */
function fileServices(uri: string, lookup: ComposeLookup, read: ReadCompanion, companions: string[], seen: Set<string>, depth: number, budget: Budget, project: ComposeModel): ComposeService[] {
  const document = lookup(uri);
  if (!document) return [];
  const models = document.models;
  for (const model of models) {
    for (const [name, network] of model.networks) project.networks.set(name, network);
    for (const [name, volume] of model.volumes) project.volumes.set(name, volume);
  }
  const own = document.services.map((service) => stamp(service, uri));
  const byName = new Map(own.map((service) => [service.name, service]));
  const fromOtherFile = (path: string): FileRead | undefined => {
    const target = resolveIn(folderOf(uri), path);
    if (!target || seen.has(target) || depth >= maxDepth) return undefined;
    // A file extended by many services is read once.
    if (budget.read.has(target)) return budget.read.get(target);
    if (budget.files <= 0) return undefined;
    budget.files--;
    if (lookup(target)) companions.push(target);
    const services = fileServices(target, lookup, read, companions, new Set([...seen, target]), depth + 1, budget, project);
    const fileRead = { services, byName: new Map(services.map((service) => [service.name, service])) };
    budget.read.set(target, fileRead);
    return fileRead;
  };
  // extends: { file, service }: the service starts from that file's service (spec "extends").
  for (const [index, service] of own.entries()) {
    const file = extendedFile(service);
    const extension = deref(entryOf(service.node, 'extends')?.value).node;
    const baseName = extension?.type === 'map' ? scalarText(extension, 'service') : undefined;
    if (file === undefined || baseName === undefined) continue;
    const base = fromOtherFile(file)?.byName.get(baseName);
    if (base) own[index] = { ...mergeService({ ...base, name: service.name, nameSpan: service.nameSpan, node: service.node, uri }, service), name: service.name };
  }
  const included: ComposeService[] = [];
  for (const path of models.flatMap((model) => model.includes ?? [])) {
    for (const service of fromOtherFile(path)?.services ?? []) {
      if (byName.has(service.name)) continue;
      byName.set(service.name, service);
      included.push(service);
    }
  }
  return [...included, ...own];
}

/** What one project may still read: files left, and the services of each file read so far. */
interface Budget {
  files: number;
  read: Map<string, FileRead>;
}

interface FileRead {
  services: ComposeService[];
  byName: Map<string, ComposeService>;
}

function scalarText(map: MapNode, key: string): string | undefined {
  const node = deref(entryOf(map, key)?.value).node;
  return node?.type === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** Every value of the service marked with the file that set it. */
function stamp(service: ComposeService, uri: string): ComposeService {
  return {
    ...mapValues(service, (item) => ({ ...item, uri })),
    uri,
    // env_file paths are relative to the file that names them: kept as URIs from here on.
    envFiles: service.envFiles.flatMap((path) => resolveIn(folderOf(uri), path) ?? []),
  };
}

/**
 * The service as the file `holder` sees it: its own values unmarked (fixes may edit them), the
 * values other files set still marked with their file.
 */
export function heldBy(service: ComposeService, holder: string): ComposeService {
  return mapValues(service, (item) => (item.uri === holder ? { ...item, uri: undefined } : item));
}

function mapValues(service: ComposeService, change: <T extends { uri?: string }>(item: T) => T): ComposeService {
  const value = <T extends { uri?: string } | undefined>(item: T): T => (item ? change(item) : item);
  return {
    ...service,
    image: value(service.image),
    command: value(service.command),
    entrypoint: value(service.entrypoint),
    privileged: value(service.privileged),
    networkMode: value(service.networkMode),
    pid: value(service.pid),
    ipc: value(service.ipc),
    usernsMode: value(service.usernsMode),
    ports: service.ports.map(change),
    volumes: service.volumes.map(change),
    environment: service.environment.map((variable) => ({ ...change(variable), value: value(variable.value) })),
    capAdd: service.capAdd.map(change),
    capDrop: service.capDrop.map(change),
    securityOpt: service.securityOpt.map(change),
    readOnly: value(service.readOnly),
    pidsLimit: value(service.pidsLimit),
    memoryLimit: value(service.memoryLimit),
  };
}

/** The merge tag on the value of `key` in the later service's own map. */
function tagOf(service: ComposeService, key: string): MergeTag | undefined {
  const value: TreeNode | undefined = entryOf(service.node, key)?.value;
  return value?.tag;
}

/** `later` merged over `earlier` (compose-spec merge.md). */
export function mergeService(earlier: ComposeService, later: ComposeService): ComposeService {
  const scalar = <T>(key: string, before: T | undefined, after: T | undefined): T | undefined => {
    const tag = tagOf(later, key);
    if (tag === '!reset') return undefined;
    return after ?? before;
  };
  const sequence = <T>(key: string, before: T[], after: T[], unique?: (item: T) => string): T[] => {
    const tag = tagOf(later, key);
    if (tag === '!reset') return [];
    if (tag === '!override') return after;
    if (!unique) return [...before, ...after];
    const keys = new Set(after.map(unique));
    return [...before.filter((item) => !keys.has(unique(item))), ...after];
  };
  const environmentTag = tagOf(later, 'environment');
  const laterNames = new Set(later.environment.map((variable) => variable.name));
  const environment: EnvVar[] =
    environmentTag === '!reset' ? [] : environmentTag === '!override' ? later.environment : [...earlier.environment.filter((variable) => !laterNames.has(variable.name)), ...later.environment];
  return {
    ...earlier,
    image: scalar('image', earlier.image, later.image),
    command: scalar('command', earlier.command, later.command),
    entrypoint: scalar('entrypoint', earlier.entrypoint, later.entrypoint),
    privileged: scalar('privileged', earlier.privileged, later.privileged),
    networkMode: scalar('network_mode', earlier.networkMode, later.networkMode),
    pid: scalar('pid', earlier.pid, later.pid),
    ipc: scalar('ipc', earlier.ipc, later.ipc),
    usernsMode: scalar('userns_mode', earlier.usernsMode, later.usernsMode),
    ports: sequence('ports', earlier.ports, later.ports, (port) => `${port.hostIp?.text ?? ''}|${port.target.text}|${port.published?.text ?? ''}|${port.protocol}`),
    volumes: sequence('volumes', earlier.volumes, later.volumes, (volume) => volume.target?.text ?? ''),
    environment,
    // Fixes add variables to the environment node of the file that holds the service only.
    environmentNode: later.environmentNode && later.uri === earlier.uri ? later.environmentNode : earlier.environmentNode,
    capAdd: sequence('cap_add', earlier.capAdd, later.capAdd, (value) => value.text),
    capDrop: sequence('cap_drop', earlier.capDrop, later.capDrop, (value) => value.text),
    securityOpt: sequence('security_opt', earlier.securityOpt, later.securityOpt, (value) => value.text),
    readOnly: scalar('read_only', earlier.readOnly, later.readOnly),
    pidsLimit: scalar('pids_limit', earlier.pidsLimit, later.pidsLimit),
    memoryLimit: scalar('mem_limit', earlier.memoryLimit, later.memoryLimit),
    // Built in any file of the project: the image names what the build makes.
    builds: earlier.builds || later.builds,
    networks: [...new Set([...earlier.networks.filter((name) => name !== 'default' || later.networks.length === 0), ...later.networks])],
    hostnames: [...new Set([...earlier.hostnames, ...later.hostnames])],
    extendsService: later.extendsService ?? earlier.extendsService,
    envFiles: sequence('env_file', earlier.envFiles, later.envFiles, (path) => path),
  };
}

/**
 * The variables of the service's env files join its environment before its own `environment:`
 * (which wins, as in Compose). Each is placed at the `env_file` entry that names its file.
 * The files that could not be read stay in `envFiles`.
 */
function readEnvFiles(service: ComposeService, folder: string, read: ReadCompanion, companions: string[], budget: EnvBudget): void {
  if (service.envFiles.length === 0) return;
  const unread: string[] = [];
  const fromFiles: EnvVar[] = [];
  const own = new Set(service.environment.map((variable) => variable.name));
  for (const uri of service.envFiles) {
    const text = read(uri);
    if (!budget.parsed.has(uri)) budget.parsed.set(uri, text === undefined ? undefined : [...parseDotenv(uri, text).variables].map(([name, variable]) => ({ name, ...variable })));
    const variables = budget.parsed.get(uri);
    // Many services naming one large env file would copy it for each: past the budget it is left unread.
    if (variables === undefined || variables.length > budget.variables) {
      unread.push(relativeName(folder, uri));
      continue;
    }
    budget.variables -= variables.length;
    companions.push(uri);
    const place = envFilePlace(service, uri);
    for (const variable of variables) {
      if (own.has(variable.name)) continue;
      const span = place?.span ?? service.nameSpan;
      const value: ComposeValue = {
        text: variable.value,
        mapped: mappedWhole(variable.value, span),
        notes: [`set in ${relativeName(folder, uri)} line ${variable.line + 1}`],
        unresolved: false,
        node: { type: 'scalar', value: variable.value, text: mappedWhole(variable.value, span), style: 'plain', span },
        span,
        uri: place?.uri ?? service.uri,
      };
      fromFiles.push({ name: variable.name, nameSpan: span, value, form: 'list', span, uri: value.uri, fromEnvFile: relativeName(folder, uri) });
    }
  }
  // Of a name set in several env files, the last file's value holds.
  const last = new Map(fromFiles.map((variable, index) => [variable.name, index]));
  service.environment = [...fromFiles.filter((variable, index) => last.get(variable.name) === index), ...service.environment];
  service.envFiles = unread;
}

/** The `env_file` entry that names the file `uri`, in the map of the file that defines the service. */
function envFilePlace(service: ComposeService, uri: string): { span: Span; uri?: string } | undefined {
  const entry = entryOf(service.node, 'env_file');
  if (!entry) return undefined;
  const node = deref(entry.value).node;
  const items = node?.type === 'seq' ? node.items : node ? [node] : [];
  for (const item of items) {
    const target = deref(item).node;
    const pathNode = target?.type === 'map' ? deref(entryOf(target, 'path')?.value).node : target;
    if (pathNode?.type === 'scalar' && resolveIn(folderOf(service.uri ?? ''), String(pathNode.value)) === uri) return { span: pathNode.span, uri: service.uri };
  }
  return { span: entry.keySpan, uri: service.uri };
}

function relativeName(folder: string, uri: string): string {
  return uri.startsWith(folder) ? decodeURIComponent(uri.slice(folder.length)) : decodeURIComponent(uri);
}
