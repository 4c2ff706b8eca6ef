import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('privileged', {
  valid: [
    { name: 'privileged: false', files: { [compose]: 'services:\n  app:\n    image: x\n    privileged: false\n' } },
    { name: 'a default of false', files: { [compose]: 'services:\n  app:\n    image: x\n    privileged: ${PRIV:-false}\n' } },
  ],
  invalid: [
    { name: 'privileged: true', files: { [compose]: 'services:\n  app:\n    image: x\n    privileged: true\n' }, errors: [{ line: 4, column: 17, severity: 'warning' }] },
    {
      // Issue 19 item 8: dind cannot drop privileged; the message says how to contain it.
      name: 'a dind service needs it: info, with how to contain it',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n' },
      errors: [{ line: 4, severity: 'info', message: /runs dockerd, which needs privileged: true.*docker:dind-rootless.*private network.*publish no Docker API port/ }],
    },
    {
      name: 'a string Compose casts to true, from a default',
      files: { [compose]: 'services:\n  app:\n    image: x\n    privileged: ${PRIV:-true}\n' },
      errors: [{ line: 4, message: 'judged by the default' }],
    },
    {
      name: 'through a merge key, once per user of the anchor',
      files: { [compose]: 'x-priv: &priv\n  privileged: true\nservices:\n  a:\n    image: x\n    <<: *priv\n  b:\n    <<: *priv\n    image: y\n' },
      errors: [
        { line: 6, column: 9 },
        { line: 8, column: 9 },
      ],
    },
    {
      name: 'extends: reported on the base service only',
      files: { [compose]: 'services:\n  base:\n    image: x\n    privileged: true\n  child:\n    extends: base\n' },
      errors: [{ line: 4 }],
    },
  ],
});
