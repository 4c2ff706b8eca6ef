import type { FileRule } from './types';

export const includeNotFollowed: FileRule<'gitlab-ci'> = {
  meta: {
    id: 'include-not-followed',
    severity: 'info',
    title: 'Pipeline include not read',
    summary:
      'A remote, project, template or component include (or a local one that is missing, a glob, or outside the repository) is not read: the jobs, services and variables it adds to the pipeline are not checked, so a clean result does not cover them.',
    howToFix:
      'Check the merged pipeline: save the full configuration GitLab shows in its pipeline editor as a .gitlab-ci.yml file and lint that, or raise this rule to error where every include must be checked.',
    preset: 'recommended',
    fixable: false,
    about: 'coverage',
    kinds: ['gitlab-ci'],
  },
  scope: 'file',
  check(file, context) {
    for (const include of file.unread ?? []) {
      const named = include.via ? ` (named in ${include.via})` : '';
      context.report({
        span: include.span,
        message: `The include ${include.what}${named} is not read: ${include.why}. The jobs, services and variables it adds to the pipeline are not checked; to check them, lint the merged pipeline GitLab shows in its pipeline editor (full configuration).`,
      });
    }
  },
};
