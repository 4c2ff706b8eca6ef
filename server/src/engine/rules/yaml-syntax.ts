import type { FileRule } from './types';

export const yamlSyntax: FileRule<'compose'> = {
  meta: {
    id: 'yaml-syntax',
    severity: 'error',
    title: 'Compose file is not valid YAML',
    summary: 'Docker Compose refuses a file with a YAML error (a bad indentation, an unclosed quote, a duplicate key); the parts that parse are still checked.',
    howToFix: 'Correct the YAML at the reported place; duplicate keys must be merged into one.',
    preset: 'recommended',
    fixable: false,
    about: 'syntax',
    kinds: ['compose'],
  },
  scope: 'file',
  check(file, context) {
    for (const error of file.containers?.syntaxErrors ?? []) {
      const start = Math.min(error.span.start, Math.max(0, file.text.length - 1));
      const span = error.span.end > start ? { start, end: error.span.end } : { start, end: Math.min(file.text.length, start + 1) };
      context.report({ span, message: `YAML error: ${error.message.replace(/ at line \d+, column \d+:?$/, '')}. Docker Compose refuses the file.` });
    }
  },
};
