// Kubernetes manifests as a container surface (issue 20 item 1): the CLI on the fixtures in
// test/surfaces/kubernetes/ as a user runs it (`node dist/cli.js`; build first), checking the
// findings, their exact spans and the wording that names the pod's containers.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Log } from 'sarif';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli';
import { lintCase } from '../helpers/rule-tester';

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

function run(args: string[], cwd = fixtures) {
  return runCli(args, cwd);
}

function lintJson(file: string, cwd = fixtures): { kind: string; messages: Message[] } {
  const { stdout } = run(['--format', 'json', file], cwd);
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

  it('hostNetwork, a hostPort and a NodePort Service: each said in Kubernetes terms', () => {
    const file = lintJson('exposed-dind.yaml');
    assert.deepEqual(at(file.messages), [
      'dangerous-capability@22:21-22:32',
      'dind-tls-disabled@27:15-27:39',
      'docker-api-port-published@25:25-25:29',
      'host-namespace@14:20-14:24',
      'privileged@20:25-20:29',
      'tcp-without-tls@18:26-18:44',
    ]);
    const namespace = file.messages.find((m) => m.ruleId === 'host-namespace')!;
    assert.match(namespace.message, /^Container "dind" of Deployment "docker" sets hostNetwork: true: /);
    // On the node's network stack the hostPort is not what exposes dockerd: no host address fix.
    assert.equal(file.messages.find((m) => m.ruleId === 'docker-api-port-published')!.fix, undefined);
  });

  it('a hostPort 2375: docker-api-port-published, fixed with hostIP: 127.0.0.1 (the pod field)', () => {
    const file = lintJson('hostport-proxy.yaml');
    const published = file.messages.find((m) => m.ruleId === 'docker-api-port-published')!;
    assert.equal(`${published.line}:${published.column}`, '24:25');
    assert.match(published.message, /publishes its plaintext Docker API port 2375 on every host interface \(host port 2375\)/);
  });

  it("a Helm chart's template is not a manifest until rendered: skipped, with the reason", () => {
    const skipped = run(['chart/templates/daemonset.yaml']);
    assert.equal(skipped.code, 2, skipped.stdout + skipped.stderr);
    assert.match(skipped.stderr, /skipped chart\/templates\/daemonset\.yaml: its name and content match no kind/);
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

/** The documents of a manifest as plain data: what the cluster would be given. */
function objects(text: string): unknown[] {
  const documents = parseAllDocuments(text);
  for (const document of documents) assert.deepEqual(document.errors, [], 'the result parses as YAML');
  return documents.map((document) => document.toJS());
}

describe('Kubernetes fixes: TLS for a dind sidecar and every client in its pod', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'k8s-fix-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const certificateMount = { name: 'dind-certs', mountPath: '/certs/client' };
  const tlsClientEnv = [
    { name: 'DOCKER_HOST', value: 'tcp://localhost:2376' },
    { name: 'DOCKER_TLS_VERIFY', value: '1' },
    { name: 'DOCKER_CERT_PATH', value: '/certs/client' },
  ];

  it('dind-sidecar.yaml: the fix turns TLS on, moves the client, shares the certificates, and re-lints clean', () => {
    copyFileSync(join(fixtures, 'dind-sidecar.yaml'), join(scratch, 'dind-sidecar.yaml'));
    const before = objects(readFileSync(join(scratch, 'dind-sidecar.yaml'), 'utf8'));
    const fixed = run(['--fix', 'dind-sidecar.yaml'], scratch);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    const [pod] = before as { spec: { containers: Record<string, unknown>[] } }[];
    const [build, dind] = pod.spec.containers;
    const expected = {
      ...pod,
      spec: {
        ...pod.spec,
        containers: [
          { ...build, env: tlsClientEnv, volumeMounts: [{ ...certificateMount, readOnly: true }] },
          { ...dind, env: [{ name: 'DOCKER_TLS_CERTDIR', value: '/certs' }], volumeMounts: [certificateMount] },
        ],
        volumes: [{ name: 'dind-certs', emptyDir: {} }],
      },
    };
    assert.deepEqual(objects(readFileSync(join(scratch, 'dind-sidecar.yaml'), 'utf8')), [expected]);
    assert.deepEqual(at(lintJson('dind-sidecar.yaml', scratch).messages), ['privileged@26:21-26:25']);
  });

  it('isolated-dind.yaml (a List with a NetworkPolicy): the same change inside the item, the policy kept', () => {
    copyFileSync(join(fixtures, 'isolated-dind.yaml'), join(scratch, 'isolated-dind.yaml'));
    const [list] = objects(readFileSync(join(scratch, 'isolated-dind.yaml'), 'utf8')) as { items: { spec: { containers: Record<string, unknown>[] } }[] }[];
    run(['--fix', 'isolated-dind.yaml'], scratch);
    const [pod, policy] = list.items;
    const [runner, docker] = pod.spec.containers;
    const expected = {
      ...list,
      items: [
        {
          ...pod,
          spec: {
            ...pod.spec,
            containers: [
              { ...runner, env: tlsClientEnv, volumeMounts: [{ ...certificateMount, readOnly: true }] },
              { ...docker, env: [{ name: 'DOCKER_TLS_CERTDIR', value: '/certs' }], volumeMounts: [certificateMount] },
            ],
            volumes: [{ name: 'dind-certs', emptyDir: {} }],
          },
        },
        policy,
      ],
    };
    assert.deepEqual(objects(readFileSync(join(scratch, 'isolated-dind.yaml'), 'utf8')), [expected]);
    assert.deepEqual(at(lintJson('isolated-dind.yaml', scratch).messages), ['privileged@28:25-28:29']);
  });

  it('hostport-proxy.yaml: the hostIP fix re-parses and changes only the port', () => {
    copyFileSync(join(fixtures, 'hostport-proxy.yaml'), join(scratch, 'hostport-proxy.yaml'));
    const [deployment] = objects(readFileSync(join(scratch, 'hostport-proxy.yaml'), 'utf8')) as { spec: { template: { spec: { containers: { ports: object[] }[] } } } }[];
    run(['--fix', 'hostport-proxy.yaml'], scratch);
    const container = deployment.spec.template.spec.containers[0];
    const expected = {
      ...deployment,
      spec: { ...deployment.spec, template: { ...deployment.spec.template, spec: { containers: [{ ...container, ports: [{ containerPort: 2375, hostPort: 2375, hostIP: '127.0.0.1' }] }] } } },
    };
    assert.deepEqual(objects(readFileSync(join(scratch, 'hostport-proxy.yaml'), 'utf8')), [expected]);
  });

  it('a sidecar whose API port a NodePort Service carries out of the pod gets no fix, and says why', () => {
    const file = lintJson('exposed-dind.yaml');
    const dind = file.messages.find((m) => m.ruleId === 'dind-tls-disabled')!;
    assert.match(dind.message, /No fix is offered: the pod runs on the node's network stack \(hostNetwork\)/);
    const hostPort = lintJson('hostport-proxy.yaml').messages.find((m) => m.ruleId === 'dind-tls-disabled')!;
    assert.match(hostPort.message, /No fix is offered: the pod publishes ports on the node \(hostPort\): clients outside the pod/);
    assert.match(dind.message, /Service "docker" \(type NodePort\) forwards port 2375 to it from port 30375 of every node, outside the cluster/);
    assert.match(dind.message, /with hostNetwork: true the pod shares the node's network stack/);
  });
});

// The strict preset's hardening findings on a manifest name the manifest's own keys, are
// silenced by them, and offer no fix that would write a Compose key into a pod spec.
const hardened = (security: string, resources = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx@sha256:${'a'.repeat(64)}\n${security}${resources}`;

describe('Kubernetes under the strict preset', () => {
  const findings = (text: string) => lintCase({ 'pod.yaml': text }, { options: { preset: 'strict' } })[0].findings.filter((finding) => finding.message.startsWith('Container "app"'));

  it('names securityContext and resources keys, and offers no Compose key as a fix', () => {
    const found = findings(hardened(''));
    assert.deepEqual(
      found.map((finding) => [finding.ruleId, finding.message]),
      [
        [
          'capabilities-not-dropped',
          'Container "app" of Pod "web" keeps the default capabilities: add securityContext.capabilities.drop: [ALL], and give back with securityContext.capabilities.add what it needs (images that change owners or users at start need CHOWN, SETUID, SETGID).',
        ],
        [
          'no-new-privileges-missing',
          'Container "app" of Pod "web" does not set securityContext.allowPrivilegeEscalation: false: a process in it can gain privileges through setuid and setcap binaries.',
        ],
        [
          'no-resource-limits',
          'Container "app" of Pod "web" has no memory limit (resources.limits.memory): one runaway or hostile process in it can exhaust the host and take every other container down (denial of service). A PIDs limit is not the manifest\'s to set: it is the kubelet\'s podPidsLimit on each node.',
        ],
        [
          'writable-root-filesystem',
          'Container "app" of Pod "web" has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true and mount an emptyDir volume where it writes (not fixed automatically: which paths it writes is the image\'s business).',
        ],
      ],
    );
    assert.deepEqual(
      found.flatMap((finding) => finding.fixes ?? []),
      [],
    );
  });

  it('allowPrivilegeEscalation: false, readOnlyRootFilesystem, capabilities.drop [ALL] and resources.limits.memory silence them', () => {
    const security = '      securityContext:\n        allowPrivilegeEscalation: false\n        readOnlyRootFilesystem: true\n        capabilities:\n          drop: [ALL]\n';
    assert.deepEqual(findings(hardened(security, '      resources:\n        limits:\n          memory: 256Mi\n')), []);
  });
});
