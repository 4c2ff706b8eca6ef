// Compose YAML tree -> the Compose model (model.ts): services with their image, ports, volumes,
// environment, command and privileges. Every value keeps its source span (the exact
// characters, also inside a port or volume string) and, when it was reached through an alias or
// a merge key, the alias use site and the anchor. Values are interpolated with the project
// environment (.env) the reader is made with: one reader per model read, no module state.

import { keptWith } from '../kept-with';
import type { Span } from '../types';
import type { ProjectEnvironment } from './dotenv';
import { type Interpolated, interpolate } from './interpolate';
import { type MappedString, sliceMapped, spanIn, trimMapped } from './mapped-string';
import {
  type CommandLine,
  type ComposeModel,
  type ComposeService,
  type ComposeValue,
  type Located,
  type NamedVolume,
  type PortMapping,
  type PortRange,
  type ValuePart,
  type VolumeMount,
  booleanOf,
} from './model';
import { splitShellWords } from './shell-words';
import { type AliasUse, type MapNode, type ScalarNode, type SeqNode, type TreeNode, deref, entryOf } from './yaml-tree';

/** The model of a Compose document; `env` is the project environment values interpolate with. */
export function readComposeModel(root: TreeNode | undefined, env?: ProjectEnvironment): ComposeModel {
  return new ComposeModelReader(env).readModel(root);
}

/** A scalar's value, interpolated without a project environment (a value read outside a model read). */
export function composeValueOf(node: TreeNode, outerVia?: AliasUse): ComposeValue | undefined {
  return new ComposeModelReader().valueOf(node, outerVia);
}

class ComposeModelReader {
  constructor(private readonly env?: ProjectEnvironment) {}

  readModel(root: TreeNode | undefined): ComposeModel {
    const top = deref(root).node;
    const model: ComposeModel = { services: [], networks: new Map(), volumes: new Map() };
    if (top?.type !== 'map') return model;
    model.node = top;
    const networks = mapAt(top, 'networks');
    for (const entry of networks?.node.entries ?? []) {
      const definition = deref(entry.value).node;
      const internal = definition?.type === 'map' ? booleanOf(this.scalarValue(definition, 'internal')) === true : false;
      model.networks.set(entry.key, { name: entry.key, internal });
    }
    const volumes = mapAt(top, 'volumes');
    for (const entry of volumes?.node.entries ?? []) model.volumes.set(entry.key, this.namedVolume(entry.key, deref(entry.value).node));
    const include = deref(entryOf(top, 'include')?.value).node;
    if (include?.type === 'seq') model.includes = include.items.flatMap((item) => this.includePaths(item));
    const services = mapAt(top, 'services');
    for (const entry of services?.node.entries ?? []) {
      const { node, via } = deref(entry.value, entry.via);
      if (node?.type !== 'map') continue;
      model.services.push(this.readService(entry.key, entry.keySpan, node, via, model));
    }
    const limit = applyExtends(model.services);
    if (limit) model.inheritanceLimit = limit;
    return model;
  }

  /** An `include:` item: a path, or `{path: PATH | [PATH...]}`. */
  private includePaths(item: TreeNode): string[] {
    const node = deref(item).node;
    const path = node?.type === 'map' ? deref(entryOf(node, 'path')?.value).node : node;
    const items = path?.type === 'seq' ? path.items : path ? [path] : [];
    return items.flatMap((each) => this.valueOf(each)?.text || []);
  }

  private scalarValue(map: MapNode, key: string, via?: AliasUse): ComposeValue | undefined {
    const entry = entryOf(map, key);
    if (!entry) return undefined;
    return this.valueOf(entry.value, via ?? entry.via);
  }

  private interpolated(target: ScalarNode): Interpolated {
    // Text without a variable interpolates to itself: nothing worth keeping.
    if (!target.text.text.includes('$')) return interpolate(target.text);
    const env = this.env;
    return interpolatedWith(
      target,
      () => ({ env, result: interpolate(target.text, env) }),
      (kept) => kept.env !== env,
    ).result;
  }

  valueOf(node: TreeNode, outerVia?: AliasUse): ComposeValue | undefined {
    const { node: target, via } = deref(node, outerVia);
    if (target?.type !== 'scalar' || target.value === null) return undefined;
    const result = this.interpolated(target);
    return { text: result.value.text, mapped: result.value, notes: result.notes, unresolved: result.unresolved, node: target, span: target.span, via };
  }

