// The language server over a real stdio JSON-RPC connection, as VS Code drives it, with
// push diagnostics (a client without textDocument/diagnostic): diagnostics, code actions in
// ESLint's order, fixes, settings, a burst of edits, robustness, shutdown.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { allRules } from '../../server/src/engine/rules';
import { type TestServer, codes, focusedSettings, startServer } from './lsp-client';

const openTcp = '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n';
const twoTcp = '{\n  "hosts": ["tcp://0.0.0.0:2375", "tcp://192.168.1.5:2375"]\n}\n';

describe('language server over stdio, push diagnostics', () => {
  let workspace: string;
  let server: TestServer;
  const documents = new Map<string, TextDocument>();

  const uriOf = (path: string) => pathToFileURL(join(workspace, path)).href;
  function open(path: string, text: string): string {
    const uri = uriOf(path);
    documents.set(uri, TextDocument.create(uri, 'json', 1, text));
    void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    return uri;
  }
  function change(uri: string, text: string): number {
    const document = documents.get(uri)!;
    const version = document.version + 1;
    documents.set(uri, TextDocument.create(uri, 'json', version, text));
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }
  function applyEdit(edit: WorkspaceEdit): void {
    for (const documentChange of edit.documentChanges ?? []) {
      const { textDocument, edits } = documentChange as TextDocumentEdit;
      const document = documents.get(textDocument.uri)!;
      assert.equal(textDocument.version, document.version, 'the edit is for the version the client has');
      change(textDocument.uri, TextDocument.applyEdits(document, edits as TextEdit[]));
    }
  }
  const latestFor = (uri: string) => server.waitForDiagnostics(uri, (params) => params.version === documents.get(uri)!.version);
  const codeActions = (uri: string, diagnostics: Diagnostic[], only?: string[]) =>
    server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only, triggerKind: 1 },
    });

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-lsp-'));
    mkdirSync(join(workspace, 'etc', 'docker'), { recursive: true });
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
  });
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('announces its capabilities and registers file watching dynamically', async () => {
    const capabilities = server.initializeResult.capabilities;
    assert.equal(capabilities.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.dockerd-lint']);
    for (let i = 0; i < 50 && !server.registrations.includes('workspace/didChangeWatchedFiles'); i++) await new Promise((r) => setTimeout(r, 20));
    assert.ok(server.registrations.includes('workspace/didChangeWatchedFiles'));
  });

  it('publishes diagnostics on open with code, docs link, source and range', async () => {
    const uri = open('etc/docker/daemon.json', openTcp);
    const { diagnostics, version } = await latestFor(uri);
    assert.equal(version, 1);
    assert.deepEqual(codes(diagnostics), ['tcp-without-tls']);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic.source, 'dockerd-lint');
    assert.equal(diagnostic.severity, 1);
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 43 }, end: { line: 1, character: 63 } });
    const href = diagnostic.codeDescription!.href;
    assert.match(href, /^file:\/\/.*\/docs\/rules\/tcp-without-tls\.md$/);
    assert.ok(existsSync(fileURLToPath(href)), `the docs page ${href} exists next to the bundle`);
  });

  it('updates diagnostics on change', async () => {
    const uri = uriOf('etc/docker/daemon.json');
    change(uri, twoTcp);
    const { diagnostics } = await latestFor(uri);
    assert.deepEqual(codes(diagnostics), ['tcp-without-tls', 'tcp-without-tls']);
  });

  it('offers code actions in ESLint order, without disable comments in daemon.json', async () => {
    const uri = uriOf('etc/docker/daemon.json');
    const { diagnostics } = await latestFor(uri);
    const actions = await codeActions(uri, [diagnostics[0]]);
    const titles = actions.map((action) => action.title);
    assert.match(titles[0], /^Listen on tcp:\/\/0\.0\.0\.0:2376 with TLS client verification/);
    assert.equal(actions[0].isPreferred, true);
    // Binding to 127.0.0.1 is tcp-all-interfaces' fix: it would not clear this finding.
    assert.deepEqual(titles.slice(1), ['Fix all tcp-without-tls problems', 'Show documentation for tcp-without-tls']);
    assert.deepEqual(actions[2].command, { title: 'Show documentation for tcp-without-tls', command: 'dockerdLint.showRuleDocumentation', arguments: ['tcp-without-tls'] });
    assert.ok(!titles.some((title) => title.startsWith('Disable')));
  });

  it('shows the rule summary on hover over a finding', async () => {
    const uri = uriOf('etc/docker/daemon.json');
    const { diagnostics } = await latestFor(uri);
    const result = await server.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: diagnostics[0].range.start });
    assert.ok(result, 'a hover');
    const value = (result.contents as { value: string }).value;
    assert.match(value, /Docker API on TCP without TLS/);
    assert.match(value, /How to fix/);
  });

  it('applying the preferred fix makes the diagnostic go away', async () => {
    const uri = uriOf('etc/docker/daemon.json');
    const { diagnostics } = await latestFor(uri);
    const [preferred] = (await codeActions(uri, [diagnostics[0]])).filter((action) => action.isPreferred);
    applyEdit(preferred.edit!);
    const fixed = await latestFor(uri);
    assert.deepEqual(codes(fixed.diagnostics), []);
    assert.match(documents.get(uri)!.getText(), /"tlsverify": true/);
  });

  it('source.fixAll.dockerd-lint fixes every problem of the file', async () => {
    const uri = open('other/etc/docker/daemon.json', twoTcp);
    await latestFor(uri);
    const actions = await codeActions(uri, [], ['source.fixAll.dockerd-lint']);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind]),
      [['Fix all dockerd-lint problems', 'source.fixAll.dockerd-lint']],
    );
    applyEdit(actions[0].edit!);
    assert.deepEqual(codes((await latestFor(uri)).diagnostics), []);
  });

  it('follows settings: a rule turned off disappears, a level changes severity', async () => {
    const uri = open('third/etc/docker/daemon.json', openTcp);
    assert.deepEqual(codes((await latestFor(uri)).diagnostics), ['tcp-without-tls']);
    const published = server.diagnostics.length;
    server.settings = focusedSettings({ rules: { 'tcp-without-tls': 'off' } });
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const off = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published);
    assert.deepEqual(codes(off.diagnostics), []);
    const again = server.diagnostics.length;
    server.settings = focusedSettings({ rules: { 'tcp-without-tls': 'warning' } });
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const warning = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= again);
    assert.deepEqual(
      warning.diagnostics.map((d) => [d.code, d.severity]),
      [['tcp-without-tls', 2]],
    );
    server.settings = focusedSettings();
  });

  it('preset strict turns on the strict rules', async () => {
    const strict = allRules.filter((rule) => rule.meta.preset === 'strict' && rule.scope === 'dockerd');
    assert.ok(strict.length > 0, 'a strict dockerd rule exists');
    const uri = open('fourth/etc/docker/daemon.json', '{\n  "debug": true\n}\n');
    const recommended = await latestFor(uri);
    const strictIds = new Set(strict.map((rule) => rule.meta.id));
    assert.ok(!recommended.diagnostics.some((d) => strictIds.has(String(d.code))));
    const published = server.diagnostics.length;
    server.settings = { preset: 'strict' };
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const withStrict = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published);
    assert.ok(
      withStrict.diagnostics.some((d) => strictIds.has(String(d.code))),
      `one of ${[...strictIds]} in ${codes(withStrict.diagnostics)}`,
    );
    server.settings = focusedSettings();
  });

  it('leaves JSON syntax errors to VS Code unless reportSyntaxErrors is on', async () => {
    const uri = open('fifth/etc/docker/daemon.json', '{\n  // a comment\n  "debug": true\n}\n');
    assert.deepEqual(codes((await latestFor(uri)).diagnostics), []);
    const published = server.diagnostics.length;
    server.settings = focusedSettings({ reportSyntaxErrors: true });
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const reported = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && params.diagnostics.length > 0);
    assert.deepEqual(codes(reported.diagnostics), ['json-syntax']);
    server.settings = focusedSettings();
  });

  it('a burst of 50 edits ends with diagnostics for the last version only, without queueing', async () => {
    const uri = open('burst/etc/docker/daemon.json', '{}\n');
    await latestFor(uri);
    const start = server.diagnostics.length;
    // The 50 didChange messages reach the server in one write, as a fast typist's do over a busy pipe.
    let burst = '';
    for (let i = 0; i < 50; i++) {
      const text = i % 2 === 0 ? openTcp : `{\n  "debug": ${i % 4 === 1}\n}\n`;
      const version = documents.get(uri)!.version + 1;
      documents.set(uri, TextDocument.create(uri, 'json', version, text));
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text }] } });
      burst += `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    }
    server.process.stdin!.write(burst);
    const last = documents.get(uri)!.version;
    // The last text (i = 49) has no finding; every even one before it has.
    const final = await server.waitForDiagnostics(uri, (params) => params.version === last);
    assert.deepEqual(codes(final.diagnostics), []);
    // A request answered after the burst proves every pending run has finished publishing.
    await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const published = server.diagnostics.slice(start).filter((params) => params.uri === uri);
    assert.deepEqual(
      published.map((params) => params.version),
      [last],
      'one lint, for the last version only',
    );
  });

  it('survives didChange for a document it never saw, and keeps answering', async () => {
    void server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf('never-opened.json'), version: 7 },
      contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } }, text: 'x' }],
    });
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('never-opened.json') }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    assert.equal(server.process.exitCode, null);
  });

  it('shuts down and exits with status 0', async () => {
    assert.equal(await server.stop(), 0);
  });
});
