// Kubernetes manifests as a container surface (issue 20 item 1): the CLI on the fixtures in
// test/surfaces/kubernetes/ as a user runs it (`node dist/cli.js`; build first), checking the
// findings, their exact spans and the wording that names the pod's containers.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Log } from 'sarif';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, 'kubernetes');

interface Message {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fix?: unknown;
}

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: fixtures, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function lintJson(file: string): { kind: string; messages: Message[] } {
  const { stdout } = run(['--format', 'json', file]);
  const files = JSON.parse(stdout) as { filePath: string; kind: string; messages: Message[] }[];
  assert.equal(files.length, 1, stdout);
  return files[0];
}

const at = (messages: Message[]) => messages.map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`).sort();

describe('Kubernetes manifests', () => {
  it('a DaemonSet mounting the Docker socket by hostPath is read, not skipped; /var/lib/kubelet is no alarm', () => {
    const file = lintJson('socket-daemonset.yaml');
    assert.equal(file.kind, 'kubernetes');
    assert.deepEqual(at(file.messages), ['docker-socket-mount@26:19-26:39']);
    assert.match(file.messages[0].message, /^Container "agent" of DaemonSet "log-agent" mounts the container runtime socket \/var\/run\/docker\.sock/);
  });

  it('a pod with a dind sidecar on 0.0.0.0:2375 and a client on tcp://localhost:2375', () => {
    const file = lintJson('dind-sidecar.yaml');
    assert.equal(file.kind, 'kubernetes');
    assert.deepEqual(at(file.messages), ['dind-tls-disabled@20:11-21:20', 'docker-host-plain-tcp@13:11-14:38', 'privileged@18:21-18:25']);
    const dind = file.messages.find((m) => m.ruleId === 'dind-tls-disabled')!;
    assert.match(dind.message, /^Container "dind" of Pod "ci" sets DOCKER_TLS_CERTDIR to empty/);
    // Pods reach each other's ports on one flat network: the message says so, not "its networks".
    assert.match(dind.message, /reachable without authentication from every pod of the cluster \(no NetworkPolicy in these files isolates the pod\)/);
    const client = file.messages.find((m) => m.ruleId === 'docker-host-plain-tcp')!;
    assert.match(client.message, /^Container "build" of Pod "ci" talks to the Docker API at tcp:\/\/localhost:2375 without TLS/);
  });

  it('TLS dind with its client on tcp://localhost:2376 and the shared certificates is silent on TLS', () => {
    const file = lintJson('tls-dind.yaml');
    assert.deepEqual(at(file.messages), ['privileged@23:21-23:25']);
  });

  it('text and SARIF name the kind and the same places', () => {
    const text = run(['socket-daemonset.yaml']);
    assert.equal(text.code, 1, text.stdout + text.stderr);
    assert.match(text.stdout, /^socket-daemonset\.yaml \(kubernetes\)$/m);
    assert.match(text.stdout, /^ {2}26:19 {2}error {4}Container "agent" of DaemonSet "log-agent" mounts/m);
    const sarif = JSON.parse(run(['--format', 'sarif', 'dind-sidecar.yaml']).stdout) as Log;
    const results = sarif.runs[0].results ?? [];
    const places = results.map((r) => `${r.ruleId}@${r.locations?.[0].physicalLocation?.region?.startLine}:${r.locations?.[0].physicalLocation?.region?.startColumn}`).sort();
    assert.deepEqual(places, ['dind-tls-disabled@20:11', 'docker-host-plain-tcp@13:11', 'privileged@18:21']);
  });
});