  private readService(name: string, nameSpan: Span, node: MapNode, via: AliasUse | undefined, model: ComposeModel): ComposeService {
    const service: ComposeService = {
      name,
      nameSpan,
      node,
      via,
      image: this.scalarValue(node, 'image', via),
      command: this.commandLine(node, 'command', via),
      entrypoint: this.commandLine(node, 'entrypoint', via),
      ports: listOf(node, 'ports').items.flatMap((item) => this.portOf(item) ?? []),
      volumes: listOf(node, 'volumes').items.flatMap((item) => this.volumeOf(item, model) ?? []),
      environment: [],
      privileged: this.scalarValue(node, 'privileged', via),
      networkMode: this.scalarValue(node, 'network_mode', via),
      pid: this.scalarValue(node, 'pid', via),
      ipc: this.scalarValue(node, 'ipc', via),
      usernsMode: this.scalarValue(node, 'userns_mode', via),
      capAdd: listOf(node, 'cap_add').items.flatMap((item) => this.valueOf(item.node, item.via) ?? []),
      capDrop: listOf(node, 'cap_drop').items.flatMap((item) => this.valueOf(item.node, item.via) ?? []),
      securityOpt: listOf(node, 'security_opt').items.flatMap((item) => this.valueOf(item.node, item.via) ?? []),
      readOnly: this.scalarValue(node, 'read_only', via),
      pidsLimit: this.scalarValue(node, 'pids_limit', via) ?? this.deployLimit(node, 'pids'),
      memoryLimit: this.scalarValue(node, 'mem_limit', via) ?? this.deployLimit(node, 'memory'),
      builds: entryOf(node, 'build') !== undefined,
      networks: [],
      hostnames: [name],
      envFiles: this.envFilesOf(node, via),
    };
    this.readEnvironment(service, node, via);
    this.readNetworks(service, node);
    for (const key of ['container_name', 'hostname']) {
      const value = this.scalarValue(node, key, via);
      if (value?.text) service.hostnames.push(value.text);
    }
    const extendsEntry = entryOf(node, 'extends');
    const extendsNode = deref(extendsEntry?.value).node;
    if (extendsNode?.type === 'scalar') service.extendsService = this.valueOf(extendsNode)?.text;
    else if (extendsNode?.type === 'map' && !entryOf(extendsNode, 'file')) service.extendsService = this.scalarValue(extendsNode, 'service')?.text;
    return service;
  }

  /** `deploy.resources.limits.<key>`, which `docker compose` applies outside swarm too. */
  private deployLimit(node: MapNode, key: string): ComposeValue | undefined {
    const deploy = mapAt(node, 'deploy');
    const resources = deploy && mapAt(deploy.node, 'resources');
    const limits = resources && mapAt(resources.node, 'limits');
    return limits && this.scalarValue(limits.node, key, limits.via);
  }

  /** `env_file`: a path, or a list of paths or of `{path, required}` entries. */
  private envFilesOf(node: MapNode, via: AliasUse | undefined): string[] {
    const single = this.scalarValue(node, 'env_file', via)?.text;
    if (single !== undefined) return [single];
    return listOf(node, 'env_file').items.flatMap((item) => {
      const { node: target, via: itemVia } = deref(item.node, item.via);
      const path = target?.type === 'map' ? this.scalarValue(target, 'path', itemVia) : target ? this.valueOf(target, itemVia) : undefined;
      return path?.text ? [path.text] : [];
    });
  }

  private commandLine(map: MapNode, key: string, outerVia?: AliasUse): CommandLine | undefined {
    const entry = entryOf(map, key);
    const { node, via } = deref(entry?.value, outerVia ?? entry?.via);
    if (node?.type === 'scalar' && node.value !== null) {
      const value = this.valueOf(node, via)!;
      // Compose interpolates first, then splits the string like a shell would.
      return { words: splitWords(value), form: 'string', node, span: node.span, via };
    }
    if (node?.type === 'seq') {
      const words = node.items.flatMap((item) => {
        const value = this.valueOf(item, via);
        return value ? [{ text: value.mapped, span: value.span, notes: value.notes }] : [];
      });
      return { words, form: 'list', node, span: node.span, via };
    }
    return undefined;
  }

