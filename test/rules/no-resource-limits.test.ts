import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };

ruleTester('no-resource-limits', {
  valid: [
    {
      ...strict,
      name: "GitLab CI: a pipeline cannot set it (the runner's config.toml does)",
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: docker info\n' },
    },
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  app:\n    image: alpine\n' } },
    { ...strict, name: 'mem_limit and pids_limit', files: { [compose]: 'services:\n  app:\n    image: x\n    mem_limit: 512m\n    pids_limit: 200\n' } },
    {
      ...strict,
      name: 'deploy.resources.limits',
      files: { [compose]: 'services:\n  app:\n    image: x\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n          pids: 200\n' },
    },
    { ...strict, name: 'inherited through extends', files: { [compose]: 'services:\n  base:\n    image: x\n    mem_limit: 1g\n    pids_limit: 100\n  app:\n    extends: base\n' } },
  ],
  invalid: [
    {
      ...strict,
      name: 'neither: one finding naming both, with the denial-of-service reasoning',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n' },
      errors: [{ line: 2, column: 3, severity: 'info', message: 'has no memory limit (mem_limit) and no PIDs limit (pids_limit): one runaway or hostile process' }],
      output: null,
    },
    {
      ...strict,
      name: 'memory but no PIDs limit (a fork bomb)',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    mem_limit: 256m\n' },
      errors: [{ line: 2, message: /has no PIDs limit \(pids_limit\): .*denial of service/ }],
      output: null,
    },
  ],
});
