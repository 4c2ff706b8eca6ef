// Starts the real dockerd 20.10 with a machine's wired files, as systemd would run it, and
// connects with a client certificate: the end of the certificate tests in every editor.
// dockerd runs isolated as test-oracles.md says (no bridge, no iptables, its own roots), in
// its own mount and network namespaces: /etc/docker/certs there is the generated folder
// (the wired files name it verbatim), and 127.0.0.1:2376 is the namespace's own loopback.
// `-H fd://` (socket activation) becomes a private unix socket; --containerd= is dropped so
// that dockerd starts its own containerd.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';

const dockerd = '/usr/sbin/dockerd';
const docker = '/usr/bin/docker';

/** Why the test cannot run here, or undefined. */
export function wiredDockerdUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'dockerd tests run on Linux only';
  if (!existsSync(dockerd) || !existsSync(docker)) return `${dockerd} or ${docker} is not installed (apt-get install docker.io; .ci/install-oracles does it)`;
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  const probe = spawnSync('unshare', ['-m', '-n', 'sh', '-c', 'ip link set lo up && mount -t tmpfs tmpfs /mnt && echo ok'], { encoding: 'utf8' });
  if (!probe.stdout.includes('ok')) return `cannot make mount and network namespaces here (unshare -m -n): ${probe.stderr.trim()}`;
  return undefined;
}

/** The words of the last ExecStart= of the machine's drop-ins (the test fixtures use no quoting). */
function execStart(machine: string): string[] {
  const folder = join(machine, 'etc', 'systemd', 'system', 'docker.service.d');
  const names = readdirSync(folder)
    .filter((name) => name.endsWith('.conf'))
    .sort();
  let command: string | undefined;
  for (const name of names) {
    for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) {
      const match = /^ExecStart=(.*)$/.exec(line.trim());
      if (match) command = match[1].trim();
    }
  }
  if (!command) throw new Error(`no ExecStart= in ${folder}`);
  return command.split(/\s+/);
}

export interface WiredRun {
  /** `docker version` with DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH as the instructions say. */
  withCertificate: { status: number; output: string };
  /** The same without a client certificate: must be refused. */
  withoutCertificate: { status: number; output: string };
  dockerdLog: string;
}

/** Runs dockerd from `machine`'s files with `certFolder` at /etc/docker/certs, and the two client calls. */
export function runWiredDockerd(machine: string, certFolder: string, work: string, dockerHost: string): WiredRun {
  const [, ...args] = execStart(machine);
  const socket = join(work, 'd.sock');
  const flags = args.filter((arg) => !arg.startsWith('--containerd=')).map((arg) => (arg === 'fd://' ? `unix://${socket}` : arg));
  const isolated = [
    '--config-file',
    join(machine, 'etc', 'docker', 'daemon.json'),
    '--iptables=false',
    '--ip6tables=false',
    '--bridge=none',
    '--storage-driver=vfs',
    '--data-root',
    join(work, 'data'),
    '--exec-root',
    join(work, 'exec'),
    '--pidfile',
    join(work, 'dockerd.pid'),
  ];
  const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;
  const log = join(work, 'dockerd.log');
  const script = join(work, 'run.sh');
  const client = `env -i PATH=/usr/bin:/bin HOME=${quote(work)} DOCKER_HOST=${quote(dockerHost)}`;
  writeFileSync(
    script,
    [
      'ip link set lo up',
      'mount -t tmpfs tmpfs /etc/docker && mkdir /etc/docker/certs && mount --bind ' + quote(certFolder) + ' /etc/docker/certs || exit 90',
      `${dockerd} ${[...flags, ...isolated].map(quote).join(' ')} >${quote(log)} 2>&1 &`,
      'pid=$!',
      // Ready when it answers over its private socket, or gone.
      `for i in $(seq 1 150); do kill -0 $pid 2>/dev/null || break; ${docker} -H unix://${socket} version >/dev/null 2>&1 && break; sleep 0.2; done`,
      `${client} DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=${quote(certFolder)} ${docker} version --format '{{.Server.Version}}' >${quote(join(work, 'with.out'))} 2>&1; echo $? >${quote(join(work, 'with.status'))}`,
      `${client} ${docker} --tlsverify --tlscacert ${quote(join(certFolder, 'ca.pem'))} version --format '{{.Server.Version}}' >${quote(join(work, 'without.out'))} 2>&1; echo $? >${quote(join(work, 'without.status'))}`,
      'kill $pid 2>/dev/null; wait $pid',
      '',
    ].join('\n'),
  );
  const result = spawnSync('unshare', ['-m', '-n', '--propagation', 'private', 'sh', script], { encoding: 'utf8', timeout: 120_000 });
  const read = (name: string) => (existsSync(join(work, name)) ? readFileSync(join(work, name), 'utf8') : '');
  if (result.status === 90) throw new Error(`could not mount the certificate folder at /etc/docker/certs: ${result.stderr}`);
  return {
    withCertificate: { status: Number(read('with.status').trim() || -1), output: read('with.out') },
    withoutCertificate: { status: Number(read('without.status').trim() || -1), output: read('without.out') },
    dockerdLog: read('dockerd.log'),
  };
}

/**
 * The end of the certificate flow in every editor: the machine's wired files on disk (its
 * daemon.json and the drop-ins beside docker.service) lint clean, and dockerd started from them
 * serves mutual TLS at `dockerHost`. Returns why dockerd could not run here, for a skip.
 */
export function assertWiredMachineServesTls(machine: string, certFolder: string, work: string, dockerHost: string): string | undefined {
  const dropInFolder = join(machine, 'etc', 'systemd', 'system', 'docker.service.d');
  const paths = [join(machine, 'etc', 'docker', 'daemon.json'), ...readdirSync(dropInFolder).map((name) => join(dropInFolder, name))];
  const findings = lintFiles(
    paths.map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') })),
    defaultLintOptions(),
  ).flatMap((result) => result.findings);
  assert.deepEqual(
    findings.filter((finding) => finding.severity !== 'info').map((finding) => `${finding.ruleId}: ${finding.message}`),
    [],
  );
  const unavailable = wiredDockerdUnavailable();
  if (unavailable) return unavailable;
  mkdirSync(work);
  const run = runWiredDockerd(machine, certFolder, work, dockerHost);
  assert.equal(run.withCertificate.status, 0, `${run.withCertificate.output}\n--- dockerd log ---\n${run.dockerdLog}`);
  assert.notEqual(run.withoutCertificate.status, 0, run.withoutCertificate.output);
  return undefined;
}
