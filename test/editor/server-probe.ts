// Asks the built language server (dist/server.js over stdio) what it can do, so an editor test
// of a feature the server does not offer yet is skipped with that reason instead of failing.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { repositoryRoot } from './vsix';

export interface ServerFacts {
  capabilities: Record<string, unknown>;
  /** Whether the server pulled `dockerdLint` settings (workspace/configuration) for an open file. */
  readsSettings: boolean;
}

export async function probeServer(): Promise<ServerFacts> {
  const server = spawn(process.execPath, [join(repositoryRoot, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  let readsSettings = false;
  let asked: () => void = () => {};
  const settingsAsked = new Promise<void>((resolve) => (asked = resolve));
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
    if (params.items.some((item) => item.section?.startsWith('dockerdLint'))) {
      readsSettings = true;
      asked();
    }
    return params.items.map(() => null);
  });
  connection.onRequest(() => null);
  connection.onNotification(() => {});
  connection.listen();
  try {
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      initializationOptions: { workspaceTrusted: true },
    });
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///probe/docker/daemon.json', languageId: 'json', version: 1, text: '{"hosts": ["tcp://0.0.0.0:2375"]}' },
    });
    await Promise.race([settingsAsked, new Promise((resolve) => setTimeout(resolve, 3000))]);
    return { capabilities: result.capabilities, readsSettings };
  } finally {
    connection.dispose();
    server.kill();
  }
}
