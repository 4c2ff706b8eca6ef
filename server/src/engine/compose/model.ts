// The Compose model, the container model every container surface is read into: services with
// their image, ports, volumes, environment, command and privileges, each value with its source
// span and, when it was reached through an alias or a merge key, the alias use site and the
// anchor. Rules read it; model-reader.ts reads a Compose file into it, the surfaces' readers
// theirs.

import type { Span } from '../types';
import type { MappedString } from './mapped-string';
import type { AliasUse, MapNode, ScalarNode, SeqNode, YamlError } from './yaml-tree';

/** A string value after interpolation, with where it was written. */
export interface ComposeValue {
  text: string;
  mapped: MappedString;
  notes: string[];
  unresolved: boolean;
  node: ScalarNode;
  /** The scalar's span. */
  span: Span;
  via?: AliasUse;
  /** The file that set the value, when it is not the file whose model holds it (a project's override, include, extends `file:`). */
  uri?: string;
}

/** A surface's own words for the hardening settings, as messages name them ("set X"). */
export interface HardeningKeys {
  noNewPrivileges: string;
  dropAllCapabilities: string;
  addCapabilities: string;
  /** Absent when the file cannot make the root filesystem read-only (writable-root-filesystem then asks nothing). */
  readOnlyRoot?: string;
  /** Where the container can write once its root filesystem is read-only. */
  scratchVolume: string;
  memoryLimit: string;
  /** Absent when the file cannot set one; `noPidsLimit` then says who does. */
  pidsLimit?: string;
  noPidsLimit?: string;
}

/** A part of a value (the host port of a mapping), with its exact span. */
export interface ValuePart {
  text: string;
  span: Span;
}

export interface Located {
  /** The whole item (a list item, a long-syntax map). */
  span: Span;
  via?: AliasUse;
  /** Name of the service this item is inherited from through `extends`. */
  inherited?: string;
  /** The file that set the item, when it is not the file whose model holds it. */
  uri?: string;
}

export interface PortRange {
  from: number;
  to: number;
}

export interface PortMapping extends Located {
  syntax: 'short' | 'long';
  /** Empty/absent: all host interfaces. */
  hostIp?: ValuePart;
  published?: ValuePart & { range?: PortRange };
  target: ValuePart & { range?: PortRange };
  protocol: string;
  notes: string[];
  /** Short syntax as a string scalar: the value, for edits. */
  value?: ComposeValue;
  /** Long syntax: the map, for edits. */
  map?: MapNode;
}

export interface VolumeMount extends Located {
  syntax: 'short' | 'long';
  type: string;
  /** Absent for an anonymous volume (`- /data`). */
  source?: ValuePart;
  target?: ValuePart;
  readOnly: boolean;
  notes: string[];
  /** A named volume whose top-level definition binds a host path (driver_opts o: bind). */
  boundDevice?: ValuePart;
}

export interface EnvVar extends Located {
  name: string;
  nameSpan: Span;
  /** Undefined when the value is taken from the shell (`- NAME` or `NAME:` with no value). */
  value?: ComposeValue;
  form: 'list' | 'map';
  /** Read from this `env_file` (as written); the item's span is the `env_file` entry naming it. */
  fromEnvFile?: string;
}

export interface CommandLine {
  /** Each word with its span as written (quotes included). */
  words: { text: MappedString; span: Span; notes: string[] }[];
  form: 'string' | 'list';
  node: ScalarNode | SeqNode;
  span: Span;
  via?: AliasUse;
  /** The file that set it, when it is not the file whose model holds it. */
  uri?: string;
}

