// The real consumer: dockerd 20.10 (Debian docker.io) serving mutual TLS with generated
// files, and the real docker client connecting with and without the client certificate.
// dockerd runs isolated (no bridge, no iptables, its own roots), as a test oracle.
// Where dockerd cannot start, the tests skip with the reason; a skip is never a pass.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync, closeSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KeyType } from '../../server/src/engine/certs/options';
import { temporaryDirectory, writeSet } from './helpers';

const dockerd = '/usr/sbin/dockerd';
// Another docker client may come first on PATH; the Debian one matches this dockerd.
const docker = '/usr/bin/docker';

function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'dockerd tests run on Linux only';
  if (!existsSync(dockerd) || !existsSync(docker)) return `${dockerd} or ${docker} is not installed (apt-get install docker.io; .ci/install-oracles does it)`;
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

interface RunningDockerd {
  port: number;
  log(): string;
  stop(): Promise<void>;
}

/** Starts dockerd on tcp://127.0.0.1:PORT with --tlsverify; undefined plus the log when it would not start. */
async function startDockerd(root: string, certDir: string): Promise<RunningDockerd | { failed: string }> {
  const port = await freePort();
  const logPath = join(root, 'dockerd.log');
  const configFile = join(root, 'daemon.json');
  writeFileSync(configFile, '{}\n');
  const logFd = openSync(logPath, 'w');
  const child: ChildProcess = spawn(
    dockerd,
    [
      '--config-file',
      configFile,
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--storage-driver=vfs',
      '--data-root',
      join(root, 'data'),
      '--exec-root',
      join(root, 'exec'),
      '--pidfile',
      join(root, 'dockerd.pid'),
      '-H',
      `unix://${join(root, 'd.sock')}`,
      '-H',
      `tcp://127.0.0.1:${port}`,
      '--tlsverify',
      '--tlscacert',
      join(certDir, 'ca.pem'),
      '--tlscert',
      join(certDir, 'server-cert.pem'),
      '--tlskey',
      join(certDir, 'server-key.pem'),
    ],
    { stdio: ['ignore', logFd, logFd], env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' } },
  );
  closeSync(logFd);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const log = () => readFileSync(logPath, 'utf8');
  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(killer);
    unmountUnder(root);
  };
  for (let waited = 0; waited < 30_000; waited += 200) {
    if (exited) {
      unmountUnder(root);
      return { failed: log() };
    }
    if (await portOpen(port)) return { port, log, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  return { failed: `not listening after 30 s\n${log()}` };
}

/** dockerd bind-mounts its data root; a folder still mounted cannot be removed. */
function unmountUnder(root: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((point): point is string => typeof point === 'string' && point.startsWith(root + '/'))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) spawnSync('umount', ['-l', point]);
}

function dockerVersion(port: number, home: string, tlsArgs: string[]): { status: number | null; output: string } {
  const result = spawnSync(docker, [...tlsArgs, '-H', `tcp://127.0.0.1:${port}`, 'version', '--format', '{{.Server.Version}}'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DOCKER_CONFIG: join(home, '.docker') },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const keyTypes: KeyType[] = ['ecdsa-p256', 'rsa-2048'];

for (const keyType of keyTypes) {
  describe(`dockerd serves mutual TLS with a generated ${keyType} set`, { skip: unavailable() ?? false }, () => {
    const root = temporaryDirectory(`dockerd-${keyType}`);
    const certDir = join(root.path, 'certs');
    let daemon: RunningDockerd | undefined;
    let notStarted: string | undefined;

    before(async () => {
      await writeSet(certDir, ['localhost', '127.0.0.1'], keyType);
      const started = await startDockerd(root.path, certDir);
      if ('failed' in started) {
        // Our own files are the only thing we changed: a TLS complaint is our failure, not the machine's.
        if (/x509|tls|certificate|key pair|private key/i.test(started.failed)) throw new Error(`dockerd rejected the generated files:\n${started.failed}`);
        notStarted = `dockerd cannot start here: ${started.failed.trim().split('\n').slice(-3).join(' | ')}`;
        return;
      }
      daemon = started;
    });
    after(async () => {
      await daemon?.stop();
      root.remove();
    });

    it('answers `docker version` with the client certificate', (t) => {
      if (!daemon) return t.skip(notStarted);
      const result = dockerVersion(daemon.port, root.path, ['--tlsverify', '--tlscacert', join(certDir, 'ca.pem'), '--tlscert', join(certDir, 'cert.pem'), '--tlskey', join(certDir, 'key.pem')]);
      assert.equal(result.status, 0, `${result.output}\n--- dockerd log ---\n${daemon.log()}`);
      assert.match(result.output, /^\d+\.\d+\.\d+/);
    });

    it('answers through DOCKER_CERT_PATH-style defaults too (ca.pem, cert.pem, key.pem in one folder)', (t) => {
      if (!daemon) return t.skip(notStarted);
      const result = spawnSync(docker, ['version', '--format', '{{.Server.Version}}'], {
        encoding: 'utf8',
        timeout: 30_000,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: root.path, DOCKER_HOST: `tcp://127.0.0.1:${daemon.port}`, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir },
      });
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    });

    it('refuses `docker version` without the client certificate', (t) => {
      if (!daemon) return t.skip(notStarted);
      const result = dockerVersion(daemon.port, root.path, ['--tlsverify', '--tlscacert', join(certDir, 'ca.pem')]);
      assert.notEqual(result.status, 0);
      assert.match(result.output, /bad certificate|certificate required|remote error/i);
    });

    it("refuses the server's certificate offered as a client certificate", (t) => {
      if (!daemon) return t.skip(notStarted);
      const result = dockerVersion(daemon.port, root.path, [
        '--tlsverify',
        '--tlscacert',
        join(certDir, 'ca.pem'),
        '--tlscert',
        join(certDir, 'server-cert.pem'),
        '--tlskey',
        join(certDir, 'server-key.pem'),
      ]);
      assert.notEqual(result.status, 0);
      assert.match(result.output, /bad certificate|remote error/i);
    });
  });
}
