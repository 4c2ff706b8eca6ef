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
