// A lint-clean project whose files are one machine only through `hostGroups`: every fix path
// (the CLI's --fix and the server's source.fixAll) must see the same grouped machine as the
// lint did, and so change nothing. Before one resolved configuration, both fixed the drop-in
// alone and appended --tlsverify and the certificate flags that daemon.json already sets,
// which stops dockerd (flag-file-conflict).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver/node';
import { startServer } from '../server/lsp-client';
import { runCli, tree } from '../helpers/cli';

export const groupedProject: Record<string, string> = {
  'config/daemon.json': '{\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
  'units/docker.service.d/remote.conf': '# Remote access for the build agents\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://10.0.0.5:2376\n',
  '.dockerd-lint.json': '{ "hostGroups": [{ "name": "build", "files": ["config/daemon.json", "units/**"] }] }\n',
};

describe('hostGroups: one machine for lint and fix', () => {
  it('the CLI lints the project clean, and --fix changes nothing', () => {
    const root = tree(groupedProject);
    const lint = runCli(['--format', 'json', '.'], root);
    assert.equal(lint.code, 0, lint.stdout);
    const messages = (JSON.parse(lint.stdout) as { messages: unknown[] }[]).flatMap((file) => file.messages);
    assert.deepEqual(messages, []);
    const fixed = runCli(['--fix', '.'], root);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    for (const [path, text] of Object.entries(groupedProject)) assert.equal(readFileSync(join(root, path), 'utf8'), text, path);
  });

  it('source.fixAll.dockerd-lint on the drop-in offers no edit', async () => {
    const root = tree(groupedProject);
    const server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: root, settings: {} });
    try {
      const uri = pathToFileURL(join(root, 'units/docker.service.d/remote.conf')).href;
      const text = groupedProject['units/docker.service.d/remote.conf'];
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'systemd', version: 1, text } });
      // The first publish may come before the workspace index holds daemon.json; the next one has it.
      const published = await server.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0);
      assert.deepEqual(published.diagnostics, []);
      const actions = await server.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.dockerd-lint'] },
      });
      const resolved = await Promise.all(actions.map((action) => (action.edit ? action : server.connection.sendRequest<CodeAction>('codeAction/resolve', action))));
      assert.deepEqual(
        resolved.map((action) => action.edit).filter((edit) => edit && JSON.stringify(edit) !== JSON.stringify({ documentChanges: [] })),
        [],
      );
    } finally {
      await server.stop();
    }
  });
});
