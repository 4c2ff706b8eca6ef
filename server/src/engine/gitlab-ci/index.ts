// The GitLab CI surface: `.gitlab-ci.yml` and the YAML files a pipeline includes. The
// registry (container-surfaces.ts) checks its shape; importing its type here would be a cycle.

import { detectGitlabCi } from './detect';
import { readGitlabCi } from './read';

export const gitlabCiReader = { detect: detectGitlabCi, read: readGitlabCi };
