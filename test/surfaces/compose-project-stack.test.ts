// Connectivity per Compose project, not per file (issue 15, item B): a client defined in
// compose.override.yaml that names a dind of compose.yaml is a client of that dind, so turning
// dind's TLS on moves it too, with edits in both files.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { connectivityOfFiles } from '../../server/src/engine/lint';
import { ruleTester, uriOf } from '../helpers/rule-tester';

const base = 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n';
const override = 'services:\n  builder:\n    image: example/builder:1\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n';

describe('a project of two files is one stack', () => {
  it('the client of the override reaches the dind of the base file', () => {
    const { connectivity } = connectivityOfFiles(
      [
        { uri: uriOf('compose.yaml'), text: base },
        { uri: uriOf('compose.override.yaml'), text: override },
      ],
      defaultLintOptions(),
    );
    const stacks = connectivity.scopes.filter((scope) => scope.kind === 'stack');
    assert.equal(stacks.length, 1, stacks.map((stack) => stack.label).join(', '));
    assert.deepEqual(stacks[0].uris, [uriOf('compose.yaml'), uriOf('compose.override.yaml')]);
    assert.deepEqual(
      stacks[0].edges.map((edge) => `${edge.client.name} -> ${edge.daemon?.label}: ${edge.verdict}`),
      ['builder -> Compose service "dind": connects'],
    );
  });
});

ruleTester('dind-tls-disabled', {
  valid: [],
  invalid: [
    {
      name: 'a project: the fix moves the client of the override file too',
      files: { 'compose.yaml': base, 'compose.override.yaml': override },
      errors: [{ file: 'compose.yaml', line: 6, message: /sets DOCKER_TLS_CERTDIR to empty/ }],
      output: {
        'compose.yaml': 'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n    volumes:\n      - dind-certs:/certs/client\n    privileged: true\n\nvolumes:\n  dind-certs: {}\n',
        'compose.override.yaml':
          'services:\n  builder:\n    image: example/builder:1\n    volumes:\n      - dind-certs:/certs/client:ro\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\n',
      },
    },
  ],
});
