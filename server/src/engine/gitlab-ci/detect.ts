// Which YAML files are GitLab CI pipelines: `.gitlab-ci.yml` and `*.gitlab-ci.yml` by name;
// another YAML file (one a pipeline includes) by content: a top-level `stages:`/`workflow:`,
// or a top-level entry that is a job (a map with `script`, `extends` or `stage`). Compose
// services, Kubernetes objects and workflow files have none of these at the top level.

import { parseYamlDocuments } from '../compose/yaml-reader';
import { deref } from '../compose/yaml-tree';

/** How far into a YAML file of another name the content check looks. */
const sniffLength = 64 * 1024;

const jobKeys = new Set(['script', 'extends', 'stage', 'trigger']);

export function detectGitlabCi(path: string, text: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === '.gitlab-ci.yml' || name === '.gitlab-ci.yaml' || name.endsWith('.gitlab-ci.yml') || name.endsWith('.gitlab-ci.yaml')) return true;
  if (!name.endsWith('.yml') && !name.endsWith('.yaml')) return false;
  const head = text.slice(0, sniffLength);
  // Parsed only when a line looks like a pipeline key, so other YAML files cost a scan.
  if (!/^(?:stages|workflow)[ \t]*:|^[ \t]+(?:script|extends|stage|trigger)[ \t]*:/m.test(head)) return false;
  const [document] = parseYamlDocuments(head);
  const top = deref(document?.root).node;
  if (top?.type !== 'map') return false;
  return top.entries.some((entry) => {
    if (entry.key === 'stages' || entry.key === 'workflow') return true;
    const value = deref(entry.value).node;
    return value?.type === 'map' && value.entries.some((inner) => jobKeys.has(inner.key));
  });
}
