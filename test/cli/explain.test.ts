// `dockerd-lint explain`: per machine and per stack, the listeners, the clients and every edge
// with its verdict, as text and JSON; exit 1 when a judged edge does not connect.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { ExplainedScope } from '../../server/src/engine/explain';

const repoRoot = resolve(__dirname, '../..');
/** tsx by path: the command may run in a folder outside the repository. */
const tsx = pathToFileURL(join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

function explain(args: string[], cwd = repoRoot) {
  return spawnSync(process.execPath, ['--import', tsx, join(repoRoot, 'server/src/cli.ts'), 'explain', ...args], { cwd, encoding: 'utf8' });
}

describe('dockerd-lint explain', () => {
  it('text: the examples, per machine and per stack, with every edge and its verdict', () => {
    const result = explain(['examples']);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^machine examples\/good\/etc\/$/m);
    assert.match(result.stdout, /dockerd of machine examples\/good\/etc\/: tcp:\/\/10\.0\.0\.5:2376 \(TLS and client certificates\), set at examples\/good\/etc\/docker\/daemon\.json:2/);
    assert.match(result.stdout, /^stack examples\/good\/ci\/compose\.yaml$/m);
    assert.match(result.stdout, /runner -> Compose service "dind" tcp:\/\/0\.0\.0\.0:2376: connects: TLS verified against "dind", a name in the certificate/);
    assert.match(result.stdout, /runner -> Compose service "dind" tcp:\/\/0\.0\.0\.0:2375: connects: connects over plain HTTP/);
    assert.match(result.stdout, /traefik -> unix:\/\/\/var\/run\/docker\.sock: not judged/);
  });

  it('json: verdicts and the three judgements of each edge; exit 1 for a client that cannot connect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-explain-'));
    try {
      writeFileSync(
        join(dir, 'compose.yaml'),
        'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    ports: ["2375:2375"]\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      );
      const result = explain(['--format', 'json', '.'], dir);
      assert.equal(result.status, 1, result.stderr);
      const { scopes } = JSON.parse(result.stdout) as { scopes: ExplainedScope[] };
      assert.equal(scopes.length, 1);
      const [stack] = scopes;
      assert.equal(stack.label, 'stack compose.yaml');
      assert.deepEqual(
        stack.listeners.map((listener) => `${listener.address} ${listener.tls} ${listener.setIn.join(',')}`),
        ['unix:///var/run/docker.sock none compose.yaml:3', 'tcp://0.0.0.0:2376 tls-verify compose.yaml:3'],
      );
      assert.deepEqual(stack.published, [{ daemon: 'Compose service "dind"', port: 2375, mapping: 'compose.yaml:5' }]);
      assert.deepEqual(
        stack.edges.map(({ client, verdict, reaches }) => ({ client, verdict, reaches })),
        [{ client: 'runner', verdict: 'refused', reaches: false }],
      );
      assert.match(stack.edges[0].reason, /serves nothing on port 2375/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with the explain usage', () => {
    const result = explain(['--format', 'sarif', 'examples']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown format "sarif"/);
    assert.match(result.stderr, /Usage: dockerd-lint explain/);
    assert.equal(explain([]).status, 2);
  });
});
