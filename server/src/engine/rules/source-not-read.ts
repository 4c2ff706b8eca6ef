import { type ContainerKind, containerKinds } from '../types';
import type { FileRule } from './types';

export const sourceNotRead: FileRule<ContainerKind> = {
  meta: {
    id: 'source-not-read',
    severity: 'info',
    title: 'Part of the pipeline not read',
    summary:
      'A file the pipeline pulls in from elsewhere is not read: a GitLab CI include from a URL, another project, a template or a component (or a local one that is missing, a glob, or outside the repository), a reusable GitHub workflow of another repository. The jobs, containers and variables it adds are not checked, so a clean result does not cover them.',
    howToFix:
      'Lint what the pipeline really runs: for GitLab CI, the full configuration its pipeline editor shows, saved as a .gitlab-ci.yml; for a reusable workflow, the workflow in its own repository. Raise this rule to error where every part must have been checked.',
    preset: 'recommended',
    fixable: false,
    about: 'coverage',
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const source of file.unread ?? []) {
      const named = source.via ? ` (named in ${source.via})` : '';
      context.report({
        span: source.span,
        message: `The ${source.what}${named} is not read: ${source.why}. ${source.unchecked}`,
      });
    }
  },
};
