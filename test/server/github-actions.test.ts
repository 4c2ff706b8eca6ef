// The language server on a GitHub Actions workflow, over a real stdio JSON-RPC connection: a
// .github/workflows file opened as `yaml` (or as the Actions extension's `github-actions-workflow`)
// gets the container rules' diagnostics, and the dind quick-fix moves the job to TLS.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { type TestServer, codes, startServer } from './lsp-client';

const fixtures = join(__dirname, '..', 'surfaces', 'fixtures', 'github-actions');

describe('language server on a GitHub Actions workflow', () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-actions-lsp-'));
    mkdirSync(join(workspace, '.github', 'workflows'), { recursive: true });
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: {} });
  });
  after(async () => {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('reports on open, whatever language the editor gave the file, and the dind fix applies', async () => {
    const uri = pathToFileURL(join(workspace, '.github', 'workflows', 'images.yml')).href;
    const text = readFileSync(join(fixtures, 'dind-plain-container.yml'), 'utf8');
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'github-actions-workflow', version: 1, text } });
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1 && params.diagnostics.length > 0);
    assert.deepEqual(codes(published.diagnostics).sort(), ['dind-tls-disabled', 'docker-host-plain-tcp', 'docker-host-plain-tcp', 'privileged']);
    const dind = published.diagnostics.find((diagnostic) => diagnostic.code === 'dind-tls-disabled')!;
    assert.equal(dind.range.start.line, 14);
    assert.equal(dind.source, 'dockerd-lint');
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: dind.range,
      context: { diagnostics: [dind], only: ['quickfix'], triggerKind: 1 },
    });
    const fix = actions.find((action) => action.title.startsWith('Turn on TLS in service "dind"'));
    assert.ok(fix?.edit, actions.map((action) => action.title).join('\n'));
    const [change] = fix.edit.documentChanges as TextDocumentEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), change.edits as TextEdit[]);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(codes(after.diagnostics), ['privileged']);
  });

  it("judges what a caller passes to a reusable workflow on disk, at the caller's with: value", async () => {
    const called =
      'on:\n  workflow_call:\n    inputs:\n      docker_host:\n        type: string\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      DOCKER_HOST: ${{ inputs.docker_host }}\n    services:\n      dind:\n        image: docker:27-dind\n        env:\n          DOCKER_TLS_CERTDIR: ""\n        ports:\n          - 2375:2375\n        options: --privileged\n    steps:\n      - run: docker info\n';
    writeFileSync(join(workspace, '.github', 'workflows', 'build.yml'), called);
    const uri = pathToFileURL(join(workspace, '.github', 'workflows', 'ci.yml')).href;
    const text = 'on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: tcp://localhost:2375\n';
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const published = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    assert.deepEqual(codes(published.diagnostics), ['docker-host-plain-tcp']);
    assert.equal(published.diagnostics[0].range.start.line, 5);
    assert.match(published.diagnostics[0].message as string, /called by job "call"/);
    const unknown = text.replace('tcp://localhost:2375', '${{ github.head_ref }}');
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: unknown }] });
    const after = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(codes(after.diagnostics), []);
  });
});
