// The language server over real JSON-RPC on a Kubernetes manifest (issue 20 item 3): a YAML
// file of any name is told by content, gets its diagnostics, and the dind sidecar's quick-fix
// applied as the editor applies it leaves TLS findings gone.

import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { type TestServer, codes, startServer } from './lsp-client';

const sidecar = readFileSync(join(__dirname, '..', 'surfaces', 'kubernetes', 'dind-sidecar.yaml'), 'utf8');

describe('language server: Kubernetes manifests', () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'k8s-lsp-'));
    // Every rule at its default (the helper's focused settings turn most of them off).
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: {} });
  });
  after(async () => {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('a manifest of any name gets diagnostics; the preferred quick-fix turns the pod to TLS', async () => {
    const uri = pathToFileURL(join(workspace, 'ci-pod.yaml')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: sidecar } });
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    assert.deepEqual(codes(published.diagnostics).sort(), ['dind-tls-disabled', 'docker-host-plain-tcp', 'privileged']);
    const dind = published.diagnostics.find((diagnostic) => diagnostic.code === 'dind-tls-disabled')!;
    assert.equal(dind.source, 'dockerd-lint');
    assert.deepEqual(dind.range.start, { line: 19, character: 10 });
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: dind.range,
      context: { diagnostics: [dind], only: ['quickfix'], triggerKind: 1 },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, JSON.stringify(actions.map((action) => action.title)));
    assert.match(fix.title, /^Turn on TLS in container "dind" of Pod "ci"/);
    const [change] = fix.edit.documentChanges as TextDocumentEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, sidecar), change.edits as TextEdit[]);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(codes(after.diagnostics), ['privileged']);
  });

  it('a YAML file that is no manifest gets nothing', async () => {
    const uri = pathToFileURL(join(workspace, 'values.yaml')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'kind: Deployment\nreplicas: 2\n' } });
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1, 5000).catch(() => undefined);
    assert.deepEqual(published ? published.diagnostics : [], []);
  });
});
