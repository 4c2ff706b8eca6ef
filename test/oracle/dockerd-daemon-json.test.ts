// The oracle for daemon.json: the real dockerd (Debian's docker.io, 20.10) reads every
// daemon.json fixture of every rule test and every example, and its verdict ("refuses to
// start" or "starts") must equal ours for engine version 20.10: refusal iff some finding
// comes from a rule whose meta says stopsDockerd.
//
// dockerd runs isolated as its oracle needs: no iptables, no bridge, vfs
// storage, temporary data-root/exec-root/pidfile, a unix socket in a temporary folder.
// Where the file itself sets one of those options, the file's value is rewritten instead
// of passing the flag (a flag and a key for the same option is an error of its own).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';
import type { Node } from 'jsonc-parser';
import { checkedKeys } from '../../server/src/engine/daemon-json/keys';
import { readDaemonJson } from '../../server/src/engine/daemon-json/reader';
import { isParsedHost, parseDaemonHost } from '../../server/src/engine/dockerd/hosts';
import { daemonOptions, keyStatus } from '../../server/src/engine/dockerd/options';
import { lintFiles } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';
import type { TextEdit } from '../../server/src/engine/types';
import { collectFixtures, optionsOf } from '../helpers/rule-tester';

const dockerd = '/usr/sbin/dockerd';
const engineVersion = '20.10';
const concurrency = 2;
const readyTimeoutMs = 30_000;

interface OracleCase {
  name: string;
  text: string;
}

function exampleFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return exampleFiles(path);
    return name === 'daemon.json' ? [path] : [];
  });
}

async function oracleCases(): Promise<OracleCase[]> {
  const ruleTests = readdirSync('test/rules')
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => resolve('test/rules', name));
  const byText = new Map<string, OracleCase>();
  for (const fixture of await collectFixtures(ruleTests)) {
    for (const [path, text] of Object.entries(fixture.files)) {
      if (!path.endsWith('daemon.json') && fixture.kind !== 'daemon-json') continue;
      if (!byText.has(text)) byText.set(text, { name: `${fixture.ruleId}: ${fixture.name}`, text });
    }
  }
  for (const path of exampleFiles('examples')) {
    const text = readFileSync(path, 'utf8');
    if (!byText.has(text)) byText.set(text, { name: path, text });
  }
  return [...byText.values()];
}

/** Our verdict for engine 20.10 on Linux: does some finding say dockerd will not start? */
function weSayRefuses(text: string): string[] {
  const options = optionsOf({ options: { env: { platform: 'linux', engineVersion } } });
  const [result] = lintFiles([{ uri: 'file:///oracle/etc/docker/daemon.json', text, kind: 'daemon-json' }], options);
  return (result?.findings ?? []).filter((finding) => finding.stopsDockerd).map((finding) => finding.ruleId);
}

interface Isolated {
  text: string;
  args: string[];
}

const isolationValues: Record<string, (dir: string) => unknown> = {
  iptables: () => false,
  ip6tables: () => false,
  bridge: () => 'none',
  'storage-driver': () => 'vfs',
  'data-root': (dir) => join(dir, 'data'),
  'exec-root': (dir) => join(dir, 'exec'),
  pidfile: (dir) => join(dir, 'd.pid'),
};

let nextPort = 23750;

/** A key pair and CA for fixtures that name TLS files: their paths do not exist here. */
function makeCertificates(dir: string): Record<string, string> {
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=localhost', '-days', '1'], {
    stdio: 'ignore',
  });
  if (made.status !== 0) throw new Error('openssl could not make a test certificate');
  return { tlscacert: cert, tlscert: cert, tlskey: key };
}
let certificates: Record<string, string> = {};

/**
 * The file and flags for an isolated run, or a reason to skip: a value that would reach
 * outside the temporary folder (a TCP address we cannot move to 127.0.0.1, fd://, a user
 * namespace remap that adds users to the host).
 */
