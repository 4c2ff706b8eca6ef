// The listener hover through the real server over JSON-RPC: daemon.json open in the editor,
// its drop-in read from disk as a companion, a Compose dind service.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol';
import { type TestServer, startServer } from './lsp-client';

const daemonJson =
  '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n';
const dropIn = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --tlsverify\n';
const compose = 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n';

describe('listener hover over JSON-RPC', () => {
  let workspace: string;
  let server: TestServer;
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-hover-'));
    mkdirSync(join(workspace, 'etc/docker'), { recursive: true });
    mkdirSync(join(workspace, 'etc/systemd/system/docker.service.d'), { recursive: true });
    writeFileSync(join(workspace, 'etc/docker/daemon.json'), daemonJson);
    writeFileSync(join(workspace, 'etc/systemd/system/docker.service.d/override.conf'), dropIn);
    writeFileSync(join(workspace, 'compose.yaml'), compose);
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
  });
  after(async () => {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  async function hoverOn(path: string, text: string, languageId: string, needle: string, ready: (codes: string[]) => boolean = () => true): Promise<string> {
    const uri = pathToFileURL(join(workspace, path)).href;
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    // The open document is linted again once the workspace index (and so its companions) is read.
    await server.waitForDiagnostics(uri, (params) => ready(params.diagnostics.map((diagnostic) => String(diagnostic.code))));
    const offset = text.indexOf(needle) + 2;
    const line = text.slice(0, offset).split('\n').length - 1;
    const character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
    const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
    return (hover?.contents as { value: string } | undefined)?.value ?? '';
  }

  it('a hosts element of daemon.json, with TLS set in the drop-in read from disk', async () => {
    const value = await hoverOn('etc/docker/daemon.json', daemonJson, 'json', '"tcp://0.0.0.0:2376"', (codes) => !codes.includes('tcp-without-tls'));
    assert.match(value, /dockerd listens on `tcp:\/\/0\.0\.0\.0:2376` with TLS and client certificates; set in daemon\.json and override\.conf/);
  });

  it('a dind service: its listener and the client that cannot reach it', async () => {
    const value = await hoverOn('compose.yaml', compose, 'yaml', 'dind:');
    assert.match(value, /`tcp:\/\/0\.0\.0\.0:2376` with TLS and client certificates \(added by the docker:dind entrypoint\)/);
    assert.match(value, /cannot connect: runner \(Compose service "dind" serves nothing on port 2375/);
  });
});

// A machine file's run reads the workspace's container files that name one of its listeners'
// addresses, so the hover says who reaches it; their own findings stay theirs.
const machineJson =
  '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://10.0.0.5:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n';
const clientsCompose =
  'services:\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://10.0.0.5:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs\n    volumes: [./certs:/certs:ro]\n  old:\n    image: example/old\n    environment: [DOCKER_HOST=tcp://10.0.0.5:2376]\n';
const unrelatedCompose = 'services:\n  other:\n    image: example/other\n    environment: [DOCKER_HOST=tcp://10.9.9.9:2376]\n';

describe('listener hover over JSON-RPC: clients elsewhere in the workspace', () => {
  let workspace: string;
  let server: TestServer;
  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-hover-clients-'));
    mkdirSync(join(workspace, 'etc/docker'), { recursive: true });
    mkdirSync(join(workspace, 'ci'), { recursive: true });
    mkdirSync(join(workspace, 'elsewhere'), { recursive: true });
    writeFileSync(join(workspace, 'etc/docker/daemon.json'), machineJson);
    writeFileSync(join(workspace, 'ci/compose.yaml'), clientsCompose);
    writeFileSync(join(workspace, 'elsewhere/compose.yaml'), unrelatedCompose);
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
  });
  after(async () => {
    await server?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a hosts element of daemon.json says which Compose client reaches it, and which cannot', async () => {
    const uri = pathToFileURL(join(workspace, 'etc/docker/daemon.json')).href;
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: machineJson } });
    const codes: string[][] = [];
    // Hover once the workspace index is read: the run that follows it sees the Compose file.
    let value = '';
    for (let attempt = 0; attempt < 50 && !/reached by: runner/.test(value); attempt++) {
      const published = await server.waitForDiagnostics(uri, () => true);
      codes.push(published.diagnostics.map((diagnostic) => String(diagnostic.code)));
      const offset = machineJson.indexOf('"tcp://10.0.0.5:2376"') + 2;
      const line = machineJson.slice(0, offset).split('\n').length - 1;
      const character = offset - (machineJson.lastIndexOf('\n', offset - 1) + 1);
      const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });
      value = (hover?.contents as { value: string } | undefined)?.value ?? '';
      if (!/reached by: runner/.test(value)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(value, /dockerd listens on `tcp:\/\/10\.0\.0\.5:2376` with TLS and client certificates; set in daemon\.json; reached by: runner; cannot connect: old \(the client speaks plain HTTP/);
    assert.doesNotMatch(value, /other/);
    // The Compose file's own finding (its client "old" speaks plain HTTP to a TLS listener) is not the daemon.json's.
    for (const published of codes) assert.ok(!published.includes('docker-host-mismatch'), `daemon.json got ${published.join(', ')}`);
  });

  it('an edit to the client file, open in the editor, renews the hover of daemon.json', async () => {
    const machineUri = pathToFileURL(join(workspace, 'etc/docker/daemon.json')).href;
    const composeUri = pathToFileURL(join(workspace, 'ci/compose.yaml')).href;
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: composeUri, languageId: 'yaml', version: 1, text: clientsCompose } });
    const withoutOld = clientsCompose.slice(0, clientsCompose.indexOf('  old:'));
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: composeUri, version: 2 }, contentChanges: [{ text: withoutOld }] });
    const offset = machineJson.indexOf('"tcp://10.0.0.5:2376"') + 2;
    const position = { line: machineJson.slice(0, offset).split('\n').length - 1, character: offset - (machineJson.lastIndexOf('\n', offset - 1) + 1) };
    let value = '';
    // The daemon.json is linted again once the change arrives (it read the Compose file's text).
    for (let attempt = 0; attempt < 50 && (value === '' || /old/.test(value)); attempt++) {
      const hover = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: machineUri }, position });
      value = (hover?.contents as { value: string } | undefined)?.value ?? '';
      if (/old/.test(value)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(value, /set in daemon\.json; reached by: runner$/m);
  });
});
