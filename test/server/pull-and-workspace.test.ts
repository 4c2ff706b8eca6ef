// The language server with a VS Code-like client that pulls diagnostics, over stdio; the
// workspace side (project configuration, trust, lintWorkspace, watched files); and node-ipc.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  type DocumentDiagnosticReport,
  type FullDocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
  type WorkspaceFullDocumentDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import type { LintWorkspaceResult } from '../../server/src/protocol';
import { lintWorkspaceRequest, serverStatusNotification } from '../../server/src/protocol';
import { type TestServer, codes, focusedSettings, startServer } from './lsp-client';

const openTcp = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';

function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-ws-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A workspace pull as VS Code sends it, with the result ids it already holds; the full reports. */
async function pullWorkspace(server: TestServer, previousResultIds: { uri: string; value: string }[]): Promise<WorkspaceFullDocumentDiagnosticReport[]> {
  const report = await server.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { identifier: 'dockerd-lint', previousResultIds });
  return report.items.filter((item): item is WorkspaceFullDocumentDiagnosticReport => item.kind === 'full');
}

function fullReport(reports: WorkspaceFullDocumentDiagnosticReport[], uri: string): WorkspaceFullDocumentDiagnosticReport {
  const found = reports.find((report) => report.uri === uri);
  assert.ok(found, `a full report for ${uri} among ${reports.map((report) => report.uri).join(', ')}`);
  return found;
}

async function pull(server: TestServer, uri: string): Promise<FullDocumentDiagnosticReport> {
  const report = await server.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(report.kind, 'full');
  return report as FullDocumentDiagnosticReport;
}

function openDocument(server: TestServer, uri: string, text: string, version = 1): void {
  void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version, text } });
}

