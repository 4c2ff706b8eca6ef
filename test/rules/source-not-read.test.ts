import { ruleTester } from '../helpers/rule-tester';

const workflow = '.github/workflows/ci.yml';
const calledWorkflow = 'on:\n  workflow_call:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker info\n';

ruleTester('source-not-read', {
  valid: [
    { name: 'no include', files: { '.gitlab-ci.yml': 'test:\n  script: npm test\n' } },
    {
      name: 'a reusable workflow of this repository: it is a workflow file of its own, linted as one',
      files: {
        [workflow]: 'on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    with:\n      image: docker:dind\n',
        '.github/workflows/build.yml': calledWorkflow,
      },
    },
    {
      name: 'a step that uses an action of another repository is not a reusable workflow',
      files: { [workflow]: 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n' },
    },
    {
      name: 'a local include that is read',
      files: { '.gitlab-ci.yml': 'include: ci/jobs.yml\ntest:\n  extends: .node\n  script: npm test\n', 'ci/jobs.yml': '.node:\n  image: node:22\n' },
    },
  ],
  invalid: [
    {
      name: 'each form GitLab fetches from elsewhere, at its entry',
      files: {
        '.gitlab-ci.yml': `include:
  - https://example.com/ci.yml
  - remote: https://example.com/docker.yml
  - project: group/templates
    ref: main
    file: [/docker.yml, /lint.yml]
  - template: Jobs/Code-Quality.gitlab-ci.yml
  - component: $CI_SERVER_FQDN/components/sast/sast@2.0
test:
  script: npm test
`,
      },
      errors: [
        { line: 2, column: 5, severity: 'info', message: 'The include remote "https://example.com/ci.yml" is not read: GitLab fetches it over HTTP' },
        { line: 3, column: 5, message: 'The include remote "https://example.com/docker.yml" is not read' },
        { line: 4, column: 5, message: 'The include project "group/templates" files "/docker.yml", "/lint.yml" is not read: GitLab takes it from another project' },
        { line: 7, column: 5, message: 'The include template "Jobs/Code-Quality.gitlab-ci.yml" is not read: GitLab takes it from its own instance' },
        { line: 8, column: 5, message: 'The include component "$CI_SERVER_FQDN/components/sast/sast@2.0" is not read: GitLab takes it from a CI/CD catalog' },
      ],
      output: null,
    },
    {
      name: 'a local include that is missing, a glob, one outside the repository',
      files: { '.gitlab-ci.yml': "include:\n  - local: ci/missing.yml\n  - local: 'ci/*.yml'\n  - ../other/ci.yml\ntest:\n  script: npm test\n" },
      errors: [
        { line: 2, message: 'The include local "ci/missing.yml" is not read: no such file in the repository' },
        { line: 3, message: 'The include local "ci/*.yml" is not read: dockerd-lint does not expand include globs' },
        { line: 4, message: 'The include local "../other/ci.yml" is not read: it leaves the repository' },
      ],
      output: null,
    },
    {
      name: 'an include of an included file: at the entry that leads to it',
      files: {
        '.gitlab-ci.yml': 'include:\n  - local: ci/jobs.yml\ntest:\n  script: npm test\n',
        'ci/jobs.yml': 'include:\n  - template: Docker.gitlab-ci.yml\n.node:\n  image: node:22\n',
      },
      errors: [
        { file: '.gitlab-ci.yml', line: 2, message: 'The include template "Docker.gitlab-ci.yml" (named in ci/jobs.yml) is not read' },
        { file: 'ci/jobs.yml', line: 2, message: 'The include template "Docker.gitlab-ci.yml" is not read' },
      ],
      output: null,
    },
    {
      name: 'a reusable workflow of another repository, at its uses: value',
      files: { [workflow]: 'on: push\njobs:\n  deploy:\n    uses: octo-org/ci/.github/workflows/deploy.yml@v1\n    secrets: inherit\n' },
      errors: [
        {
          line: 4,
          column: 11,
          severity: 'info',
          message:
            'The reusable workflow octo-org/ci/.github/workflows/deploy.yml@v1 that job "deploy" calls is not read: it is in another repository, which GitHub fetches when the workflow runs. The containers its jobs start are not checked; lint it in its own repository.',
        },
      ],
      output: null,
    },
  ],
});
