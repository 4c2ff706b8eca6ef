// The server judges an open Compose file in its project: the override on disk corrects a
// value (no finding), and a change to the override re-lints the open file.

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
});