function isolate(text: string, dir: string): Isolated | { skip: string } {
  const document = readDaemonJson(text);
  const edits: TextEdit[] = [];
  const args = ['--config-file', join(dir, 'daemon.json')];
  const keys = checkedKeys(document);
  const setInFile = new Set(keys.map((key) => key.key));
  if (document.members.some((member) => member.key === 'userns-remap')) return { skip: 'userns-remap would add users to this machine' };
  if (document.members.some((member) => member.key === 'containerd')) return { skip: 'a containerd socket of the host' };
  const group = keys.find((key) => key.key === 'group');
  if (group && !(group.value.type === 'string' && group.value.value === 'docker')) return { skip: 'a socket group must exist on this machine' };
  const plugins = keys.find((key) => key.key === 'authorization-plugins');
  if (plugins?.value.type === 'array' && (plugins.value.children ?? []).length > 0) return { skip: 'an authorization plugin must be installed on this machine' };
  if (keys.some((key) => key.key === 'icc' && key.value.type === 'boolean' && key.value.value === false)) {
    return { skip: 'icc: false needs the iptables that the isolation turns off' };
  }
  for (const key of keys) {
    const file = certificates[key.key];
    if (file && key.value.type === 'string' && key.value.value !== '') edits.push({ start: key.value.offset, end: key.value.offset + key.value.length, newText: JSON.stringify(file) });
  }
  for (const [option, value] of Object.entries(isolationValues)) {
    const key = keys.find((candidate) => candidate.key === option);
    if (!key) {
      args.push(`--${option}=${value(dir)}`);
      continue;
    }
    const expected = typeof value(dir);
    if (key.value.type === expected) edits.push({ start: key.value.offset, end: key.value.offset + key.value.length, newText: JSON.stringify(value(dir)) });
  }
  const hosts = keys.find((key) => key.key === 'hosts');
  if (!setInFile.has('hosts')) args.push('-H', `unix://${join(dir, 'd.sock')}`);
  else if (hosts?.value.type === 'array') {
    const items = hosts.value.children ?? [];
    if (items.length === 0) return { skip: 'an empty hosts list means /var/run/docker.sock' };
    for (const [index, item] of items.entries()) {
      const rewritten = rewriteHost(item, dir, index);
      if (typeof rewritten !== 'string') return rewritten;
      edits.push({ start: item.offset, end: item.offset + item.length, newText: JSON.stringify(rewritten) });
    }
  } else if (hosts && hosts.value.type !== 'null') {
    // Not a list: dockerd fails decoding it before listening anywhere.
  } else return { skip: 'hosts: null means the default socket' };
  return { text: applyEdits(text, edits), args };
}

function rewriteHost(item: Node, dir: string, index: number): string | { skip: string } {
  if (item.type !== 'string') return { skip: 'a host that is not a string' };
  const parsed = parseDaemonHost(String(item.value));
  if (!isParsedHost(parsed)) return String(item.value); // dockerd refuses it before listening
  if (parsed.scheme === 'unix') return `unix://${join(dir, `h${index}.sock`)}`;
  if (parsed.scheme === 'tcp') return `tcp://127.0.0.1:${nextPort++}`;
  return { skip: `a ${parsed.scheme}:// host needs systemd or Windows` };
}

interface DockerdVerdict {
  refused: boolean;
  detail: string;
}

/** Starts dockerd and waits until it listens (started) or exits (refused). */
function runDockerd(isolated: Isolated, dir: string): Promise<DockerdVerdict> {
  writeFileSync(join(dir, 'daemon.json'), isolated.text);
  return new Promise((resolvePromise) => {
    const child = spawn(dockerd, isolated.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    let settled = false;
    const finish = (verdict: DockerdVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolvePromise(verdict);
        });
      } else resolvePromise(verdict);
    };
    const timer = setTimeout(() => finish({ refused: false, detail: `no verdict after ${readyTimeoutMs} ms: ${lastLine(log)}` }), readyTimeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (/API listen on/.test(log)) finish({ refused: false, detail: 'API listen on ...' });
    });
    child.on('exit', (code) => finish({ refused: true, detail: `exit ${code}: ${lastLine(log)}` }));
  });
}

function lastLine(log: string): string {
  return log.trim().split('\n').pop() ?? '';
}

