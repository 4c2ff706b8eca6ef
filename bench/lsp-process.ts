// A language server in its own process, driven over real stdio JSON-RPC: the benchmarks time
// it and the robustness tests abuse it. Knows nothing about which server it talks to.

import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type MessageConnection, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver-protocol/node';

export interface PublishedDiagnostics {
  params: PublishDiagnosticsParams;
  /** performance.now() when the notification arrived. */
  at: number;
}

interface Waiter {
  uri: string;
  accept(published: PublishDiagnosticsParams): boolean;
  resolve(published: PublishedDiagnostics): void;
}

export interface StartOptions {
  command: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Answers `workspace/configuration` items by section. */
  configuration?: (section: string | undefined) => unknown;
}

export class LspProcess {
  readonly child: ChildProcess;
  readonly connection: MessageConnection;
  readonly spawnedAt = performance.now();
  readonly stderr: string[] = [];
  /** Messages the server logged (window/logMessage). */
  readonly logs: string[] = [];
  /** Every diagnostics notification, in arrival order. */
  readonly published: PublishedDiagnostics[] = [];
  private readonly waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  constructor(options: StartOptions) {
    const [program, ...args] = options.command;
    this.child = spawn(program, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.connection = createMessageConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const published = { params, at: performance.now() };
      this.published.push(published);
      const index = this.waiters.findIndex((waiter) => waiter.uri === params.uri && waiter.accept(params));
      if (index >= 0) this.waiters.splice(index, 1)[0].resolve(published);
    });
    this.connection.onRequest((method: string, params: unknown) => {
      if (method === 'workspace/configuration') {
        const items = (params as { items: { section?: string }[] }).items;
        return items.map((item) => options.configuration?.(item.section) ?? null);
      }
      return null;
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => void this.logs.push(params.message));
    this.connection.onNotification(() => undefined);
    // A server that dies or closes its pipes must not crash the harness.
    this.connection.onError(() => undefined);
    this.child.stdin!.on('error', () => undefined);
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  async initialize(capabilities: object = {}, initializationOptions?: object, rootUri: string | null = null): Promise<unknown> {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } }, ...capabilities },
      initializationOptions,
      workspaceFolders: null,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The next diagnostics for `uri` that `accept` takes (registered before the change is sent). */
  nextDiagnostics(uri: string, timeoutMs: number, accept: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishedDiagnostics> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        uri,
        accept,
        resolve: (published) => {
          clearTimeout(timer);
          resolve(published);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new TimeoutError(timeoutMs));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  open(uri: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Peak resident set size of the server process so far, in KiB (Linux /proc). */
  peakRssKb(): number | undefined {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return match ? Number(match[1]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Resolves with the exit code, or undefined when the process is still running after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<number | null | undefined> {
    return Promise.race([this.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs).unref())]);
  }

  /** Ends this process at once (a server that no longer reads its input cannot be asked). */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
    this.connection.dispose();
  }

  /** Asks politely (shutdown, exit), then kills this process if it does not go. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await this.connection.sendNotification('exit');
      } catch {
        // the server may already be gone
      }
      if ((await this.waitForExit(2000)) === undefined) this.child.kill('SIGKILL');
      await this.exited;
    }
    this.connection.dispose();
  }
}

export class TimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs / 1000} s`);
  }
}
