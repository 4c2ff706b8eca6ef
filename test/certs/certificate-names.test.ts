// The names a dockerd's certificate carries, read from its `tlscert` file in the tree (issue 15,
// item C): the CLI hands the engine the certificate's DNS and IP subject alternative names, and
// docker-host-mismatch reports a client that verifies TLS against a name the certificate lacks
// (the Docker client then fails with an x509 error). Certificates are made by openssl here.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { hasOpenssl, openssl, temporaryDirectory } from './helpers';

const repoRoot = resolve(__dirname, '../..');
const skip = hasOpenssl() ? false : 'openssl is not installed';

function cli(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server/src/cli.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
}

/** A machine listening on tcp://10.0.0.5:2376 with a certificate for `san`, and a Compose client that verifies 10.0.0.5. */
function project(root: string, san: string): void {
  mkdirSync(join(root, 'etc/docker/certs'), { recursive: true });
  mkdirSync(join(root, 'ci'), { recursive: true });
  const certs = join(root, 'etc/docker/certs');
  const made = openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'server-key.pem',
      '-out',
      'server-cert.pem',
      '-days',
      '1',
      '-subj',
      '/CN=10.0.0.5',
      '-addext',
      `subjectAltName=${san}`,
    ],
    certs,
  );
  assert.equal(made.status, 0, made.stderr);
  writeFileSync(
    join(root, 'etc/docker/daemon.json'),
    JSON.stringify(
      { hosts: ['tcp://10.0.0.5:2376'], tlsverify: true, tlscacert: '/etc/docker/certs/server-cert.pem', tlscert: '/etc/docker/certs/server-cert.pem', tlskey: '/etc/docker/certs/server-key.pem' },
      null,
      2,
    ),
  );
  writeFileSync(
    join(root, 'ci/compose.yaml'),
    'services:\n  deploy:\n    image: example/deploy:1\n    volumes:\n      - ./certs:/certs:ro\n    environment:\n      DOCKER_HOST: tcp://10.0.0.5:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: /certs\n',
  );
}

interface JsonFile {
  filePath: string;
  messages: { ruleId: string; message: string }[];
}

describe('a tlscert in the tree: its names judge the clients that verify it', { skip }, () => {
  const dir = temporaryDirectory('certificate-names');
  after(() => dir.remove());

  it('a client verifying an address the certificate lacks: docker-host-mismatch, naming what it carries', () => {
    const root = join(dir.path, 'lacks');
    project(root, 'DNS:build.example,IP:10.0.0.9');
    const report = JSON.parse(cli(['--format', 'json', root]).stdout) as JsonFile[];
    const mismatch = report.flatMap((file) => file.messages.filter((message) => message.ruleId === 'docker-host-mismatch'));
    assert.equal(mismatch.length, 1, JSON.stringify(report, null, 2));
    assert.match(mismatch[0].message, /verifies the server as "10\.0\.0\.5".*certificate.*server-cert\.pem.*build\.example.*10\.0\.0\.9/);
  });

  it('a client verifying an address the certificate carries connects, and explain says the name is in it', () => {
    const root = join(dir.path, 'carries');
    project(root, 'DNS:build.example,IP:10.0.0.5');
    const report = JSON.parse(cli(['--format', 'json', root]).stdout) as JsonFile[];
    assert.deepEqual(
      report.flatMap((file) => file.messages.filter((message) => message.ruleId === 'docker-host-mismatch')),
      [],
    );
    const explained = cli(['explain', '--format', 'json', root]);
    assert.equal(explained.status, 0, explained.stdout);
    const { scopes } = JSON.parse(explained.stdout) as {
      scopes: { edges: { client: string; verdict: string; nameInCertificate?: boolean }[]; certificates: { names: string[]; addresses?: string[] }[] }[];
    };
    const edges = scopes.flatMap((scope) => scope.edges);
    assert.deepEqual(
      edges.map(({ client, verdict, nameInCertificate }) => ({ client, verdict, nameInCertificate })),
      [{ client: 'deploy', verdict: 'connects', nameInCertificate: true }],
    );
    assert.deepEqual(
      scopes.flatMap((scope) => scope.certificates).map(({ names, addresses }) => ({ names, addresses })),
      [{ names: ['build.example'], addresses: ['10.0.0.5'] }],
    );
  });
});