  private readEnvironment(service: ComposeService, node: MapNode, via?: AliasUse): void {
    const entry = entryOf(node, 'environment');
    if (!entry) return;
    const resolved = deref(entry.value, via ?? entry.via);
    const environment = resolved.node;
    if (environment?.type === 'seq') {
      service.environmentNode = { node: environment, via: resolved.via, keySpan: entry.keySpan };
      for (const item of environment.items) {
        const { node: itemNode, via: itemVia } = deref(item, resolved.via);
        if (itemNode?.type !== 'scalar' || typeof itemNode.value !== 'string') continue;
        const equals = itemNode.value.indexOf('=');
        // The name is not interpolated; the value after `=` is.
        const nameText = equals < 0 ? itemNode.value : itemNode.value.slice(0, equals);
        const nameSpan = spanIn(itemNode.text, 0, Math.min(nameText.length, itemNode.text.text.length));
        let value: ComposeValue | undefined;
        if (equals >= 0) {
          const raw = sliceMapped(itemNode.text, equals + 1);
          const result = interpolate(raw, this.env);
          value = { text: result.value.text, mapped: result.value, notes: result.notes, unresolved: result.unresolved, node: itemNode, span: itemNode.span, via: itemVia };
        }
        service.environment.push({ name: nameText.trim(), nameSpan, value, form: 'list', span: itemNode.span, via: itemVia });
      }
    } else if (environment?.type === 'map') {
      service.environmentNode = { node: environment, via: resolved.via, keySpan: entry.keySpan };
      for (const pair of environment.entries) {
        const pairVia = pair.via ?? resolved.via;
        service.environment.push({ name: pair.key, nameSpan: pair.keySpan, value: this.valueOf(pair.value, pairVia), form: 'map', span: pair.span, via: pairVia });
      }
    }
  }

  private readNetworks(service: ComposeService, node: MapNode): void {
    const entry = entryOf(node, 'networks');
    const networks = deref(entry?.value).node;
    if (networks?.type === 'seq') {
      for (const item of networks.items) {
        const value = this.valueOf(item);
        if (value) service.networks.push(value.text);
      }
    } else if (networks?.type === 'map') {
      for (const network of networks.entries) {
        service.networks.push(network.key);
        const settings = deref(network.value).node;
        if (settings?.type !== 'map') continue;
        for (const alias of listOf(settings, 'aliases').items) {
          const value = this.valueOf(alias.node);
          if (value) service.hostnames.push(value.text);
        }
      }
    }
    if (service.networks.length === 0 && !service.networkMode) service.networks.push('default');
  }

  private portOf(item: { node: TreeNode; via?: AliasUse }): PortMapping | undefined {
    const { node, via } = itemVia(item);
    if (!node) return undefined;
    if (node.type === 'scalar') {
      const value = this.valueOf(node, via);
      if (!value) return undefined;
      const { hostIp, published, target, protocol } = shortPort(value.mapped);
      return { syntax: 'short', hostIp, published, target, protocol, span: node.span, via, notes: value.notes, value };
    }
    if (node.type !== 'map') return undefined;
    const targetValue = this.scalarValue(node, 'target', via);
    if (!targetValue) return undefined;
    const published = this.scalarValue(node, 'published', via);
    const hostIp = this.scalarValue(node, 'host_ip', via);
    const protocol = this.scalarValue(node, 'protocol', via)?.text || 'tcp';
    const notes = [targetValue, published, hostIp].flatMap((value) => value?.notes ?? []);
    return {
      syntax: 'long',
      span: node.span,
      via,
      map: node,
      notes,
      protocol,
      target: { text: targetValue.text, span: targetValue.span, range: parseRange(targetValue.text) },
      published: published && published.text !== '' ? { text: published.text, span: published.span, range: parseRange(published.text) } : undefined,
      hostIp: hostIp && hostIp.text !== '' ? { text: hostIp.text, span: hostIp.span } : undefined,
    };
  }

  private volumeOf(item: { node: TreeNode; via?: AliasUse }, model: ComposeModel): VolumeMount | undefined {
    const { node, via } = itemVia(item);
    if (!node) return undefined;
    if (node.type === 'scalar') {
      const value = this.valueOf(node, via);
      if (!value) return undefined;
      const { type, source, target, readOnly, boundDevice } = shortVolume(value.mapped, model);
      return { syntax: 'short', type, source, target, readOnly, boundDevice, span: node.span, via, notes: value.notes };
    }
    if (node.type !== 'map') return undefined;
    const type = this.scalarValue(node, 'type', via)?.text ?? 'volume';
    const source = this.scalarValue(node, 'source', via);
    const target = this.scalarValue(node, 'target', via);
    const readOnly = booleanOf(this.scalarValue(node, 'read_only', via)) === true;
    const sourcePart = source && source.text !== '' ? { text: source.text, span: spanIn(source.mapped) } : undefined;
    const named = type === 'volume' && sourcePart ? model.volumes.get(sourcePart.text) : undefined;
    return {
      syntax: 'long',
      type,
      source: sourcePart,
      target: target ? { text: target.text, span: spanIn(target.mapped) } : undefined,
      readOnly,
      span: node.span,
      via,
      notes: [source, target].flatMap((value) => value?.notes ?? []),
      boundDevice: named?.bind ? named.device : undefined,
    };
  }

