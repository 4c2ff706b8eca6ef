import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };

ruleTester('no-new-privileges-missing', {
  valid: [
    {
      ...strict,
      name: "GitLab CI: a pipeline cannot set it (the runner's config.toml does)",
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: docker info\n' },
    },
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  app:\n    image: alpine\n' } },
    {
      ...strict,
      name: 'set true, in each form the engine reads',
      files: {
        [compose]:
          'services:\n  a:\n    image: x\n    security_opt: [no-new-privileges:true]\n  b:\n    image: x\n    security_opt:\n      - no-new-privileges=true\n  c:\n    image: x\n    security_opt: ["no-new-privileges"]\n',
      },
    },
    { ...strict, name: 'inherited through extends', files: { [compose]: 'services:\n  base:\n    image: x\n    security_opt: [no-new-privileges:true]\n  app:\n    extends: base\n' } },
    { ...strict, name: 'dind needs escalation to run dockerd', files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n' } },
  ],
  invalid: [
    {
      ...strict,
      name: 'missing: the fix adds security_opt after the last entry',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    restart: always\n' },
      errors: [{ line: 2, column: 3, severity: 'info', message: 'setuid' }],
      output: { [compose]: 'services:\n  app:\n    image: alpine\n    restart: always\n    security_opt: [no-new-privileges:true]\n' },
    },
    {
      ...strict,
      name: 'a security_opt list without it: the fix adds an item in its style',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    security_opt:\n      - "apparmor:docker-default"\n' },
      errors: [{ line: 2 }],
      output: { [compose]: 'services:\n  app:\n    image: alpine\n    security_opt:\n      - "apparmor:docker-default"\n      - "no-new-privileges:true"\n' },
    },
    {
      ...strict,
      name: 'set false: the fix sets it true',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    security_opt: [no-new-privileges:false]\n' },
      errors: [{ line: 4, column: 20, message: 'Set it to true' }],
      output: { [compose]: 'services:\n  app:\n    image: alpine\n    security_opt: [no-new-privileges:true]\n' },
    },
    {
      ...strict,
      name: 'a service from an anchor gets no fix (it would change every user of the anchor)',
      files: { [compose]: 'x-base: &base\n  image: alpine\nservices:\n  app: *base\n' },
      errors: [{ line: 4 }],
      output: null,
    },
  ],
});