export interface ComposeService {
  /** The file that defines the service first, when the service is read as part of a project (compose/project.ts). */
  uri?: string;
  name: string;
  /**
   * How messages name the container on a surface other than Compose, as a noun phrase:
   * `service "docker:dind" of job "build"`, `container "dind" of Deployment "ci"`. Absent for
   * a Compose service (`service "NAME"`); read it through report.ts serviceLabel.
   */
  label?: string;
  /**
   * Who reaches what the container serves on 0.0.0.0, as its surface connects it, a phrase
   * after "reachable": `from every pod of the cluster`. Absent for a Compose service, whose
   * reach follows from its networks and network_mode.
   */
  reach?: string;
  nameSpan: Span;
  node: MapNode;
  via?: AliasUse;
  image?: ComposeValue;
  command?: CommandLine;
  entrypoint?: CommandLine;
  ports: PortMapping[];
  volumes: VolumeMount[];
  environment: EnvVar[];
  /** The `environment` node itself, where fixes add variables. */
  environmentNode?: { node: MapNode | SeqNode; via?: AliasUse; keySpan: Span };
  privileged?: ComposeValue;
  /** Why the surface makes the container privileged and how to contain that, as a sentence (GitLab Runner's `privileged` applies to every job). */
  privilegedAdvice?: string;
  /** How the surface writes a Docker client's TLS settings, for messages; absent: DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH. */
  clientTls?: { verify: string; certPath: string };
  /** A Docker client that runs no container of its own (GitLab Runner talking to its `host`, a CI step on the runner host): container hardening rules skip it. */
  runsNoContainer?: boolean;
  networkMode?: ComposeValue;
  pid?: ComposeValue;
  ipc?: ComposeValue;
  usernsMode?: ComposeValue;
  capAdd: ComposeValue[];
  capDrop: ComposeValue[];
  securityOpt: ComposeValue[];
  readOnly?: ComposeValue;
  /** `pids_limit`, or `deploy.resources.limits.pids`. */
  pidsLimit?: ComposeValue;
  /** `mem_limit`, or `deploy.resources.limits.memory`. */
  memoryLimit?: ComposeValue;
  /** How the container's file sets what the hardening rules ask for, where not with Compose's keys: messages name these. */
  hardeningKeys?: HardeningKeys;
  /** The service is built here (`build:`): its `image:` names the result, not something pulled. */
  builds: boolean;
  /** Network names the service joins (`default` when none is listed). */
  networks: string[];
  /** Names other services reach it by: service name, container_name, hostname, network aliases. */
  hostnames: string[];
  extendsService?: string;
  /** How the surface writes a setting, where it is not the Compose key (`--network host` in a CI job's options): messages quote it. */
  writtenAs?: Partial<Record<'network_mode' | 'pid' | 'ipc' | 'userns_mode' | 'privileged', string>>;
  /** Paths `env_file` names (own and inherited) whose variables dockerd-lint did not read (a project reads those it can). */
  envFiles: string[];
}

export interface ComposeNetwork {
  name: string;
  internal: boolean;
}

export interface NamedVolume {
  name: string;
  device?: ValuePart;
  bind: boolean;
}

export interface ComposeModel {
  /** The document's top-level map, where fixes declare volumes. */
  node?: MapNode;
  services: ComposeService[];
  /** Paths the top-level `include:` names (strings, or the `path` of long entries). */
  includes?: string[];
  /** The service whose `extends` went past maxInheritedItems; the services after it inherit nothing more. */
  inheritanceLimit?: { service: string; span: Span };
  /**
   * When only one container resolves the others' names (a GitLab CI job without
   * FF_NETWORK_PER_BUILD: legacy links to the job's container), that container and why.
   * Absent: every service resolves every other's names, as on a Compose network.
   */
  nameResolution?: { only: ComposeService; why: string };
  networks: Map<string, ComposeNetwork>;
  volumes: Map<string, NamedVolume>;
}

/** A Compose file: its YAML documents' models and syntax errors. */
export interface ComposeDocument {
  /** Every service of every YAML document in the file. */
  readonly services: readonly ComposeService[];
  /** One model per YAML document. */
  readonly models: readonly ComposeModel[];
  readonly syntaxErrors: readonly YamlError[];
}

/** Compose casts interpolated strings to booleans where the schema wants one. */
export function booleanOf(value: ComposeValue | undefined): boolean | undefined {
  if (!value) return undefined;
  if (typeof value.node.value === 'boolean' && value.notes.length === 0) return value.node.value;
  const lower = value.text.toLowerCase();
  if (['true', 'yes', 'y', 'on', '1'].includes(lower)) return true;
  if (['false', 'no', 'n', 'off', '0'].includes(lower)) return false;
  return undefined;
}