  private namedVolume(name: string, definition: TreeNode | undefined): NamedVolume {
    if (definition?.type !== 'map') return { name, bind: false };
    const options = mapAt(definition, 'driver_opts');
    if (!options) return { name, bind: false };
    const o = this.scalarValue(options.node, 'o');
    const device = this.scalarValue(options.node, 'device');
    const bind = !!o && o.text.split(',').includes('bind') && !!device;
    return { name, bind, device: device ? { text: device.text, span: spanIn(device.mapped) } : undefined };
  }
}

function mapAt(map: MapNode, key: string): { node: MapNode; via?: AliasUse } | undefined {
  const entry = entryOf(map, key);
  const { node, via } = deref(entry?.value, entry?.via);
  return node?.type === 'map' ? { node, via } : undefined;
}

/**
 * A scalar with variables, reached through many aliases, is interpolated once per project
 * environment. Kept on the node (keptWith), not in a module-level WeakMap, which kept every
 * run's nodes alive through young-generation collections.
 */
const interpolatedWith = keptWith<{ env: ProjectEnvironment | undefined; result: Interpolated }>('interpolated');

function listOf(map: MapNode, key: string): { items: { node: TreeNode; via?: AliasUse }[]; node?: SeqNode | MapNode; via?: AliasUse } {
  const entry = entryOf(map, key);
  const { node, via } = deref(entry?.value, entry?.via);
  if (node?.type !== 'seq') return { items: [], node: node?.type === 'map' ? node : undefined, via };
  return { items: node.items.map((item) => ({ node: item, via })), node, via };
}

function itemVia(item: { node: TreeNode; via?: AliasUse }): { node: TreeNode | undefined; via?: AliasUse } {
  return deref(item.node, item.via);
}

function splitWords(value: ComposeValue): CommandLine['words'] {
  return splitShellWords(value.mapped).map((word) => ({ text: word.text, span: word.span, notes: value.notes }));
}

// ---------------------------------------------------------------- ports

function parseRange(text: string): PortRange | undefined {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  return { from, to: match[2] ? Number(match[2]) : from };
}

function part(mapped: MappedString, from: number, to: number): ValuePart {
  return { text: mapped.text.slice(from, to), span: spanIn(mapped, from, to) };
}

function portPart(mapped: MappedString, from: number, to: number): ValuePart & { range?: PortRange } {
  const text = mapped.text.slice(from, to);
  return { text, span: spanIn(mapped, from, to), range: parseRange(text) };
}

/** `[[IP:](PORT|RANGE):](PORT|RANGE)[/PROTO]`, as docker/go-connections nat.ParsePortSpec reads it. */
export function shortPort(mapped: MappedString): Pick<PortMapping, 'hostIp' | 'published' | 'target' | 'protocol'> {
  const text = mapped.text;
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1) : 'tcp';
  const spec = slash >= 0 ? text.slice(0, slash) : text;
  const colons: number[] = [];
  for (let i = 0; i < spec.length; i++) if (spec[i] === ':') colons.push(i);
  const n = colons.length;
  const targetStart = n > 0 ? colons[n - 1] + 1 : 0;
  const target = portPart(mapped, targetStart, spec.length);
  if (n === 0) return { target, protocol };
  const publishedStart = n >= 2 ? colons[n - 2] + 1 : 0;
  const publishedText = spec.slice(publishedStart, colons[n - 1]);
  const published = publishedText === '' ? undefined : portPart(mapped, publishedStart, colons[n - 1]);
  if (n === 1) return { target, published, protocol };
  let ipStart = 0;
  let ipEnd = colons[n - 2];
  if (spec[ipStart] === '[' && spec[ipEnd - 1] === ']') {
    ipStart++;
    ipEnd--;
  }
  const hostIp = ipEnd > ipStart ? part(mapped, ipStart, ipEnd) : undefined;
  return { target, published, hostIp, protocol };
}

// ---------------------------------------------------------------- volumes

