import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };

ruleTester('writable-root-filesystem', {
  valid: [
    {
      ...strict,
      name: "GitLab CI: a pipeline cannot set it (the runner's config.toml does)",
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: docker info\n' },
    },
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  app:\n    image: alpine\n' } },
    { ...strict, name: 'read_only: true, also as a string Compose casts', files: { [compose]: 'services:\n  a:\n    image: x\n    read_only: true\n  b:\n    image: x\n    read_only: "true"\n' } },
    { ...strict, name: 'inherited through extends', files: { [compose]: 'services:\n  base:\n    image: x\n    read_only: true\n  app:\n    extends: base\n    image: y\n' } },
  ],
  invalid: [
    {
      ...strict,
      name: "not set: at the service; no fix (which paths it writes is the image's business)",
      files: { [compose]: 'services:\n  app:\n    image: alpine\n' },
      errors: [{ line: 2, column: 3, severity: 'info', message: 'read_only: true' }],
      output: null,
    },
    {
      ...strict,
      name: 'read_only: false, at the value',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    read_only: false\n' },
      errors: [{ line: 4, column: 16 }],
      output: null,
    },
  ],
});
