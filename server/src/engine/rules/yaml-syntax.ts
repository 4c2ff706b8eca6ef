import type { ContainerKind } from '../types';
import type { FileRule } from './types';

/** The container kinds written in YAML (config.toml is TOML: its errors are `analysis-limit`). */
type YamlKind = Exclude<ContainerKind, 'gitlab-runner'>;

/** Who refuses a file with a YAML error, and what it refuses, on each YAML surface. */
const refusal: Record<YamlKind, string> = {
  compose: 'Docker Compose refuses the file',
  'gitlab-ci': 'GitLab refuses the pipeline',
  'github-actions': 'GitHub refuses the workflow',
  kubernetes: 'kubectl refuses the manifest',
};

export const yamlSyntax: FileRule<YamlKind> = {
  meta: {
    id: 'yaml-syntax',
    severity: 'error',
    title: 'File is not valid YAML',
    summary: 'Docker Compose, GitLab, GitHub and kubectl refuse a file with a YAML error (a bad indentation, an unclosed quote, a duplicate key); the parts that parse are still checked.',
    howToFix: 'Correct the YAML at the reported place; duplicate keys must be merged into one.',
    preset: 'recommended',
    fixable: false,
    about: 'syntax',
    kinds: ['compose', 'gitlab-ci', 'github-actions', 'kubernetes'],
  },
  scope: 'file',
  check(file, context) {
    for (const error of file.containers?.syntaxErrors ?? []) {
      const start = Math.min(error.span.start, Math.max(0, file.text.length - 1));
      const span = error.span.end > start ? { start, end: error.span.end } : { start, end: Math.min(file.text.length, start + 1) };
      context.report({ span, message: `YAML error: ${error.message.replace(/ at line \d+, column \d+:?$/, '')}. ${refusal[file.kind]}.` });
    }
  },
};
