// A language client for tests: spawns the bundled server (`node dist/server.js`) and talks
// JSON-RPC to it over stdio or node-ipc, answering the requests VS Code answers
// (workspace/configuration, client/registerCapability, diagnostic refresh).

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { after } from 'node:test';
import { pathToFileURL } from 'node:url';
import { allRules } from '../../server/src/engine/rules';
import {
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  IPCMessageReader,
  IPCMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const serverPath = join(__dirname, '..', '..', 'dist', 'server.js');

/** The rules these tests exercise; the others are turned off so new rules do not shift the expectations. */
const exercisedRules = new Set(['tcp-without-tls', 'json-syntax']);

/** Editor settings with every other rule off, plus `extra`. */
export function focusedSettings(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const others = Object.fromEntries(allRules.filter((rule) => !exercisedRules.has(rule.meta.id)).map((rule) => [rule.meta.id, 'off']));
  return { ...extra, rules: { ...others, ...(extra.rules as Record<string, string> | undefined) } };
}

/** What VS Code 1.9x announces, reduced to what the server looks at. */
export function vscodeCapabilities(options: { pull: boolean }): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      workspaceFolders: true,
      didChangeConfiguration: { dynamicRegistration: true },
      didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
      diagnostics: { refreshSupport: true },
    },
    textDocument: {
      synchronization: { dynamicRegistration: true, didSave: true },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      codeAction: {
        dynamicRegistration: true,
        isPreferredSupport: true,
        dataSupport: true,
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll', 'source.organizeImports'] } },
      },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      completion: { completionItem: { snippetSupport: true } },
      ...(options.pull ? { diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false } } : {}),
    },
    window: { workDoneProgress: true },
  };
}

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Settings returned for every workspace/configuration item (mutable). */
  settings: Record<string, unknown>;
  diagnostics: PublishDiagnosticsParams[];
  registrations: string[];
  refreshes: number;
  logs: string[];
  stderr: string[];
  initializeResult: InitializeResult;
  /** Resolves with the first publish for `uri` that `accept` takes (from now or already received). */
  waitForDiagnostics(uri: string, accept?: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<number | null>;
}

// A failed assertion skips a test's own stop(): without this, a live server would keep the
// test process (and the whole run) from ever finishing.
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill();
});

export async function startServer(options: {
  transport: 'stdio' | 'node-ipc';
  pull: boolean;
  workspaceFolder: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** The server's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}): Promise<TestServer> {
  const child = spawn(process.execPath, [serverPath, `--${options.transport}`], {
    env: options.env ?? process.env,
    stdio: options.transport === 'stdio' ? ['pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const connection =
    options.transport === 'stdio'
      ? createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!))
      : createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const waiters: { uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const server: Partial<TestServer> & { settings: Record<string, unknown> } = {
    connection,
    process: child,
    settings: options.settings ?? focusedSettings(),
    diagnostics: [],
    registrations: [],
    refreshes: 0,
    logs: [],
    stderr,
  };
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    server.diagnostics!.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    server.logs!.push(params.message);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => server.settings));
  connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
    server.registrations!.push(...params.registrations.map((registration) => registration.method));
    return null;
  });
  connection.onRequest('workspace/diagnostic/refresh', () => {
    server.refreshes!++;
    return null;
  });
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();

  const folderUri = pathToFileURL(options.workspaceFolder).href;
  server.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'workspace' }],
    capabilities: vscodeCapabilities({ pull: options.pull }),
    initializationOptions: options.initializationOptions ?? { workspaceTrusted: true },
  });
  await connection.sendNotification('initialized', {});

  server.waitForDiagnostics = (uri, accept = () => true, timeoutMs = 15000) => {
    const already = server.diagnostics!.find((params) => params.uri === uri && accept(params));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(server.diagnostics!.filter((p) => p.uri === uri))}`)),
        timeoutMs,
      );
      waiters.push({
        uri,
        accept,
        resolve: (params) => {
          clearTimeout(timer);
          resolve(params);
        },
      });
    });
  };
  server.stop = async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    const code = await exited;
    connection.dispose();
    return code;
  };
  return server as TestServer;
}

export function codes(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => String(diagnostic.code)).sort();
}
