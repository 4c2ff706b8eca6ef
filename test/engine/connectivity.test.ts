// The connectivity model on its own: listeners of machines (daemon.json, flags, docker.socket
// through fd://), clients of stacks (DOCKER_HOST, the CLI image's defaults, socket mounts) and
// the verdicts of the edges that rules and `explain` read.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import type { Scope } from '../../server/src/engine/connectivity';
import { connectivityOfFiles } from '../../server/src/engine/lint';

function scopes(files: Record<string, string>): Scope[] {
  return connectivityOfFiles(
    Object.entries(files).map(([path, text]) => ({ uri: `file:///w/${path}`, text })),
    defaultLintOptions(),
  ).connectivity.scopes;
}

const listenerLines = (scope: Scope) => scope.daemons.flatMap((daemon) => daemon.listeners.map((listener) => `${listener.address} ${listener.tls}`));
const edgeLines = (scope: Scope) => scope.edges.map((edge) => `${edge.client.name} ${edge.client.kind} ${edge.client.target} ${edge.verdict}`);

describe('connectivity model', () => {
  it("a machine under the packaged docker.service: docker.socket's sockets through fd://, with dockerd's TLS on the TCP one", () => {
    const [machine] = scopes({
      'etc/docker/daemon.json': '{ "tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem" }\n',
      'etc/systemd/system/docker.socket': '[Socket]\nListenStream=/run/docker.sock\nListenStream=0.0.0.0:2376\nSocketMode=0660\n',
    });
    assert.equal(machine.kind, 'machine');
    assert.deepEqual(listenerLines(machine), ['unix:///run/docker.sock (fd:// from docker.socket) none', 'tcp://0.0.0.0:2376 (fd:// from docker.socket) tls-verify']);
  });

  it("a lone daemon.json without hosts: dockerd's default socket", () => {
    const [machine] = scopes({ 'etc/docker/daemon.json': '{ "log-level": "info" }\n' });
    assert.deepEqual(listenerLines(machine), ["unix:///var/run/docker.sock (dockerd's default) none"]);
  });

  it('clients: DOCKER_HOST, the CLI image default, network_mode service:, ssh, socket mounts; a variable from the shell is unknown', () => {
    const [stack] = scopes({
      'compose.yaml':
        'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_TLS_CERTDIR=]\n    networks:\n      default:\n        aliases: [docker]\n' +
        '  cli:\n    image: docker:27-cli\n' +
        '  sidecar:\n    image: example/s\n    network_mode: service:dind\n    environment: [DOCKER_HOST=tcp://localhost:2375]\n' +
        '  deploy:\n    image: example/d\n    environment: [DOCKER_HOST=ssh://deploy@build]\n' +
        '  shell:\n    image: example/x\n    environment: [DOCKER_HOST]\n' +
        '  watcher:\n    image: example/w\n    volumes: [/var/run/docker.sock:/var/run/docker.sock:ro]\n',
    });
    assert.deepEqual(listenerLines(stack), ['unix:///var/run/docker.sock none', 'tcp://0.0.0.0:2375 none']);
    assert.deepEqual(edgeLines(stack), [
      'cli cli-default tcp://docker:2375 connects',
      'sidecar docker-host tcp://localhost:2375 connects',
      'deploy docker-host ssh://deploy@build not-judged',
      'watcher socket-mount unix:///var/run/docker.sock not-judged',
    ]);
  });

  it('the CLI image with the client certificates mounted: tcp://docker:2376 with verification, the name docker is in the certificate', () => {
    const [stack] = scopes({
      'compose.yaml':
        'services:\n  docker:\n    image: docker:dind\n    privileged: true\n    volumes: [certs:/certs/client]\n  cli:\n    image: docker:27-cli\n    volumes: [certs:/certs/client:ro]\nvolumes:\n  certs: {}\n',
    });
    const [edge] = stack.edges;
    assert.equal(edge.client.target, 'tcp://docker:2376');
    assert.equal(edge.client.settings?.verify, true);
    assert.equal(edge.client.settings?.certPath, '/certs/client');
    assert.deepEqual([edge.verdict, edge.reaches, edge.tlsAgreed, edge.nameInCertificate], ['connects', true, true, true]);
  });
});