describe('language server, pull diagnostics (VS Code-like client)', () => {
  let workspace: string;
  let server: TestServer;
  const statuses: string[] = [];
  before(async () => {
    workspace = makeWorkspace({
      'hosts/a/etc/docker/daemon.json': openTcp,
      'hosts/b/etc/docker/daemon.json': '{\n  "hosts": ["tcp://10.0.0.1:2375", "tcp://10.0.0.2:2375"]\n}\n',
      'notes/daemon.json': '{ "theme": "dark" }',
      'node_modules/pkg/etc/docker/daemon.json': openTcp,
    });
    const outside = makeWorkspace({ 'etc/docker/daemon.json': openTcp });
    symlinkSync(outside, join(workspace, 'linked'));
    server = await startServer({ transport: 'stdio', pull: true, workspaceFolder: workspace });
    server.connection.onNotification(serverStatusNotification, (status: { state: string }) => {
      statuses.push(status.state);
      if (status.state === 'idle') for (const resolve of idleWaiters.splice(0)) resolve();
    });
  });
  const idleWaiters: (() => void)[] = [];
  /** Resolves when the server next reports idle (after the work the caller starts). */
  const nextIdle = () => new Promise<void>((resolve) => idleWaiters.push(resolve));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('announces pull diagnostics and answers textDocument/diagnostic', async () => {
    assert.deepEqual(server.initializeResult.capabilities.diagnosticProvider, { identifier: 'dockerd-lint', interFileDependencies: true, workspaceDiagnostics: true });
    const uri = pathToFileURL(join(workspace, 'hosts/a/etc/docker/daemon.json')).href;
    openDocument(server, uri, openTcp);
    const report = await pull(server, uri);
    assert.deepEqual(codes(report.items), ['tcp-without-tls']);
    assert.equal(report.items[0].range.start.line, 1);
    assert.equal(server.diagnostics.filter((params) => params.uri === uri).length, 0, 'a pulling client gets no pushes for open documents');
  });

  it('survives a cancelled pull and keeps answering', async () => {
    const uri = pathToFileURL(join(workspace, 'hosts/a/etc/docker/daemon.json')).href;
    const source = new CancellationTokenSource();
    const cancelled = server.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, source.token);
    source.cancel();
    await cancelled.then(
      (report) => assert.equal((report as DocumentDiagnosticReport).kind, 'full'),
      (error: { code: number }) => assert.ok([-32800, -32802].includes(error.code), `cancelled or server-cancelled, got ${error.code}`),
    );
    assert.deepEqual(codes((await pull(server, uri)).items), ['tcp-without-tls']);
  });

  it('asks the client to pull again when settings change', async () => {
    const uri = pathToFileURL(join(workspace, 'hosts/a/etc/docker/daemon.json')).href;
    const before = server.refreshes;
    server.settings = focusedSettings({ rules: { 'tcp-without-tls': 'off' } });
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    for (let i = 0; i < 200 && server.refreshes === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(server.refreshes > before, 'workspace/diagnostic/refresh was sent');
    assert.deepEqual(codes((await pull(server, uri)).items), []);
    server.settings = focusedSettings();
    void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('lintWorkspace lints every file of a known kind; the workspace pull, not a push, reports them', async () => {
    const result = await server.connection.sendRequest<LintWorkspaceResult>(lintWorkspaceRequest);
    assert.deepEqual(result, { files: 2, findings: 3 }, "skipped: notes/daemon.json (not dockerd's), node_modules, the symlink out of the workspace");
    const closed = pathToFileURL(join(workspace, 'hosts/b/etc/docker/daemon.json')).href;
    const reports = await pullWorkspace(server, []);
    assert.deepEqual(codes(fullReport(reports, closed).items), ['tcp-without-tls', 'tcp-without-tls']);
    assert.deepEqual(server.diagnostics, [], 'a pulling client gets no pushes: one channel per document');
    const known = reports.map((report) => ({ uri: report.uri, value: report.resultId as string }));
    assert.deepEqual(await pullWorkspace(server, known), [], 'nothing changed: nothing to report again');
    assert.ok(statuses.includes('busy') && statuses.at(-1) === 'idle', `status went busy then idle: ${statuses}`);
  });

  it('one channel per document: after Lint workspace, an opened, edited and closed file shows its current problems only', async () => {
    // Issue 19 item 9: pushed results stayed beside the pulled ones (counts doubled) and
    // stayed after an edit. The workspace pull owns the closed files; the document pull the open ones.
    const uri = pathToFileURL(join(workspace, 'hosts/b/etc/docker/daemon.json')).href;
    await server.connection.sendRequest<LintWorkspaceResult>(lintWorkspaceRequest);
    const known = (await pullWorkspace(server, [])).map((report) => ({ uri: report.uri, value: report.resultId as string }));
    openDocument(server, uri, '{\n  "hosts": ["tcp://10.0.0.1:2375", "tcp://10.0.0.2:2375"]\n}\n');
    assert.deepEqual(codes((await pull(server, uri)).items), ['tcp-without-tls', 'tcp-without-tls']);
    void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: '{ "log-level": "info" }' }] });
    const edited = await pull(server, uri);
    assert.deepEqual(edited.items, []);
    // Saved, then closed: the server judges the disk again (the editor's text may not have been saved).
    writeFileSync(join(workspace, 'hosts/b/etc/docker/daemon.json'), '{ "log-level": "info" }');
    const relinted = nextIdle();
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await relinted;
    // VS Code forgets what it knew of a document when it closes it, then takes the workspace report.
    const afterClose = await pullWorkspace(
      server,
      known.filter((item) => item.uri !== uri),
    );
    assert.deepEqual(fullReport(afterClose, uri).items, [], 'the workspace report is the edited text, not the old problems');
    assert.deepEqual(server.diagnostics, [], 'still no pushes');
  });

  it('a document the workspace lint did not judge loses its problems when it closes', async () => {
    const path = join(workspace, 'hosts/c/etc/docker/daemon.json');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, openTcp);
    const uri = pathToFileURL(path).href;
    openDocument(server, uri, openTcp);
    const pulled = await pull(server, uri);
    assert.deepEqual(codes(pulled.items), ['tcp-without-tls']);
    void server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    // The client held the document's result id; once closed it holds none and takes the workspace report.
    assert.deepEqual(fullReport(await pullWorkspace(server, []), uri).items, []);
  });

  it('re-lints when a watched project configuration changes', async () => {
    const uri = pathToFileURL(join(workspace, 'hosts/a/etc/docker/daemon.json')).href;
    const before = server.refreshes;
    writeFileSync(join(workspace, '.dockerd-lint.json'), JSON.stringify({ rules: { 'tcp-without-tls': 'warning' } }));
    void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(workspace, '.dockerd-lint.json')).href, type: 1 }] });
    for (let i = 0; i < 200 && server.refreshes === before; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const report = await pull(server, uri);
    assert.deepEqual(
      report.items.map((d) => [d.code, d.severity]),
      [['tcp-without-tls', 2]],
    );
  });

  it('shuts down', async () => {
    assert.equal(await server.stop(), 0);
  });
});

