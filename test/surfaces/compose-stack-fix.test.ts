// Remediation per stack: `dockerd-lint --fix` on a copy of the examples must leave a Compose
// stack that works. Turning dind's TLS on moves every client of that dind with it (a name the
// certificate carries, port 2376, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH, the client certificates
// through a declared shared volume), the published port follows, and a re-lint that finds a
// client cut off says so.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { undeclaredNames } from '../../server/src/engine/compose/declarations';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fileOfKind } from '../../server/src/engine/document';
import { connectivityOfFiles } from '../../server/src/engine/lint';
import { composeConfig, composeConfigSkipReason } from '../oracle/compose-config';

const repoRoot = resolve(__dirname, '../..');

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
}

describe('dockerd-lint --fix on a copy of examples/: the Compose stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-stack-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  const fix = cli(['--fix', join(dir, 'examples')]);
  const composePath = join(dir, 'examples/bad/ci/compose.yaml');
  const text = readFileSync(composePath, 'utf8');
  const { connectivity: model, files } = connectivityOfFiles([{ uri: `file://${composePath}`, text }], defaultLintOptions());
  const file = fileOfKind(files.get(`file://${composePath}`), 'compose')!;
  const stack = model.scopes.find((scope) => scope.kind === 'stack')!;

  it('the fix ran', () => assert.match(fix.stderr, /fixed .*compose\.yaml/, fix.stderr));

  it('dind serves TLS and every client of it connects with verified TLS', () => {
    const dind = stack.daemons.find((daemon) => daemon.service?.name === 'dind')!;
    assert.deepEqual(
      dind.listeners.filter((listener) => listener.scheme === 'tcp').map((listener) => `${listener.address} ${listener.tls}`),
      ['tcp://0.0.0.0:2376 tls-verify'],
    );
    const edges = stack.edges.filter((edge) => edge.daemon === dind);
    assert.deepEqual(
      edges.map((edge) => edge.client.name),
      ['runner'],
      text,
    );
    for (const edge of edges) {
      assert.equal(edge.verdict, 'connects', `${edge.client.name}: ${edge.reason}\n${text}`);
      assert.equal(edge.client.settings?.verify, true);
      assert.equal(edge.nameInCertificate, true, text);
    }
  });

  it('a published API port forwards to a listener', () => {
    for (const daemon of stack.daemons) for (const published of daemon.published) assert.ok(published.listener, `port ${published.port} of ${daemon.label} maps to nothing:\n${text}`);
  });

  it('every named volume and network is declared', () => {
    assert.deepEqual(file.containers.models.flatMap(undeclaredNames), [], text);
  });

  it('docker-compose config accepts the result', { skip: composeConfigSkipReason }, () => {
    const result = composeConfig(text);
    assert.equal(result.status, 0, result.stderr);
  });

  it('explain shows every edge of the stack to dind intact, with verified TLS', () => {
    const explained = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli.ts'), 'explain', '--format', 'json', join(dir, 'examples/bad/ci')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(explained.status, 0, explained.stdout);
    const { scopes } = JSON.parse(explained.stdout) as {
      scopes: { edges: { client: string; daemon?: string; verdict: string; nameInCertificate?: boolean }[]; clients: { name: string; tls: string }[] }[];
    };
    const toDind = scopes[0].edges.filter((edge) => edge.daemon === 'Compose service "dind"');
    assert.deepEqual(toDind, [{ ...toDind[0], client: 'runner', verdict: 'connects', nameInCertificate: true }]);
    assert.ok(scopes[0].clients.some((client) => client.name === 'runner' && client.tls === 'tls-verify'));
  });

  it('a second --fix changes nothing in the Compose file', () => {
    cli(['--fix', join(dir, 'examples/bad/ci')]);
    assert.equal(readFileSync(composePath, 'utf8'), text);
  });

  it('the re-lint reports no connectivity problem and nothing fixable left in the Compose file', () => {
    const relint = cli(['--format', 'json', join(dir, 'examples/bad/ci')]);
    const messages = (JSON.parse(relint.stdout) as { messages: { ruleId: string; fix?: unknown; suggestions?: unknown[] }[] }[]).flatMap((entry) => entry.messages);
    assert.deepEqual(
      messages.filter((message) => message.ruleId === 'docker-host-mismatch'),
      [],
    );
    assert.deepEqual(
      messages.filter((message) => ['dind-tls-disabled', 'docker-host-plain-tcp', 'docker-api-port-published'].includes(message.ruleId)).map((message) => message.ruleId),
      [],
    );
  });
});
