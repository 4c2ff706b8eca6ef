// Builds the LanguageClient: how the bundled server is started, which files it sees, what it
// is told at start (workspace trust), and when it is restarted after a crash.

import { join } from 'node:path';
import { type ExtensionContext, type LogOutputChannel, workspace } from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  type DocumentFilter,
  ErrorAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';
import { type ClientInitializationOptions, cacheDirVariable } from '../../server/src/protocol';
import { RestartBudget } from './restart-budget';
import { type KindGlobs, builtInFilePatterns, contentDetectedPatterns, projectConfigPattern, userGlobs } from './file-patterns';

export const configurationSection = 'dockerdLint';

function documentSelector(): DocumentFilter[] {
  const builtIn = [...builtInFilePatterns, ...contentDetectedPatterns].map((pattern) => ({ scheme: 'file', pattern }));
  // User globs are relative to each workspace folder, as in `.dockerd-lint.json`.
  const user = (workspace.workspaceFolders ?? []).flatMap((folder) => {
    const kinds = workspace.getConfiguration(configurationSection, folder).get<KindGlobs>('kinds');
    return userGlobs(kinds).map((glob) => ({ scheme: 'file', pattern: { baseUri: folder.uri.toString(), pattern: glob } }));
  });
  return [...builtIn, ...user];
}

/** Restarts a crashed server while the budget allows; then stops and says so. */
class RestartWithinBudget implements ErrorHandler {
  constructor(
    private readonly budget: RestartBudget,
    private readonly onGiveUp: (message: string) => void,
  ) {}

  error(): { action: ErrorAction } {
    // A broken message is not a dead server; `closed` decides about restarts.
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    if (this.budget.tryRestart(Date.now())) return { action: CloseAction.Restart, handled: true };
    const message = `The dockerd-lint server stopped ${this.budget.describe()} and will not be restarted. See the "dockerd-lint" output, then run "dockerd-lint: Restart server".`;
    this.onGiveUp(message);
    return { action: CloseAction.DoNotRestart, message, handled: true };
  }
}

export function createLanguageClient(context: ExtensionContext, output: LogOutputChannel, onGiveUp: (message: string) => void): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const useStdio = workspace.getConfiguration(configurationSection).get<boolean>('useStdio', false);
  const transport = useStdio ? TransportKind.stdio : TransportKind.ipc;
  // The server keeps V8's code cache of its bundle in the extension's own storage (per user,
  // removed with the extension) rather than in its default ~/.cache folder.
  const env = { ...process.env, [cacheDirVariable]: join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    run: { module, transport, options: { env } },
    debug: { module, transport, options: { env, execArgv: ['--nolazy', '--inspect=6012'] } },
  };

  const watchers = [...builtInFilePatterns, projectConfigPattern].map((pattern) => workspace.createFileSystemWatcher(pattern));
  context.subscriptions.push(...watchers);

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    synchronize: { configurationSection, fileEvents: watchers },
    // A function: read again at every (re)start, so a trust change reaches the server.
    initializationOptions: (): ClientInitializationOptions => ({ workspaceTrusted: workspace.isTrusted, certificateQuestions: true }),
    outputChannel: output,
    errorHandler: new RestartWithinBudget(new RestartBudget(4, 3 * 60_000), onGiveUp),
  };
  return new LanguageClient(configurationSection, 'dockerd-lint', serverOptions, clientOptions);
}
