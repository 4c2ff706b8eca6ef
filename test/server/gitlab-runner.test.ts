// A GitLab Runner config.toml in the language server over real JSON-RPC: the server lints it
// whatever language id the editor gives it (a TOML extension's "toml", or "plaintext"), and
// its disable comment re-parses as TOML and silences the finding.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parseTOML } from 'toml-eslint-parser';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type TestServer, codes, focusedSettings, startServer } from './lsp-client';

const config =
  '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n    privileged = false\n    volumes = [\n      "/var/run/docker.sock:/var/run/docker.sock",\n      "/cache",\n    ]\n';

describe('language server: GitLab Runner config.toml', () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-runner-lsp-'));
    mkdirSync(join(workspace, 'etc', 'gitlab-runner'), { recursive: true });
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: focusedSettings({ rules: { 'docker-socket-mount': 'error' } }) });
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('publishes the socket mount at its characters, and its disable comment stays TOML', async () => {
    const uri = pathToFileURL(join(workspace, 'etc', 'gitlab-runner', 'config.toml')).href;
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'toml', version: 1, text: config } });
    const { diagnostics } = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    assert.deepEqual(codes(diagnostics), ['docker-socket-mount']);
    assert.deepEqual(diagnostics[0].range, { start: { line: 6, character: 7 }, end: { line: 6, character: 27 } });
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: diagnostics as Diagnostic[], triggerKind: 1 },
    });
    const disable = actions.find((action) => action.title === 'Disable docker-socket-mount for this line');
    assert.ok(disable?.edit, JSON.stringify(actions.map((action) => action.title)));
    const [change] = disable.edit.documentChanges as TextDocumentEdit[];
    const disabled = TextDocument.applyEdits(TextDocument.create(uri, 'toml', 1, config), change.edits as TextEdit[]);
    parseTOML(disabled);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: disabled }] });
    const after = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(codes(after.diagnostics), []);
    assert.equal(await server.stop(), 0);
  });
});