/** A host path as Compose tells it from a volume name: absolute, relative, home, or a Windows path. */
export function isHostPath(source: string): boolean {
  return /^([./~\\]|\$|[A-Za-z]:[\\/])/.test(source);
}

/** `SOURCE:TARGET[:MODE]` or `TARGET`; a drive letter (`C:\`) is not a separator. */
export function shortVolume(mapped: MappedString, model: Pick<ComposeModel, 'volumes'>): Pick<VolumeMount, 'type' | 'source' | 'target' | 'readOnly' | 'boundDevice'> {
  const trimmed = trimMapped(mapped);
  const text = trimmed.text;
  const separators: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ':') continue;
    const driveLetter = /[A-Za-z]/.test(text[i - 1] ?? '') && (i === 1 || text[i - 2] === ':') && /[\\/]/.test(text[i + 1] ?? '');
    if (!driveLetter) separators.push(i);
  }
  if (separators.length === 0) return { type: 'volume', target: part(trimmed, 0, text.length), readOnly: false };
  const source = part(trimmed, 0, separators[0]);
  const targetEnd = separators[1] ?? text.length;
  const target = part(trimmed, separators[0] + 1, targetEnd);
  const mode = separators.length > 1 ? text.slice(separators[1] + 1).split(',') : [];
  const bind = isHostPath(source.text);
  const named = bind ? undefined : model.volumes.get(source.text);
  return { type: bind ? 'bind' : 'volume', source, target, readOnly: mode.includes('ro'), boundDevice: named?.bind ? named.device : undefined };
}

// ---------------------------------------------------------------- extends

/**
 * How many items (ports, volumes, variables) the services of one file may inherit through
 * `extends`, all together. A chain of services each adding an item makes the last inherit
 * every earlier one: the total grows with the square of the chain (614 KB: out of memory;
 * issue 16 item 4). Past the budget the file gets analysis-limit.
 */
export const maxInheritedItems = 100_000;

/**
 * Items a service inherits from the service it extends (same file), marked as inherited.
 * An item already marked is shared as it is, not copied again at every level; the first
 * service past the budget, if any, is returned.
 */
function applyExtends(services: ComposeService[]): { service: string; span: Span } | undefined {
  const byName = new Map(services.map((service) => [service.name, service]));
  const resolved = new Set<string>();
  let budget = maxInheritedItems;
  let limit: { service: string; span: Span } | undefined;
  const inheritFrom = (service: ComposeService, base: ComposeService) => {
    const inheritedCount = base.volumes.length + base.ports.length + base.environment.length + base.envFiles.length;
    if (limit || inheritedCount > budget) {
      limit ??= { service: service.name, span: service.nameSpan };
      return;
    }
    budget -= inheritedCount;
    const inherit = <T extends Located>(items: T[]) => items.map((item) => (item.inherited ? item : { ...item, inherited: base.name }));
    service.image ??= base.image;
    service.command ??= base.command;
    service.entrypoint ??= base.entrypoint;
    service.privileged ??= base.privileged;
    service.networkMode ??= base.networkMode;
    service.pid ??= base.pid;
    service.ipc ??= base.ipc;
    service.usernsMode ??= base.usernsMode;
    const ownTargets = new Set(service.volumes.map((volume) => volume.target?.text));
    service.volumes = [...inherit(base.volumes.filter((volume) => !ownTargets.has(volume.target?.text))), ...service.volumes];
    service.ports = [...inherit(base.ports), ...service.ports];
    const ownNames = new Set(service.environment.map((variable) => variable.name));
    service.environment = [...inherit(base.environment.filter((variable) => !ownNames.has(variable.name))), ...service.environment];
    service.envFiles = [...base.envFiles, ...service.envFiles];
  };
  // The services from `start` up its `extends` chain that still inherit, nearest first, each
  // with its base: a loop, not a recursion per level, which a long chain would overflow.
  const chainOf = (start: ComposeService) => {
    const chain: { service: ComposeService; base: ComposeService }[] = [];
    const onChain = new Set<string>();
    for (let service: ComposeService | undefined = start; service && !resolved.has(service.name) && service.extendsService; ) {
      onChain.add(service.name);
      const base = byName.get(service.extendsService);
      if (!base || onChain.has(base.name)) break;
      chain.push({ service, base });
      service = base;
    }
    return chain;
  };
  for (const start of services) {
    const chain = chainOf(start);
    for (let i = chain.length - 1; i >= 0; i--) {
      resolved.add(chain[i].service.name);
      inheritFrom(chain[i].service, chain[i].base);
    }
  }
  return limit;
}
