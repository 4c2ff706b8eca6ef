import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintCase, ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };

ruleTester('literal-secret-in-environment', {
  valid: [
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: hunter2\n' } },
    {
      ...strict,
      name: 'from a variable, a _FILE variant, empty, from the shell, or not a secret name',
      files: {
        [compose]:
          'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      API_TOKEN: "${TOKEN:?set it}"\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      GITHUB_TOKEN: ""\n      APP_SECRET:\n      MONKEY: banana\n      TOKEN_TTL: "300"\n      USE_TOKEN: "true"\n',
      },
    },
  ],
  invalid: [
    {
      ...strict,
      name: 'map and list forms, *_PASSWORD, *_TOKEN, *_SECRET, *_KEY',
      files: {
        [compose]:
          'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: hunter2\n      api_token: abc123\n  app:\n    image: x\n    environment:\n      - APP_SECRET=s3cr3t\n      - AWS_SECRET_ACCESS_KEY=AKIAXXXX\n      - PASSWORD=pw\n',
      },
      errors: [
        { line: 5, severity: 'warning', message: 'sets POSTGRES_PASSWORD to a literal value' },
        { line: 6, message: 'api_token' },
        { line: 10, column: 9, message: 'APP_SECRET' },
        { line: 11, message: 'AWS_SECRET_ACCESS_KEY' },
        { line: 12, message: 'PASSWORD' },
      ],
      output: null,
    },
  ],
});

it('literal-secret-in-environment never prints the secret', () => {
  const [result] = lintCase({ [compose]: 'services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: hunter2-very-secret\n' }, strict);
  const finding = result.findings.find((f) => f.ruleId === 'literal-secret-in-environment')!;
  assert.ok(finding);
  assert.doesNotMatch(finding.message, /hunter2/);
});
