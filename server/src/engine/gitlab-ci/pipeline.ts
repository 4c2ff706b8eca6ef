// A `.gitlab-ci.yml` as GitLab composes it before running: `!reference` tags replaced by the
// section they name, each job's `extends:` deep-merged (hashes merge key by key, anything else
// is replaced, a later parent overrides an earlier one, the job overrides them all), and what
// `default:` (or the older top-level keywords) gives a job that sets none itself. The merged
// maps are views whose entries are the written ones, so every value keeps its span.

import type { Span } from '../types';
import { maxInheritedItems } from '../compose/model-reader';
import { type AliasUse, type MapEntry, type MapNode, type SeqNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';

/** Top-level keys that are not jobs (GitLab's global keywords). */
const globalKeywords = new Set(['default', 'include', 'stages', 'types', 'variables', 'workflow', 'spec', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** How deep GitLab follows `extends` (its documented limit) and nested `!reference` tags. */
const maxExtendsDepth = 11;
const maxReferenceDepth = 10;

export interface Resolved<N extends TreeNode = TreeNode> {
  node: N;
  via?: AliasUse;
}

export interface PipelineJob {
  name: string;
  keySpan: Span;
  /** The job after `extends` and `!reference`. */
  node: MapNode;
}

export interface Pipeline {
  top: MapNode;
  jobs: PipelineJob[];
  /** `default:` (or the top-level image/services of older pipelines). */
  defaults: MapNode | undefined;
  /** The first job whose inheritance went past the budget: nothing is read then. */
  inheritanceLimit?: { job: string; span: Span };
}

/** A flow sequence written with the `!reference` tag (the tree keeps no custom tags: the source before the node says it). */
function isReference(text: string, node: TreeNode): node is SeqNode {
  if (node.type !== 'seq') return false;
  return text
    .slice(Math.max(0, node.span.start - 32), node.span.start)
    .trimEnd()
    .endsWith('!reference');
}

/** A job an `extends:` or a `!reference` names that none of the files read defines. */
export interface MissingJob {
  /** `Job "build" extends ".docker"`, `!reference [.setup, script] names ".setup"`. */
  said: string;
  node: TreeNode;
}

export class PipelineReader {
  private readonly mergedJobs = new Map<string, MapNode | undefined>();
  /** What the pipeline names and does not define, in reading order (an include not read may hold it). */
  readonly missing: MissingJob[] = [];
  private readonly resolving = new Set<string>();
  private budget = maxInheritedItems;

  readonly top: MapNode;

  /** `tops`: the included files' top-level maps, then the file's own; `textOf` the text a node was read from. */
  constructor(
    tops: readonly MapNode[],
    private readonly textOf: (node: TreeNode) => string,
  ) {
    this.top = tops.reduce((base, over) => this.merge(base, over));
  }

  /** `node` with aliases followed and a `!reference [job, key, ...]` replaced by what it names. */
  resolve(node: TreeNode | undefined, via?: AliasUse, depth = 0): Resolved | undefined {
    const target = deref(node, via);
    if (!target.node) return undefined;
    if (target.node.type !== 'seq' || !isReference(this.textOf(target.node), target.node)) return target as Resolved;
    if (depth >= maxReferenceDepth) return undefined;
    const path = target.node.items.map((item) => deref(item).node).map((item) => (item?.type === 'scalar' ? String(item.value) : undefined));
    let current: Resolved | undefined = { node: this.top };
    for (const key of path) {
      if (key === undefined || current?.node.type !== 'map') return undefined;
      const entry: MapEntry | undefined = entryOf(current.node, key);
      if (!entry && current.node === this.top) this.missing.push({ said: `!reference [${path.join(', ')}] names "${key}"`, node: target.node });
      current = entry && this.resolve(entry.value, entry.via ?? current.via, depth + 1);
    }
    return current;
  }

  map(node: TreeNode | undefined, via?: AliasUse): Resolved<MapNode> | undefined {
    const resolved = this.resolve(node, via);
    return resolved?.node.type === 'map' ? (resolved as Resolved<MapNode>) : undefined;
  }

  /** The value of `key` in `map`, resolved. */
  at(map: MapNode | undefined, key: string): Resolved | undefined {
    const entry = map && entryOf(map, key);
    return entry && this.resolve(entry.value, entry.via);
  }

  /** GitLab's deep merge: hashes key by key, the later side winning for anything else. */
  merge(base: MapNode, over: MapNode): MapNode {
    const entries = [...base.entries];
    const index = new Map(entries.map((entry, position) => [entry.key, position]));
    this.budget -= base.entries.length + over.entries.length;
    for (const entry of over.entries) {
      const position = index.get(entry.key);
      if (position === undefined) {
        index.set(entry.key, entries.length);
        entries.push(entry);
        continue;
      }
      const under = this.map(entries[position].value, entries[position].via);
      const above = this.map(entry.value, entry.via);
      entries[position] = under && above && this.budget > 0 ? { ...entry, value: this.merge(under.node, above.node), via: undefined } : entry;
    }
    return { type: 'map', entries, flow: over.flow, span: over.span };
  }

  /** The hidden or visible job `name` after its `extends`, or undefined (absent, not a map, a cycle, too deep). */
  job(name: string, depth = 0): MapNode | undefined {
    if (this.mergedJobs.has(name)) return this.mergedJobs.get(name);
    if (this.resolving.has(name) || depth > maxExtendsDepth) return undefined;
    const own = this.map(entryOf(this.top, name)?.value);
    if (!own) return undefined;
    this.resolving.add(name);
    let merged: MapNode | undefined;
    for (const parent of this.extendsOf(own.node)) {
      const base = this.job(parent.name, depth + 1);
      if (base) merged = merged ? this.merge(merged, base) : base;
      else if (!entryOf(this.top, parent.name)) this.missing.push({ said: `Job "${name}" extends "${parent.name}"`, node: parent.node });
    }
    this.resolving.delete(name);
    const result = merged ? this.merge(merged, own.node) : own.node;
    this.mergedJobs.set(name, result);
    return result;
  }

  private extendsOf(job: MapNode): { name: string; node: TreeNode }[] {
    const value = this.resolve(entryOf(job, 'extends')?.value);
    const items = value?.node.type === 'seq' ? value.node.items : value ? [value.node] : [];
    return items.flatMap((item) => {
      const name = deref(item).node;
      return name?.type === 'scalar' && typeof name.value === 'string' ? [{ name: name.value, node: name }] : [];
    });
  }

  get exhausted(): boolean {
    return this.budget <= 0;
  }
}

export function readPipeline(tops: readonly MapNode[], textOf: (node: TreeNode) => string): { pipeline: Pipeline; reader: PipelineReader } {
  const reader = new PipelineReader(tops, textOf);
  const top = reader.top;
  const jobs: PipelineJob[] = [];
  let inheritanceLimit: Pipeline['inheritanceLimit'];
  for (const entry of top.entries) {
    if (globalKeywords.has(entry.key) || entry.key.startsWith('.')) continue;
    const node = reader.job(entry.key);
    if (reader.exhausted) {
      inheritanceLimit = { job: entry.key, span: entry.keySpan };
      break;
    }
    if (node) jobs.push({ name: entry.key, keySpan: entry.keySpan, node });
  }
  const defaults = reader.map(entryOf(top, 'default')?.value)?.node;
  return { pipeline: { top, jobs, defaults, inheritanceLimit }, reader };
}
