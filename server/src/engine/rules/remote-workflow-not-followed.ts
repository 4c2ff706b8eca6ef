import { placeOf } from '../compose/report';
import type { FileRule } from './types';

export const remoteWorkflowNotFollowed: FileRule<'github-actions'> = {
  meta: {
    id: 'remote-workflow-not-followed',
    severity: 'info',
    title: 'Reusable workflow of another repository not checked',
    summary:
      "A job that calls a reusable workflow of another repository (OWNER/REPO/.github/workflows/FILE@REF) runs that workflow's jobs, which dockerd-lint cannot read offline: the containers they start are not checked.",
    howToFix: 'Lint the called workflow in its own repository, or raise this rule to error where every container a pipeline starts must have been checked.',
    preset: 'recommended',
    fixable: false,
    about: 'coverage',
    kinds: ['github-actions'],
  },
  scope: 'file',
  check(file, context) {
    for (const model of file.containers.models) {
      if (!model.notFollowed) continue;
      const { runner, file: called } = model.notFollowed;
      context.report({
        ...placeOf(file.uri, called),
        message: `${runner[0].toUpperCase()}${runner.slice(1)} runs the reusable workflow ${called.text} of another repository: dockerd-lint does not fetch it, so the containers its jobs start are not checked.`,
      });
    }
  },
};