function cleanUp(dir: string): void {
  // After a failure past config parsing the data-root stays bind-mounted.
  for (const mount of [join(dir, 'data'), join(dir, 'exec')]) spawnSync('umount', ['-l', mount], { stdio: 'ignore' });
  spawnSync('umount', ['-R', '-l', dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

function whyNot(): string | undefined {
  if (process.env.DOCKERD_LINT_SKIP_ORACLES) return 'DOCKERD_LINT_SKIP_ORACLES is set';
  if (!existsSync(dockerd)) return `${dockerd} is not installed (apt-get install docker.io)`;
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  return undefined;
}

it('dockerd 20.10 agrees with our "refuses to start" verdict on every daemon.json fixture', { timeout: 30 * 60_000 }, async (t) => {
  const reason = whyNot();
  if (reason) {
    t.skip(reason);
    return;
  }
  const cases = await oracleCases();
  const certificateDir = mkdtempSync(join(tmpdir(), 'dockerd-oracle-tls-'));
  t.after(() => rmSync(certificateDir, { recursive: true, force: true }));
  certificates = makeCertificates(certificateDir);
  const results: { name: string; ours: string[]; theirs: DockerdVerdict }[] = [];
  const skipped: string[] = [];
  let cursor = 0;
  const worker = async () => {
    while (cursor < cases.length) {
      const test = cases[cursor++];
      const dir = mkdtempSync(join(tmpdir(), 'dockerd-oracle-'));
      try {
        const isolated = isolate(test.text, dir);
        if ('skip' in isolated) {
          skipped.push(`${test.name}: ${isolated.skip}`);
          continue;
        }
        const theirs = await runDockerd(isolated, dir);
        results.push({ name: test.name, ours: weSayRefuses(test.text), theirs });
      } finally {
        cleanUp(dir);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const disagreements = results.filter((result) => result.ours.length > 0 !== result.theirs.refused);
  t.diagnostic(`dockerd ${engineVersion}: ${results.length - disagreements.length} of ${results.length} daemon.json fixtures agree; ${skipped.length} not run (${skipped.join('; ')})`);
  assert.ok(results.length > 20, `too few fixtures ran (${results.length})`);
  assert.deepEqual(
    disagreements.map((d) => `${d.name}: we say ${d.ours.length > 0 ? `refuses (${d.ours.join(', ')})` : 'starts'}; dockerd ${d.theirs.detail}`),
    [],
  );
});

it('dockerd 20.10 refuses exactly the keys our table says it does not know', { timeout: 60_000 }, async (t) => {
  const reason = whyNot();
  if (reason) {
    t.skip(reason);
    return;
  }
  // Every key of the table with a scalar value (no flattening); dockerd lists all unknown keys at once.
  const keys = [...daemonOptions.keys()];
  const dir = mkdtempSync(join(tmpdir(), 'dockerd-oracle-keys-'));
  try {
    const text = JSON.stringify(Object.fromEntries(keys.map((key) => [key, 1])));
    const verdict = await runDockerd(
      {
        text,
        args: [
          '--config-file',
          join(dir, 'daemon.json'),
          '--data-root',
          join(dir, 'data'),
          '--exec-root',
          join(dir, 'exec'),
          '--pidfile',
          join(dir, 'd.pid'),
          '--bridge=none',
          '--iptables=false',
          '--ip6tables=false',
          '--storage-driver=vfs',
          '-H',
          `unix://${join(dir, 'd.sock')}`,
        ],
      },
      dir,
    );
    const listed = /don't match any configuration option: (.*)$/.exec(verdict.detail)?.[1]?.split(', ').sort();
    assert.ok(listed, `dockerd did not list unknown keys: ${verdict.detail}`);
    const env = { platform: 'linux' as const, engineVersion };
    // cluster-store passes 20.10's key check; dockerd then fails to start without a store backend.
    const ours = keys.filter((key) => keyStatus(key, env).kind === 'rejected' && key !== 'cluster-store').sort();
    assert.deepEqual(ours, listed);
  } finally {
    cleanUp(dir);
  }
});
