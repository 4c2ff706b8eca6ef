// The language server on a `.gitlab-ci.yml` (issue 20): opened as YAML, it publishes the dind
// findings at their variables, and the quick-fix moves the job to verified TLS; the edited
// document is then clean. Real server, real JSON-RPC (lsp-client.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver/node';
import { type TestServer, codes, startServer } from './lsp-client';

const pipeline = readFileSync(join(__dirname, '..', 'surfaces', 'gitlab-ci', 'code-quality.gitlab-ci.yml'), 'utf8');

describe('language server: GitLab CI', () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'gitlab-lsp-'));
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: {} });
  });
  after(async () => {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes the dind findings on a .gitlab-ci.yml and its quick-fix leaves it clean', async () => {
    const uri = pathToFileURL(join(workspace, '.gitlab-ci.yml')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: pipeline } });
    const { diagnostics } = await server.waitForDiagnostics(uri, (params) => params.version === 1);
    assert.deepEqual(codes(diagnostics).sort(), ['dind-tls-disabled', 'docker-host-plain-tcp']);
    const tlsOff = diagnostics.find((diagnostic) => diagnostic.code === 'dind-tls-disabled')!;
    assert.equal(
      tlsOff.range.start.line,
      pipeline.split('\n').findIndex((line) => line.includes('DOCKER_TLS_CERTDIR')),
    );
    const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: tlsOff.range,
      context: { diagnostics: [tlsOff], triggerKind: 1 },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.match(fix?.title ?? '', /^Turn on TLS in service "docker:20\.10\.12-dind" of job "code_quality".*the runner must share \/certs\/client$/);
    const [change] = fix!.edit!.documentChanges as TextDocumentEdit[];
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, pipeline), change.edits as TextEdit[]);
    assert.match(fixed, /DOCKER_TLS_CERTDIR: "\/certs"\n {4}DOCKER_HOST: tcp:\/\/docker:2376\n/);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    const after = await server.waitForDiagnostics(uri, (params) => params.version === 2);
    assert.deepEqual(codes(after.diagnostics), []);
  });
});
