import { fileKinds } from '../types';
import type { LimitRule } from './types';

export const analysisLimit: LimitRule = {
  meta: {
    id: 'analysis-limit',
    severity: 'error',
    title: 'File too large or too deep to analyse',
    summary: 'dockerd-lint stops analysing a file that is too large or too deeply nested, so that the editor stays responsive; such a file was not checked, and the CLI exits with status 3.',
    howToFix: 'Split the file, or check it with the CLI where the limit matters less.',
    preset: 'recommended',
    fixable: false,
    about: 'coverage',
    kinds: [...fileKinds],
  },
  scope: 'limit',
  check(file, context) {
    if (file.limit) context.report({ span: file.limit.span, message: `${file.limit.message} It was not checked.` });
  },
};
