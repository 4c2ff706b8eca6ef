// GitLab CI -> the container model: each job is one stack (a ComposeModel) of the job's own
// container and the services GitLab starts beside it. Variables follow GitLab's precedence:
// top-level `variables:` (unless `inherit: variables` says otherwise) < the job's (after
// `extends`) < a service's own; a job without `image:`/`services:` takes `default:`'s (or the
// older top-level keywords), unless `inherit: default` says otherwise.

import type { Span } from '../types';
import { serviceDockerd } from '../compose/dind';
import type { CommandLine, ComposeModel, ComposeService, ComposeValue, EnvVar, VolumeMount } from '../compose/model';
import { type InheritanceLimit, type ParsedContainers, yamlSuppressions } from '../compose/parse';
import { type YamlReadMemory, readYaml } from '../compose/yaml-reader';
import { type MapNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';
import { expandVariables } from './expand';
import { type ReadIncluded, readIncludes } from './includes';
import { type Pipeline, type PipelineJob, type PipelineReader, type Resolved, readPipeline } from './pipeline';
import type { PipelineSource } from './includes';
import { serviceHostnames } from './hostnames';
import { sharedCertsAssumption, sharedClientCertDir } from './runner';

/**
 * The docker client's own variables. GitLab hands every job variable to the services too, but
 * a service runs its own program, not the job's docker client: a database with the job's
 * DOCKER_HOST is no Docker client. dind reads DOCKER_HOST only for a unix:// socket path.
 */
const clientVariables = new Set(['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']);

/**
 * Where the nodes of included files come from, for the read in progress. readGitlabCi is
 * synchronous and sets it for its duration (as compose/model.ts does with the .env), so each
 * value below is placed in its file without threading the map through every reader.
 */
let origins: { sourceOf: WeakMap<TreeNode, PipelineSource> } | undefined;

/** The file a node was written in, when it is an included file. */
function uriOf(node: TreeNode): string | undefined {
  return origins?.sourceOf.get(node)?.uri;
}

/** The job's variables by name, as written, while its values are read (expand.ts). */
let jobVariables: ReadonlyMap<string, string> = new Map();

/** A scalar's value after GitLab's expansion of the job's variables, placed in the file that wrote it. */
function jobValueOf(node: TreeNode, outerVia: Resolved['via']): ComposeValue | undefined {
  const { node: target, via } = deref(node, outerVia);
  if (target?.type !== 'scalar' || target.value === null) return undefined;
  const expanded = expandVariables(target.text, (name) => jobVariables.get(name));
  const uri = uriOf(target);
  return { text: expanded.value.text, mapped: expanded.value, notes: expanded.notes, unresolved: expanded.unresolved, node: target, span: target.span, via, ...(uri ? { uri } : {}) };
}

export function readGitlabCi(uri: string, text: string, flowLimit: number, readIncluded?: ReadIncluded, memory?: YamlReadMemory): ParsedContainers | { tooDeep: number } | InheritanceLimit {
  const read = readYaml(text, flowLimit, memory);
  if ('tooDeep' in read) return read;
  const top = deref(read.documents[0]?.root).node;
  const models: ComposeModel[] = [];
  const included = top?.type === 'map' ? readIncludes({ uri, text }, top, readIncluded, flowLimit) : undefined;
  const piped = top?.type === 'map' && included ? readPipeline([...included.tops, top], (node) => included.sourceOf.get(node)?.text ?? text) : undefined;
  if (included) origins = { sourceOf: included.sourceOf };
  if (piped?.pipeline.inheritanceLimit) {
    const { job, span } = piped.pipeline.inheritanceLimit;
    return { limit: { message: `The extends chains of this pipeline merge too many keys (job "${job}" and after): dockerd-lint resolves up to that.`, span } };
  }
  try {
    if (piped) for (const job of piped.pipeline.jobs) models.push(jobModel(piped.reader, piped.pipeline, job));
  } finally {
    origins = undefined;
    jobVariables = new Map();
  }
  quietSharedClients(models);
  const services = models.flatMap((model) => model.services);
  return {
    containers: { services, models, syntaxErrors: read.documents.flatMap((each) => each.errors) },
    dockerd: services.flatMap((service) => serviceDockerd(service, uri) ?? []),
    suppressions: yamlSuppressions(text),
  };
}

/** `inherit: {key: true | false | [names]}` of a job: whether it takes `name` from the top level. */
function inherits(reader: PipelineReader, job: MapNode, key: 'default' | 'variables', name: string): boolean {
  const inherit = reader.map(entryOf(job, 'inherit')?.value);
  const setting = inherit && reader.at(inherit.node, key)?.node;
  if (!setting) return true;
  if (setting.type === 'scalar') return setting.value !== false;
  if (setting.type === 'seq') return setting.items.some((item) => item.type === 'scalar' && item.value === name);
  return true;
}

function jobModel(reader: PipelineReader, pipeline: Pipeline, job: PipelineJob): ComposeModel {
  const fromDefault = (key: string): Resolved | undefined => {
    const own = reader.at(job.node, key);
    if (own || !inherits(reader, job.node, 'default', key)) return own;
    return reader.at(pipeline.defaults, key) ?? reader.at(pipeline.top, key);
  };
  const readVariables = () => {
    const globals = variablesOf(reader, reader.at(pipeline.top, 'variables')).filter((variable) => inherits(reader, job.node, 'variables', variable.name));
    for (const variable of globals) topLevel.add(variable);
    return latestByName([...globals, ...variablesOf(reader, reader.at(job.node, 'variables'))]);
  };
  // Values name other variables of the job: read once for the names, then expanded with them.
  jobVariables = new Map();
  jobVariables = new Map(readVariables().map((variable) => [variable.name, variable.value ? String(variable.value.node.value) : '']));
  const environment = readVariables();
  const certMount = (at: Span): VolumeMount => ({
    syntax: 'long',
    type: 'volume',
    target: { text: sharedClientCertDir, span: at },
    readOnly: false,
    notes: [`assumed: ${sharedCertsAssumption}`],
    span: at,
  });
  const image = imageOf(reader, fromDefault('image'));
  const container: ComposeService = {
    ...emptyService(job.name, job.keySpan, job.node),
    label: `job "${job.name}"`,
    image: image?.name,
    entrypoint: image?.entrypoint,
    environment,
    volumes: [certMount(job.keySpan)],
  };
  const services: ComposeService[] = [container];
  const inheritedByServices = environment.filter((variable) => !clientVariables.has(variable.name));
  for (const item of listItems(reader, fromDefault('services'))) {
    const service = serviceOf(reader, job, item, inheritedByServices);
    if (service) services.push({ ...service, volumes: [certMount(service.nameSpan)] });
  }
  return { node: job.node, services, networks: new Map(), volumes: new Map() };
}

function emptyService(name: string, nameSpan: Span, node: MapNode): ComposeService {
  return { name, nameSpan, node, ports: [], volumes: [], environment: [], capAdd: [], capDrop: [], securityOpt: [], builds: false, networks: ['default'], hostnames: [], envFiles: [] };
}

/** A sequence's items with `!reference`s to sequences flattened in, as GitLab does. */
function listItems(reader: PipelineReader, list: Resolved | undefined): Resolved[] {
  if (list?.node.type !== 'seq') return [];
  return list.node.items.flatMap((item) => {
    const resolved = reader.resolve(item, list.via);
    if (!resolved) return [];
    if (resolved.node.type === 'seq') return resolved.node.items.flatMap((inner) => reader.resolve(inner, resolved.via) ?? []);
    return [resolved];
  });
}

/** `image: NAME` or `image: {name, entrypoint}`. */
function imageOf(reader: PipelineReader, image: Resolved | undefined): { name?: ComposeValue; entrypoint?: CommandLine } | undefined {
  if (!image) return undefined;
  if (image.node.type === 'scalar') return { name: jobValueOf(image.node, image.via) };
  if (image.node.type !== 'map') return undefined;
  const name = reader.at(image.node, 'name');
  return { name: name && jobValueOf(name.node, name.via), entrypoint: commandOf(reader, reader.at(image.node, 'entrypoint')) };
}

/** `command:`/`entrypoint:` of an image or service: a list of words (GitLab wants an array). */
function commandOf(reader: PipelineReader, value: Resolved | undefined): CommandLine | undefined {
  if (!value) return undefined;
  if (value.node.type === 'scalar') {
    const word = jobValueOf(value.node, value.via);
    return word && { words: [{ text: word.mapped, span: word.span, notes: word.notes }], form: 'list', node: value.node, span: value.node.span, via: value.via };
  }
  if (value.node.type !== 'seq') return undefined;
  const words = listItems(reader, value).flatMap((item) => {
    const word = jobValueOf(item.node, item.via);
    return word ? [{ text: word.mapped, span: word.span, notes: word.notes }] : [];
  });
  return { words, form: 'list', node: value.node, span: value.node.span, via: value.via };
}

function serviceOf(reader: PipelineReader, job: PipelineJob, item: Resolved, inherited: EnvVar[]): ComposeService | undefined {
  const map = item.node.type === 'map' ? item.node : undefined;
  const nameNode = map ? reader.at(map, 'name') : item;
  const image = nameNode && jobValueOf(nameNode.node, nameNode.via);
  if (!image) return undefined;
  const alias = map ? reader.at(map, 'alias') : undefined;
  const aliasText = alias && jobValueOf(alias.node, alias.via)?.text;
  const hostnames = serviceHostnames(image.text, aliasText);
  const nameSpan = image.via?.use ?? image.span;
  const node: MapNode = map ?? { type: 'map', entries: [], flow: true, span: item.node.span };
  return {
    ...emptyService(hostnames[0] ?? image.text, nameSpan, node),
    label: `service "${image.text}" of job "${job.name}"`,
    via: item.via,
    uri: image.uri,
    image,
    command: map && commandOf(reader, reader.at(map, 'command')),
    entrypoint: map && commandOf(reader, reader.at(map, 'entrypoint')),
    environment: latestByName([...inherited, ...(map ? variablesOf(reader, reader.at(map, 'variables')) : [])]),
    hostnames,
  };
}

/** `variables:` as written: `NAME: value` or `NAME: {value: ..., description: ...}`. */
function variablesOf(reader: PipelineReader, variables: Resolved | undefined): EnvVar[] {
  if (variables?.node.type !== 'map') return [];
  return variables.node.entries.map((entry) => {
    const via = entry.via ?? variables.via;
    const written = reader.resolve(entry.value, via);
    const valueNode: Resolved | undefined = written?.node.type === 'map' ? reader.at(written.node, 'value') : written;
    const value = valueNode && scalarValue(valueNode.node, valueNode.via);
    const uri = uriOf(entry.value);
    return { name: entry.key, nameSpan: entry.keySpan, value, form: 'map', span: entry.span, via, ...(uri ? { uri } : {}) };
  });
}

function scalarValue(node: TreeNode, via: Resolved['via']): ComposeValue | undefined {
  return node.type === 'scalar' ? jobValueOf(node, via) : undefined;
}

/** One variable per name, the last written winning (GitLab's precedence is the order given). */
function latestByName(variables: EnvVar[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const variable of variables) {
    byName.delete(variable.name);
    byName.set(variable.name, variable);
  }
  return [...byName.values()];
}

/** The variables of jobs that come from the top-level `variables:`. */
const topLevel = new WeakSet<EnvVar>();

/** The host a `tcp://HOST:PORT` DOCKER_HOST names, lower-cased. */
function dockerHostName(value: string): string | undefined {
  if (!value.startsWith('tcp://')) return undefined;
  const authority = value.slice('tcp://'.length);
  const end = authority.search(/[:/]/);
  return (end < 0 ? authority : authority.slice(0, end)).toLowerCase();
}

/**
 * A top-level DOCKER_HOST reaches every job, also those without the dind it names (a test job
 * beside the build jobs): such a job does not talk to Docker, and the variable is judged in the
 * jobs that have the service. Its copy in the other jobs is marked inherited, which the client
 * rules pass over. One pass over the jobs, one over their services.
 */
function quietSharedClients(models: readonly ComposeModel[]): void {
  const serviceNames = new Set(models.flatMap((model) => model.services.slice(1).flatMap((service) => service.hostnames.map((name) => name.toLowerCase()))));
  for (const model of models) {
    const [container, ...services] = model.services;
    const index = container.environment.findIndex((variable) => variable.name === 'DOCKER_HOST');
    const dockerHost = container.environment[index];
    const host = dockerHost?.value && dockerHostName(dockerHost.value.text);
    if (!host || !topLevel.has(dockerHost) || !serviceNames.has(host)) continue;
    if (services.some((service) => service.hostnames.some((name) => name.toLowerCase() === host))) continue;
    container.environment[index] = { ...dockerHost, inherited: 'the top-level variables' };
  }
}
