// The server judges an open Compose file in its project: the override on disk corrects a
// value (no finding), and a change to the override re-lints the open file. The project's
// files on disk are read once and kept until the file watcher reports a change to them.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { focusedSettings, startServer } from './lsp-client';

const privilegedOnly = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.code === 'privileged');
const base = 'services:\n  app:\n    image: nginx\n    privileged: true\n';

describe('language server: Compose projects', () => {
  it('an open compose.yaml is judged with its override on disk, and again when the override changes', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-project-'));
    writeFileSync(join(workspace, 'compose.yaml'), base);
    const overridePath = join(workspace, 'compose.override.yaml');
    writeFileSync(overridePath, 'services:\n  app:\n    privileged: false\n');
    const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: focusedSettings({ rules: { privileged: 'warning' } }) });
    try {
      const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version: 1, text: base } });
      const corrected = await server.waitForDiagnostics(uri, () => true);
      assert.deepEqual(privilegedOnly(corrected.diagnostics), [], 'the override sets privileged: false');
      const published = server.diagnostics.length;
      writeFileSync(overridePath, 'services:\n  app:\n    image: nginx:1\n');
      void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(overridePath).href, type: 2 }] });
      const reported = await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && privilegedOnly(params.diagnostics).length > 0);
      assert.equal(privilegedOnly(reported.diagnostics)[0].range.start.line, 3);
    } finally {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('keeps the override and .env read from disk until the watcher reports a change, not re-reading them per keystroke', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'dockerd-lint-project-'));
    const text = 'services:\n  app:\n    image: nginx\n    privileged: ${PRIVILEGED:-true}\n    cap_add: [SYS_ADMIN]\n';
    writeFileSync(join(workspace, 'compose.yaml'), text);
    const envPath = join(workspace, '.env');
    writeFileSync(envPath, 'PRIVILEGED=false\n');
    const overridePath = join(workspace, 'compose.override.yaml');
    writeFileSync(overridePath, 'services:\n  app:\n    cap_add: !reset []\n');
    const server = await startServer({
      transport: 'stdio',
      pull: false,
      workspaceFolder: workspace,
      settings: focusedSettings({ rules: { privileged: 'warning', 'dangerous-capability': 'warning' } }),
    });
    const uri = pathToFileURL(join(workspace, 'compose.yaml')).href;
    const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).sort();
    let version = 1;
    const type = async (typed: string) => {
      const published = server.diagnostics.length;
      version += 1;
      void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: typed }] });
      return codes((await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published && params.version === version)).diagnostics);
    };
    const watcherReports = async (path: string) => {
      const published = server.diagnostics.length;
      void server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 2 }] });
      return codes((await server.waitForDiagnostics(uri, (params) => server.diagnostics.indexOf(params) >= published)).diagnostics);
    };
    try {
      for (let i = 0; i < 50 && !server.registrations.includes('workspace/didChangeWatchedFiles'); i++) await new Promise((r) => setTimeout(r, 20));
      void server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockercompose', version, text } });
      await server.waitForDiagnostics(uri, () => true);
      // A keystroke after the client registered its file watcher: the project's files are read and kept.
      assert.deepEqual(await type(`${text}# a\n`), []);
      writeFileSync(envPath, 'PRIVILEGED=true\n');
      writeFileSync(overridePath, 'services:\n  app:\n    image: nginx:1\n');
      assert.deepEqual(await type(`${text}# ab\n`), [], 'neither .env nor the override is re-read on a keystroke');
      assert.deepEqual(await type(`${text}# abc\n`), [], 'nor on the next one');
      assert.deepEqual(await watcherReports(envPath), ['privileged'], 'the watcher event for .env drops its kept text, not the override');
      assert.deepEqual(await watcherReports(overridePath), ['dangerous-capability', 'privileged'], 'the watcher event for the override drops its kept text');
    } finally {
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
