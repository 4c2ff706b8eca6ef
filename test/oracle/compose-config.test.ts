// Oracle: Debian's docker-compose (1.29) validates a Compose file with `docker-compose config`
// against the Compose schema and checks that every named volume and network a service uses
// is declared (volumes only: an undeclared network fails at `up`, so the engine's
// undeclaredNames checks both). examples/good must pass both and connect every client with
// verified TLS.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { undeclaredNames } from '../../server/src/engine/compose/declarations';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fileOfKind } from '../../server/src/engine/document';
import { connectivityOfFiles, parseFile } from '../../server/src/engine/lint';
import { composeConfig, composeConfigSkipReason } from './compose-config';

const goodPath = resolve(__dirname, '../../examples/good/ci/compose.yaml');

describe('docker-compose config (oracle)', { skip: composeConfigSkipReason }, () => {
  it('the oracle refuses a named volume that is not declared (it can fail)', () => {
    const result = composeConfig('services:\n  a:\n    image: alpine\n    volumes:\n      - certs:/certs\n');
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /certs/);
  });
  it('examples/good/ci/compose.yaml is a valid Compose file', () => {
    const result = composeConfig(readFileSync(goodPath, 'utf8'));
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('examples/good connects', () => {
  it('declares every named volume and network its services use', () => {
    const file = fileOfKind(parseFile({ uri: 'file:///examples/good/ci/compose.yaml', text: readFileSync(goodPath, 'utf8') }), 'compose')!;
    assert.deepEqual(file.compose.models.flatMap(undeclaredNames), []);
    const undeclared = fileOfKind(parseFile({ uri: 'file:///c/compose.yaml', text: 'services:\n  a:\n    image: alpine\n    networks: [ci]\n    volumes: [certs:/c, ./x:/x]\n' }), 'compose')!;
    assert.deepEqual(undeclared.compose.models.flatMap(undeclaredNames).map((missing) => `${missing.kind} ${missing.name}`), ['network ci', 'volume certs']);
  });
  it('every client of a dind reaches it with verified TLS on a name its certificate carries', () => {
    const { connectivity: model } = connectivityOfFiles([{ uri: 'file:///examples/good/ci/compose.yaml', text: readFileSync(goodPath, 'utf8') }], defaultLintOptions());
    const edges = model.scopes.flatMap((scope) => scope.edges).filter((edge) => edge.daemon?.kind === 'dockerd');
    assert.ok(edges.length > 0, 'examples/good has a client of its dind');
    for (const edge of edges) {
      assert.equal(edge.verdict, 'connects', `${edge.client.name}: ${edge.reason}`);
      assert.equal(edge.listener?.tls, 'tls-verify');
      assert.equal(edge.client.settings?.verify, true);
      assert.equal(edge.nameInCertificate, true);
    }
  });
});
