// Which YAML files are GitLab CI pipelines: `.gitlab-ci.yml` and `*.gitlab-ci.yml` by name;
// another YAML file (one a pipeline includes) by content: a top-level `stages:`/`workflow:`,
// a top-level entry that is a job (a map with `script`, `extends` or `stage`), a template (a
// hidden `.name` job), or `variables:` in a file of pipeline keys only. Compose services,
// Kubernetes objects and workflow files have none of these at the top level.

import { parseYamlDocuments } from '../compose/yaml-reader';
import { type TreeNode, deref } from '../compose/yaml-tree';

/** How far into a YAML file of another name the content check looks. */
const sniffLength = 64 * 1024;

const jobKeys = new Set(['script', 'extends', 'stage', 'trigger']);
const templateKeys = new Set([...jobKeys, 'image', 'services', 'variables', 'before_script', 'after_script']);
const globalKeys = new Set(['variables', 'default', 'include', 'stages', 'workflow']);

export function detectGitlabCi(path: string, text: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === '.gitlab-ci.yml' || name === '.gitlab-ci.yaml' || name.endsWith('.gitlab-ci.yml') || name.endsWith('.gitlab-ci.yaml')) return true;
  // Compose's own names stay Compose's, whatever their content.
  if ((!name.endsWith('.yml') && !name.endsWith('.yaml')) || name.startsWith('compose.') || name.startsWith('docker-compose') || name.includes('.compose.')) return false;
  const head = text.slice(0, sniffLength);
  // Parsed only when a line looks like a pipeline key, so other YAML files cost a scan.
  if (!/^(?:stages|workflow|variables|\.[\w-]+)[ \t]*:|^[ \t]+(?:script|extends|stage|trigger)[ \t]*:/m.test(head)) return false;
  const [document] = parseYamlDocuments(head);
  const top = deref(document?.root).node;
  if (top?.type !== 'map') return false;
  const isMapWith = (value: TreeNode | undefined, keys: ReadonlySet<string>) => {
    const node = deref(value).node;
    return node?.type === 'map' && node.entries.some((inner) => keys.has(inner.key));
  };
  // A file a pipeline includes may hold only templates (hidden jobs) and variables.
  const onlyPipelineKeys = top.entries.every((entry) => entry.key.startsWith('.') || globalKeys.has(entry.key));
  return top.entries.some((entry) => {
    if (entry.key === 'stages' || entry.key === 'workflow') return true;
    if (entry.key.startsWith('.')) return isMapWith(entry.value, templateKeys);
    if (entry.key === 'variables') return onlyPipelineKeys && deref(entry.value).node?.type === 'map';
    return isMapWith(entry.value, jobKeys);
  });
}
