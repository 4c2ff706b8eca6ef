// The server judges an open systemd drop-in together with the daemon.json of the same host
// on disk (workspace index + watching), and offers disable comments where systemd allows
// comments. Skipped until the engine reads systemd files and merges hosts.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { defaultLintOptions } from '../../server/src/engine/config';
import { detectKind } from '../../server/src/engine/detect';
import { lintFiles } from '../../server/src/engine/lint';
import { serverStatusNotification } from '../../server/src/protocol';
import { focusedSettings, startServer } from './lsp-client';

const dropInPath = 'etc/systemd/system/docker.service.d/override.conf';
const daemonPath = 'etc/docker/daemon.json';
const dropIn = (port: number) => `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:${port}\n`;
const tlsOn = JSON.stringify({ tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/cert.pem', tlskey: '/etc/docker/key.pem' }, null, 2);

/** Why these tests cannot run yet, or undefined when the engine can do what they need. */
function missingEngineSupport(): string | undefined {
  const dropInUri = `file:///w/${dropInPath}`;
  if (detectKind(dropInUri, dropIn(2376)) !== 'systemd') return 'systemd drop-ins are not read yet';
  const merged = lintFiles(
    [
      { uri: dropInUri, text: dropIn(2376) },
      { uri: `file:///w/${daemonPath}`, text: tlsOn },
    ],
    defaultLintOptions(),
  );
  if (merged.some((result) => result.findings.some((f) => f.ruleId === 'tcp-without-tls'))) return "the workspace does not merge a host's files yet";
  return undefined;
}

function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-host-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const tcpOnly = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'tcp-without-tls');

describe('language server: files of one host', () => {
  it('the engine merges a drop-in with its daemon.json (what the server tests below rely on)', () => {
    assert.equal(missingEngineSupport(), undefined);
  });

  it('judges an open drop-in with the daemon.json on disk, and again when that file changes', async () => {
    const workspace = makeWorkspace({ [daemonPath]: tlsOn, [dropInPath]: dropIn(2376) });
    const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
    try {
      const uri = pathToFileURL(join(workspace, dropInPath)).href;
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd', version: 1, text: dropIn(2376) } });
      // The open document is linted again once the workspace index (and so daemon.json) is read.
      const safe = await server.waitForDiagnostics(uri, (params) => tcpOnly(params.diagnostics).length === 0);
      assert.deepEqual(tcpOnly(safe.diagnostics), [], "TLS from daemon.json applies to the drop-in's listener");
      const published = server.diagnostics.length;
      writeFileSync(join(workspace, daemonPath), '{}\n');
      void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(workspace, daemonPath)).href, type: 2 }] });
      const unsafe = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && tcpOnly(params.diagnostics).length > 0);
      assert.equal(tcpOnly(unsafe.diagnostics)[0].range.start.line, 2);
    } finally {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('keeps a file read from disk until the watcher reports a change, not re-reading it per keystroke', async () => {
    const workspace = makeWorkspace({ [daemonPath]: tlsOn, [dropInPath]: dropIn(2376) });
    const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
    try {
      const uri = pathToFileURL(join(workspace, dropInPath)).href;
      const daemonUri = pathToFileURL(join(workspace, daemonPath)).href;
      let version = 1;
      const type = async (text: string) => {
        const published = server.diagnostics.length;
        version += 1;
        void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        return server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && params.version === version);
      };
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd', version, text: dropIn(2376) } });
      await server.waitForDiagnostics(uri, (params) => tcpOnly(params.diagnostics).length === 0);
      // A keystroke after the client registered its file watcher: daemon.json is read and kept.
      assert.deepEqual(tcpOnly((await type(`${dropIn(2376)}# a\n`)).diagnostics), []);
      writeFileSync(join(workspace, daemonPath), '{}\n');
      assert.deepEqual(tcpOnly((await type(`${dropIn(2376)}# ab\n`)).diagnostics), [], 'daemon.json is not re-read on a keystroke');
      const published = server.diagnostics.length;
      void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: daemonUri, type: 2 }] });
      const unsafe = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && tcpOnly(params.diagnostics).length > 0);
      assert.equal(tcpOnly(unsafe.diagnostics)[0].range.start.line, 2, 'the watcher event drops the kept text');
    } finally {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('a settings change re-walks the workspace only when the kind globs change', async () => {
    const workspace = makeWorkspace({ [dropInPath]: dropIn(2375) });
    const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace });
    const statuses: { state: string; message?: string }[] = [];
    server.connection.onNotification(serverStatusNotification, (status: { state: string; message?: string }) => {
      statuses.push(status);
    });
    const walks = () => statuses.filter((status) => status.message === 'Indexing workspace files').length;
    const lastIndex = (match: (status: { state: string; message?: string }) => boolean) => statuses.map(match).lastIndexOf(true);
    const idleAfterWalk = () => walks() > 0 && lastIndex((status) => status.state === 'idle') > lastIndex((status) => status.message === 'Indexing workspace files');
    const until = async (condition: () => boolean) => {
      for (let waited = 0; !condition(); waited += 20) {
        assert.ok(waited < 15000, `timed out; statuses: ${JSON.stringify(statuses)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      const uri = pathToFileURL(join(workspace, dropInPath)).href;
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd', version: 1, text: dropIn(2375) } });
      await server.waitForDiagnostics(uri, (params) => tcpOnly(params.diagnostics).length > 0);
      await until(idleAfterWalk);
      const settled = async () => {
        const published = server.diagnostics.length;
        void server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
        return server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published);
      };
      const walksBefore = walks();
      server.settings = focusedSettings({ rules: { 'tcp-without-tls': 'warning' } });
      const warning = await settled();
      assert.deepEqual(
        tcpOnly(warning.diagnostics).map((d) => d.severity),
        [2],
        'the new level applies',
      );
      assert.equal(walks(), walksBefore, 'a level change does not re-walk the workspace');
      server.settings = focusedSettings({ rules: { 'tcp-without-tls': 'warning' }, kinds: { systemd: ['units/*.conf'] } });
      await settled();
      await until(idleAfterWalk);
      assert.equal(walks(), walksBefore + 1, 'new kind globs re-walk it');
    } finally {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  for (const trusted of [true, false]) {
    it(`"Disable for this line" writes a comment systemd ignores, which ${trusted ? 'silences the finding' : 'an untrusted workspace ignores'}`, async () => {
      const workspace = makeWorkspace({});
      const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: focusedSettings(), initializationOptions: { workspaceTrusted: trusted } });
      try {
        const uri = pathToFileURL(join(workspace, 'units', 'docker.service.d', 'override.conf')).href;
        const text = dropIn(2375);
        void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd', version: 1, text } });
        const first = await server.waitForDiagnostics(uri, (params) => tcpOnly(params.diagnostics).length > 0);
        const diagnostic = tcpOnly(first.diagnostics)[0];
        const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        const titles = actions.map((action) => action.title);
        const disable = titles.indexOf('Disable tcp-without-tls for this line');
        assert.ok(disable > 0, `offered after the fixes: ${titles}`);
        assert.equal(titles[disable + 1], 'Disable tcp-without-tls for the entire file');
        assert.equal(titles.at(-1), 'Show documentation for tcp-without-tls');
        const [edit] = actions[disable].edit!.documentChanges as TextDocumentEdit[];
        const disabled = TextDocument.applyEdits(TextDocument.create(uri, 'systemd', 1, text), edit.edits as TextEdit[]);
        assert.equal(disabled, '[Service]\nExecStart=\n# dockerd-lint-disable-next-line tcp-without-tls\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375\n');
        const published = server.diagnostics.length;
        void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: disabled }] });
        const after = await server.waitForDiagnostics(uri, (params) => params.version === 2 && server.diagnostics.indexOf(params) >= published);
        assert.equal(tcpOnly(after.diagnostics).length, trusted ? 0 : 1);
      } finally {
        await server.stop();
        rmSync(workspace, { recursive: true, force: true });
      }
    });
  }
});
