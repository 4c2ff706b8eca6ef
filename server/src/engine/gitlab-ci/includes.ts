// `include:` of a pipeline, the local files only (`include: 'path'`, `- local: path`): GitLab
// deep-merges the included files' top-level keys under the including file's, which wins. Paths
// are from the repository root, taken as the folder of the `.gitlab-ci.yml` being read; a path
// that leaves it, a glob, or a remote/project/template include is not read (and said so).
// Every node of an included file is remembered with its file, so values keep where they were
// written and `!reference` tags are told in their own text.

import { resolveIn } from '../compose/project';
import { readYaml } from '../compose/yaml-reader';
import { type MapNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';

/** GitLab's limits: at most 150 included files, nested at most 100 deep. */
const maxIncludedFiles = 150;
const maxIncludeDepth = 100;

export type ReadIncluded = (uri: string) => string | undefined;

export interface PipelineSource {
  uri: string;
  text: string;
}

export interface Included {
  /** The included files' top-level maps, in the order GitLab merges them (the including file's map goes last). */
  tops: MapNode[];
  /** The file a node comes from, for nodes of included files. */
  sourceOf: WeakMap<TreeNode, PipelineSource>;
  /** Includes that were not read, with why. */
  unread: string[];
}

function remember(node: TreeNode | undefined, source: PipelineSource, sourceOf: WeakMap<TreeNode, PipelineSource>): void {
  // Iterative: an included file may nest as deep as the flow limit allows.
  const stack: TreeNode[] = node ? [node] : [];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (sourceOf.has(current)) continue;
    sourceOf.set(current, source);
    if (current.type === 'map') for (const entry of current.entries) stack.push(entry.value);
    else if (current.type === 'seq') stack.push(...current.items);
  }
}

/** The local paths an `include:` value names, and what it names that is not a local file. */
function includePaths(value: TreeNode | undefined): { paths: string[]; other: string[] } {
  const node = deref(value).node;
  const items = node?.type === 'seq' ? node.items : node ? [node] : [];
  const paths: string[] = [];
  const other: string[] = [];
  for (const item of items) {
    const target = deref(item).node;
    if (target?.type === 'scalar' && typeof target.value === 'string') {
      if (target.value.includes('://')) other.push(`remote ${target.value}`);
      else paths.push(target.value);
    } else if (target?.type === 'map') {
      const local = deref(entryOf(target, 'local')?.value).node;
      if (local?.type === 'scalar' && typeof local.value === 'string') paths.push(local.value);
      else other.push(target.entries.map((entry) => entry.key).join('/'));
    }
  }
  return { paths, other };
}

export function readIncludes(main: PipelineSource, top: MapNode, read: ReadIncluded | undefined, flowLimit: number): Included {
  const sourceOf = new WeakMap<TreeNode, PipelineSource>();
  const tops: MapNode[] = [];
  const unread: string[] = [];
  const root = main.uri.slice(0, main.uri.lastIndexOf('/') + 1);
  const seen = new Set<string>([main.uri]);
  const visit = (map: MapNode, depth: number): void => {
    const { paths, other } = includePaths(entryOf(map, 'include')?.value);
    unread.push(...other.map((what) => `the include ${what} (not a local file)`));
    for (const path of paths) {
      if (path.includes('*')) {
        unread.push(`the include ${path} (a glob)`);
        continue;
      }
      const uri = resolveIn(root, path.replace(/^\/+/, ''));
      if (!uri?.startsWith(root)) {
        unread.push(`the include ${path} (outside the repository)`);
        continue;
      }
      if (seen.has(uri) || seen.size > maxIncludedFiles || depth >= maxIncludeDepth) continue;
      seen.add(uri);
      const text = read?.(uri);
      if (text === undefined) {
        unread.push(`the include ${path} (not found)`);
        continue;
      }
      const parsed = readYaml(text, flowLimit);
      const included = 'documents' in parsed ? deref(parsed.documents[0]?.root).node : undefined;
      if (included?.type !== 'map') {
        unread.push(`the include ${path} (not a YAML map)`);
        continue;
      }
      remember(included, { uri, text }, sourceOf);
      // An included file's own includes merge before it.
      visit(included, depth + 1);
      tops.push(included);
    }
  };
  visit(top, 0);
  return { tops, sourceOf, unread };
}