describe('language server in an untrusted workspace', () => {
  it('ignores the project configuration, which cannot turn a security rule off', async () => {
    const workspace = makeWorkspace({
      '.dockerd-lint.json': JSON.stringify({ rules: { 'tcp-without-tls': 'off' } }),
      'etc/docker/daemon.json': openTcp,
    });
    try {
      const uri = pathToFileURL(join(workspace, 'etc/docker/daemon.json')).href;
      for (const [trusted, expected] of [
        [true, []],
        [false, ['tcp-without-tls']],
      ] as const) {
        const server = await startServer({ transport: 'stdio', pull: true, workspaceFolder: workspace, initializationOptions: { workspaceTrusted: trusted } });
        openDocument(server, uri, openTcp);
        assert.deepEqual(codes((await pull(server, uri)).items), expected, `workspaceTrusted: ${trusted}`);
        assert.equal(await server.stop(), 0);
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('language server: ignore entries of the project configuration', () => {
  it('silence the files their glob names when trusted, and nothing in Restricted Mode', async () => {
    const workspace = makeWorkspace({
      '.dockerd-lint.json': JSON.stringify({ ignore: [{ rule: 'tcp-without-tls', path: 'lab/**', reason: 'lab host behind a firewall' }] }),
      'lab/etc/docker/daemon.json': openTcp,
      'prod/etc/docker/daemon.json': openTcp,
    });
    try {
      const lab = pathToFileURL(join(workspace, 'lab/etc/docker/daemon.json')).href;
      const prod = pathToFileURL(join(workspace, 'prod/etc/docker/daemon.json')).href;
      for (const [trusted, expected] of [
        [true, []],
        [false, ['tcp-without-tls']],
      ] as const) {
        const server = await startServer({ transport: 'stdio', pull: true, workspaceFolder: workspace, initializationOptions: { workspaceTrusted: trusted } });
        openDocument(server, lab, openTcp);
        openDocument(server, prod, openTcp);
        assert.deepEqual(codes((await pull(server, lab)).items), expected, `workspaceTrusted: ${trusted}`);
        assert.deepEqual(codes((await pull(server, prod)).items), ['tcp-without-tls'], 'a file the glob does not name');
        assert.equal(await server.stop(), 0);
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('language server: Compose projects', () => {
  it('interpolates an open Compose file with the .env of its folder', async () => {
    const compose = 'services:\n  app:\n    image: alpine\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n';
    const workspace = makeWorkspace({ 'compose.yaml': compose, '.env': 'SOCK=/var/run/docker.sock\n', 'other/compose.yaml': compose });
    try {
      const settings = focusedSettings({ rules: { 'docker-socket-mount': 'error' } });
      const server = await startServer({ transport: 'stdio', pull: true, workspaceFolder: workspace, settings, initializationOptions: { workspaceTrusted: true } });
      const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
      const other = pathToFileURL(join(workspace, 'other/compose.yaml')).href;
      openDocument(server, uri, compose);
      openDocument(server, other, compose);
      assert.deepEqual(codes((await pull(server, uri)).items), ['docker-socket-mount']);
      // No .env in its folder: SOCK is unset, and the mount is judged by its target only (issue 19 item 8).
      const otherItems = (await pull(server, other)).items;
      assert.deepEqual(codes(otherItems), ['docker-socket-mount']);
      assert.match(otherItems[0].message as string, /\$\{SOCK\} is judged as unset/);
      assert.doesNotMatch(otherItems[0].message as string, /\.env/);
      assert.match((await pull(server, uri)).items[0].message as string, /\$\{SOCK\} is taken from \.env \(line 1\)/);
      assert.equal(await server.stop(), 0);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('language server over node-ipc', () => {
  it('publishes diagnostics and shuts down', async () => {
    const workspace = makeWorkspace({});
    try {
      const server = await startServer({ transport: 'node-ipc', pull: false, workspaceFolder: workspace });
      const uri = pathToFileURL(join(workspace, 'etc/docker/daemon.json')).href;
      openDocument(server, uri, openTcp);
      const { diagnostics } = await server.waitForDiagnostics(uri);
      assert.deepEqual(codes(diagnostics), ['tcp-without-tls']);
      assert.equal(await server.stop(), 0);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
