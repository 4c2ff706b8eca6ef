// `include:` of a pipeline, the local files only (`include: 'path'`, `- local: path`): GitLab
// deep-merges the included files' top-level keys under the including file's, which wins. Paths
// are from the repository root, taken as the folder of the `.gitlab-ci.yml` being read; a path
// that leaves it, a glob, or a remote/project/template/component include is not read: each is
// listed with why, at the include entry of the file being read that leads to it, so the
// source-not-read rule says which part of the pipeline went unchecked.
// Every node of an included file is remembered with its file, so values keep where they were
// written and `!reference` tags are told in their own text.

import { resolveIn } from '../compose/project';
import { readYaml } from '../compose/yaml-reader';
import { type MapNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';
import type { UnreadInput } from '../document';
import type { Span } from '../types';

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
  unread: UnreadInput[];
}

/** What an include not read leaves unchecked, and how to check it. */
const unchecked = 'The jobs, services and variables it adds to the pipeline are not checked; to check them, lint the merged pipeline GitLab shows in its pipeline editor (full configuration).';

/** Why each kind of include GitLab fetches from elsewhere is not read here. */
const elsewhere: Record<string, string> = {
  remote: 'GitLab fetches it over HTTP when the pipeline is created',
  project: 'GitLab takes it from another project of its instance',
  template: 'GitLab takes it from its own instance',
  component: 'GitLab takes it from a CI/CD catalog project of its instance',
};

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

/** The scalars a value holds: itself, or the items of a list. */
function scalarTexts(value: TreeNode | undefined): string[] {
  const node = deref(value).node;
  const items = node?.type === 'seq' ? node.items : node ? [node] : [];
  return items.flatMap((item) => {
    const scalar = deref(item).node;
    return scalar?.type === 'scalar' && scalar.value !== null ? [String(scalar.value)] : [];
  });
}

/** The local paths an `include:` value names, and what it names that is not a local file; each with its entry's span. */
function includePaths(value: TreeNode | undefined): { paths: { path: string; span: Span }[]; other: { what: string; why: string; span: Span }[] } {
  const node = deref(value).node;
  const items = node?.type === 'seq' ? node.items : node ? [node] : [];
  const paths: { path: string; span: Span }[] = [];
  const other: { what: string; why: string; span: Span }[] = [];
  for (const item of items) {
    const target = deref(item).node;
    if (!target) continue;
    const span = target.span;
    if (target.type === 'scalar' && typeof target.value === 'string') {
      // A string include is a remote one when it is a URL (GitLab's short form), else a local path.
      if (target.value.includes('://')) other.push({ what: `remote "${target.value}"`, why: elsewhere.remote, span });
      else paths.push({ path: target.value, span });
    } else if (target.type === 'map') {
      const [local] = scalarTexts(entryOf(target, 'local')?.value);
      if (local !== undefined) {
        paths.push({ path: local, span });
        continue;
      }
      const key = Object.keys(elsewhere).find((name) => entryOf(target, name));
      if (!key) {
        other.push({ what: target.entries.map((entry) => entry.key).join('/'), why: 'dockerd-lint does not know this form of include', span });
        continue;
      }
      const files = key === 'project' ? scalarTexts(entryOf(target, 'file')?.value) : [];
      const named = files.length > 0 ? ` file${files.length > 1 ? 's' : ''} ${files.map((file) => `"${file}"`).join(', ')}` : '';
      other.push({ what: `${key} "${scalarTexts(entryOf(target, key)?.value)[0] ?? ''}"${named}`, why: elsewhere[key], span });
    }
  }
  return { paths, other };
}

export function readIncludes(main: PipelineSource, top: MapNode, read: ReadIncluded | undefined, flowLimit: number): Included {
  const sourceOf = new WeakMap<TreeNode, PipelineSource>();
  const tops: MapNode[] = [];
  const unread: UnreadInput[] = [];
  const root = main.uri.slice(0, main.uri.lastIndexOf('/') + 1);
  const seen = new Set<string>([main.uri]);
  /** `leadingTo`: for an included file, the entry of the file being read that leads to it, and the file's path. */
  const visit = (map: MapNode, depth: number, leadingTo?: { span: Span; path: string }): void => {
    const { paths, other } = includePaths(entryOf(map, 'include')?.value);
    const skip = (what: string, why: string, span: Span) => unread.push({ what: `include ${what}`, why, unchecked, span: leadingTo?.span ?? span, ...(leadingTo ? { via: leadingTo.path } : {}) });
    for (const { what, why, span } of other) skip(what, why, span);
    for (const { path, span } of paths) {
      const local = `local "${path}"`;
      if (path.includes('*')) {
        skip(local, 'dockerd-lint does not expand include globs', span);
        continue;
      }
      const uri = resolveIn(root, path.replace(/^\/+/, ''));
      if (!uri?.startsWith(root)) {
        skip(local, 'it leaves the repository', span);
        continue;
      }
      if (seen.has(uri) || seen.size > maxIncludedFiles || depth >= maxIncludeDepth) continue;
      seen.add(uri);
      const text = read?.(uri);
      if (text === undefined) {
        skip(local, 'no such file in the repository', span);
        continue;
      }
      const parsed = readYaml(text, flowLimit);
      const included = 'documents' in parsed ? deref(parsed.documents[0]?.root).node : undefined;
      if (included?.type !== 'map') {
        skip(local, 'it is not a YAML mapping of pipeline keys', span);
        continue;
      }
      remember(included, { uri, text }, sourceOf);
      // An included file's own includes merge before it.
      visit(included, depth + 1, { span: leadingTo?.span ?? span, path });
      tops.push(included);
    }
  };
  visit(top, 0);
  return { tops, sourceOf, unread };
}
