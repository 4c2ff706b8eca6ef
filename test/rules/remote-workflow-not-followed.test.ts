import { ruleTester } from '../helpers/rule-tester';

const workflow = '.github/workflows/ci.yml';
const called = '.github/workflows/build.yml';
const calledWorkflow = 'on:\n  workflow_call:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker info\n';

ruleTester('remote-workflow-not-followed', {
  valid: [
    {
      name: 'a reusable workflow of this repository: it is a workflow file of its own, linted as one',
      files: { [workflow]: 'on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    with:\n      image: docker:dind\n', [called]: calledWorkflow },
    },
    {
      name: 'a step that uses an action of another repository is not a reusable workflow',
      files: { [workflow]: 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n' },
    },
  ],
  invalid: [
    {
      name: 'a reusable workflow of another repository',
      files: { [workflow]: 'on: push\njobs:\n  deploy:\n    uses: octo-org/ci/.github/workflows/deploy.yml@v1\n    secrets: inherit\n' },
      errors: [
        {
          line: 4,
          column: 11,
          severity: 'info',
          message:
            'Job "deploy" runs the reusable workflow octo-org/ci/.github/workflows/deploy.yml@v1 of another repository: dockerd-lint does not fetch it, so the containers its jobs start are not checked.',
        },
      ],
      output: null,
    },
  ],
});
