// GitLab CI -> the container model: each job is one stack (a ComposeModel) of the job's own
// container and the services GitLab starts beside it. Variables follow GitLab's precedence:
// top-level `variables:` (unless `inherit: variables` says otherwise) < the job's (after
// `extends`) < a service's own; a job without `image:`/`services:` takes `default:`'s (or the
// older top-level keywords), unless `inherit: default` says otherwise.

import type { Span } from '../types';
import type { UnreadInput } from '../document';
import { serviceDockerd } from '../compose/dind';
import type { CommandLine, ComposeModel, ComposeService, ComposeValue, EnvVar, VolumeMount } from '../compose/model';
import { type InheritanceLimit, type ParsedContainers, yamlSuppressions } from '../compose/parse';
import { type YamlReadMemory, readYaml } from '../compose/yaml-reader';
import { type MapEntry, type MapNode, type ScalarNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';
import { mappedGap } from '../compose/mapped-string';
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

/** How the values of one pipeline are read: its reader, where included nodes come from, the variables of the job being read. */
class JobValues {
  /** The job's variables by name, as written, while its values are read (expand.ts). */
  private variables: ReadonlyMap<string, string> = new Map();
  /** The variables of jobs that come from the top-level `variables:` (a Set: it lives as long as the read). */
  readonly topLevel = new Set<EnvVar>();

  constructor(
    readonly reader: PipelineReader,
    private readonly sourceOf: WeakMap<TreeNode, PipelineSource>,
  ) {}

  /** From now on, values expand these variables (the job's, read once for their names). */
  expandWith(variables: ReadonlyMap<string, string>): void {
    this.variables = variables;
  }

  /** The file a node was written in, when it is an included file. */
  uriOf(node: TreeNode): string | undefined {
    return this.sourceOf.get(node)?.uri;
  }

  /**
   * A scalar's value after GitLab's expansion of the job's variables (none for a variable written
   * with `expand: false`: GitLab keeps its `$` as written), placed in the file that wrote it.
   */
  valueOf(node: TreeNode, outerVia: Resolved['via'], expand = true): ComposeValue | undefined {
    const { node: target, via } = deref(node, outerVia);
    if (target?.type !== 'scalar' || target.value === null) return undefined;
    const expanded = expand ? expandVariables(target.text, (name) => this.variables.get(name)) : { value: target.text, notes: [], unresolved: false };
    const uri = this.uriOf(target);
    return { text: expanded.value.text, mapped: expanded.value, notes: expanded.notes, unresolved: expanded.unresolved, node: target, span: target.span, via, ...(uri ? { uri } : {}) };
  }
}

export function readGitlabCi(
  uri: string,
  text: string,
  flowLimit: number,
  { readCompanion: readIncluded, memory }: { readCompanion?: ReadIncluded; memory?: YamlReadMemory } = {},
): ParsedContainers | { tooDeep: number } | InheritanceLimit {
  const read = readYaml(text, flowLimit, memory);
  if ('tooDeep' in read) return read;
  const top = deref(read.documents[0]?.root).node;
  const models: ComposeModel[] = [];
  const included = top?.type === 'map' ? readIncludes({ uri, text }, top, readIncluded, flowLimit) : undefined;
  const piped = top?.type === 'map' && included ? readPipeline([...included.tops, top], (node) => included.sourceOf.get(node)?.text ?? text) : undefined;
  if (piped?.pipeline.inheritanceLimit) {
    const { job, span } = piped.pipeline.inheritanceLimit;
    return { limit: { message: `The extends chains of this pipeline merge too many keys (job "${job}" and after): dockerd-lint resolves up to that.`, span } };
  }
  const values = piped && included ? new JobValues(piped.reader, included.sourceOf) : undefined;
  if (piped && values) {
    // The top-level variables resolve the same for every job: only their expansion is the job's.
    const topVariables = writtenVariables(piped.reader, piped.reader.at(piped.pipeline.top, 'variables'));
    for (const job of piped.pipeline.jobs) models.push(jobModel(values, piped.pipeline, topVariables, job));
  }
  const unread = included?.unread ?? [];
  const gap = piped && unreadGap(piped.reader, unread, (node) => included?.sourceOf.has(node) ?? false);
  if (gap) return { limit: gap };
  if (values) quietSharedClients(models, values.topLevel);
  const services = models.flatMap((model) => model.services);
  return {
    containers: { services, models, syntaxErrors: read.documents.flatMap((each) => each.errors) },
    dockerd: services.flatMap((service) => serviceDockerd(service, uri, 'gitlab-ci') ?? []),
    suppressions: yamlSuppressions(text),
    unread,
  };
}

/**
 * A job the pipeline needs (an `extends:` parent, a `!reference`'s job) that no file read
 * defines, while an include was not read: it may come from there, so the jobs built on it are
 * not what GitLab runs. Failing closed, the pipeline is not analysed (analysis-limit, exit 3).
 * Without an unread include, a missing job is GitLab's own error and the rest is judged.
 */
function unreadGap(reader: PipelineReader, unread: readonly UnreadInput[], fromIncludedFile: (node: TreeNode) => boolean): InheritanceLimit['limit'] | undefined {
  const [missing] = reader.missing;
  if (!missing || unread.length === 0) return undefined;
  const [first, ...others] = unread;
  const source = `the ${first.what}${others.length > 0 ? ` (or one of ${others.length} other includes not read)` : ''}`;
  return {
    message: `${missing.said}, which is in none of the files read: it may come from ${source}, which dockerd-lint does not read (${first.why}). The jobs built on it are not known.`,
    span: fromIncludedFile(missing.node) ? first.span : missing.node.span,
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

function jobModel(values: JobValues, pipeline: Pipeline, topVariables: readonly WrittenVariable[], job: PipelineJob): ComposeModel {
  const reader = values.reader;
  const fromDefault = (key: string): Resolved | undefined => {
    const own = reader.at(job.node, key);
    if (own || !inherits(reader, job.node, 'default', key)) return own;
    return reader.at(pipeline.defaults, key) ?? reader.at(pipeline.top, key);
  };
  const globals = topVariables.filter((variable) => inherits(reader, job.node, 'variables', variable.entry.key));
  const own = writtenVariables(reader, reader.at(job.node, 'variables'));
  // Values name other variables of the job, as written (a later one of a name wins, as in latestByName).
  values.expandWith(new Map([...globals, ...own].map((variable) => [variable.entry.key, writtenText(variable)])));
  const inherited = globals.map((variable) => envVarOf(values, variable));
  for (const variable of inherited) values.topLevel.add(variable);
  const environment = latestByName([...inherited, ...own.map((variable) => envVarOf(values, variable))]);
  const certMount = (at: Span): VolumeMount => ({
    syntax: 'long',
    type: 'volume',
    target: { text: sharedClientCertDir, span: at },
    readOnly: false,
    notes: [`assumed: ${sharedCertsAssumption}`],
    span: at,
  });
  const image = imageOf(values, fromDefault('image'));
  const perBuild = networkPerBuild(environment);
  const container: ComposeService = {
    ...emptyService(job.name, job.keySpan, job.node),
    label: `job "${job.name}"`,
    image: image?.name,
    entrypoint: image?.entrypoint,
    environment,
    volumes: [certMount(job.keySpan)],
    // On the job's network the runner names the job's container `build`.
    hostnames: perBuild ? ['build'] : [],
  };
  const services: ComposeService[] = [container];
  const inheritedByServices = environment.filter((variable) => !clientVariables.has(variable.name));
  for (const item of listItems(reader, fromDefault('services'))) {
    const service = serviceOf(values, job, item, inheritedByServices);
    if (service) services.push({ ...service, volumes: [certMount(service.nameSpan)], reach: perBuild ? reachOnJobNetwork : reachOverLinks });
  }
  const nameResolution = perBuild ? undefined : { only: container, why: linksOnly };
  return { node: job.node, services, networks: new Map(), volumes: new Map(), ...(nameResolution ? { nameResolution } : {}) };
}

/**
 * GitLab Runner's docker executor (its "network configurations"): by default the job's
 * container gets legacy links to the services on Docker's default bridge, so it alone resolves
 * their names, while every container on that bridge of the runner machine reaches them by
 * address. With the feature flag FF_NETWORK_PER_BUILD (a job variable, `true`/`1` as Go's
 * strconv.ParseBool reads it) the runner creates a bridge network for the job, where the job's
 * container (also as `build`) and its services resolve each other's names. A runner's
 * config.toml may turn the flag on for every job: the file cannot say so, and messages say it.
 */
const reachOverLinks =
  "from the job's container, which GitLab links to it, and by address from every container on Docker's default bridge of the runner machine, those of other jobs included (the docker executor's default legacy links; FF_NETWORK_PER_BUILD gives each job a network of its own)";
const reachOnJobNetwork = "from the job's container and its other services, on the network the runner creates for this job (FF_NETWORK_PER_BUILD)";
const linksOnly =
  "without FF_NETWORK_PER_BUILD, GitLab links the services to the job's container only, and a service does not resolve another's name (unless the runner turns the flag on in its config.toml)";

const parseBoolTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/** Whether the job's variables turn FF_NETWORK_PER_BUILD on. */
function networkPerBuild(environment: readonly EnvVar[]): boolean {
  const flag = environment.find((variable) => variable.name === 'FF_NETWORK_PER_BUILD');
  return parseBoolTrue.has(flag?.value?.text ?? '');
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
function imageOf(values: JobValues, image: Resolved | undefined): { name?: ComposeValue; entrypoint?: CommandLine } | undefined {
  if (!image) return undefined;
  if (image.node.type === 'scalar') return { name: values.valueOf(image.node, image.via) };
  if (image.node.type !== 'map') return undefined;
  const name = values.reader.at(image.node, 'name');
  return { name: name && values.valueOf(name.node, name.via), entrypoint: commandOf(values, values.reader.at(image.node, 'entrypoint')) };
}

/** `command:`/`entrypoint:` of an image or service: a list of words (GitLab wants an array). */
function commandOf(values: JobValues, value: Resolved | undefined): CommandLine | undefined {
  if (!value) return undefined;
  if (value.node.type === 'scalar') {
    const word = values.valueOf(value.node, value.via);
    return word && { words: [{ text: word.mapped, span: word.span, notes: word.notes }], form: 'list', node: value.node, span: value.node.span, via: value.via };
  }
  if (value.node.type !== 'seq') return undefined;
  const words = listItems(values.reader, value).flatMap((item) => {
    const word = values.valueOf(item.node, item.via);
    return word ? [{ text: word.mapped, span: word.span, notes: word.notes }] : [];
  });
  return { words, form: 'list', node: value.node, span: value.node.span, via: value.via };
}

function serviceOf(values: JobValues, job: PipelineJob, item: Resolved, inherited: EnvVar[]): ComposeService | undefined {
  const reader = values.reader;
  const map = item.node.type === 'map' ? item.node : undefined;
  const nameNode = map ? reader.at(map, 'name') : item;
  const image = nameNode && values.valueOf(nameNode.node, nameNode.via);
  if (!image) return undefined;
  const alias = map ? reader.at(map, 'alias') : undefined;
  const aliasText = alias && values.valueOf(alias.node, alias.via)?.text;
  const hostnames = serviceHostnames(image.text, aliasText);
  const nameSpan = image.via?.use ?? image.span;
  const node: MapNode = map ?? { type: 'map', entries: [], flow: true, span: item.node.span };
  return {
    ...emptyService(hostnames[0] ?? image.text, nameSpan, node),
    label: `service "${image.text}" of job "${job.name}"`,
    via: item.via,
    uri: image.uri,
    image,
    command: map && commandOf(values, reader.at(map, 'command')),
    entrypoint: map && commandOf(values, reader.at(map, 'entrypoint')),
    environment: latestByName([...inherited, ...(map ? writtenVariables(reader, reader.at(map, 'variables')).map((variable) => envVarOf(values, variable)) : [])]),
    hostnames,
  };
}

/** A variable of a `variables:` map with its value's node resolved, before any expansion. */
interface WrittenVariable {
  entry: MapEntry;
  via: Resolved['via'];
  value: Resolved | undefined;
  /** False for `expand: false`: GitLab keeps the value's `$` as written. */
  expand: boolean;
  /** The `{description: ...}` map of a variable written without `value:`. */
  withoutValue?: MapNode;
}

/** `variables:` as written: `NAME: value` or `NAME: {value: ..., description: ..., options: [...], expand: false}`. */
function writtenVariables(reader: PipelineReader, variables: Resolved | undefined): WrittenVariable[] {
  if (variables?.node.type !== 'map') return [];
  return variables.node.entries.map((entry) => {
    const via = entry.via ?? variables.via;
    const written = reader.resolve(entry.value, via);
    const form = written?.node.type === 'map' ? written.node : undefined;
    const expand = reader.at(form, 'expand')?.node;
    const value = form ? reader.at(form, 'value') : written;
    return { entry, via, value, expand: !(expand?.type === 'scalar' && expand.value === false), ...(form && !value && entryOf(form, 'description') ? { withoutValue: form } : {}) };
  });
}

/** The value as written, what another variable naming it expands to ('' without one). */
function writtenText({ value }: WrittenVariable): string {
  return value?.node.type === 'scalar' && value.node.value !== null ? String(value.node.value) : '';
}

/**
 * A variable written as `{description: ...}` without `value:` (GitLab's form for the run-pipeline
 * page): GitLab's `variables:description` reference says it exists in every pipeline not run by
 * hand, as an empty string. Someone running the pipeline by hand may type a value: the note says so.
 * (gitlab-ci-local's --preview prints such a variable as `undefined`, a value GitLab never gives.)
 */
function emptyValueOf(name: string, form: MapNode, uri: string | undefined): ComposeValue {
  const node: ScalarNode = { type: 'scalar', value: '', text: mappedGap(form.span), style: 'plain', span: form.span };
  const note = `${name} has a description and no value: GitLab sets it to an empty string unless someone running the pipeline by hand fills it in`;
  return { text: '', mapped: node.text, notes: [note], unresolved: false, node, span: form.span, ...(uri ? { uri } : {}) };
}

function envVarOf(values: JobValues, { entry, via, value, expand, withoutValue }: WrittenVariable): EnvVar {
  const uri = values.uriOf(entry.value);
  const read = value?.node.type === 'scalar' ? values.valueOf(value.node, value.via, expand) : withoutValue && emptyValueOf(entry.key, withoutValue, uri);
  return { name: entry.key, nameSpan: entry.keySpan, value: read, form: 'map', span: entry.span, via, ...(uri ? { uri } : {}) };
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
function quietSharedClients(models: readonly ComposeModel[], topLevel: ReadonlySet<EnvVar>): void {
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
