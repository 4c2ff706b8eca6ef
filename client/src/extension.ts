// The VS Code client: starts the bundled language server and hosts the UI (commands, status,
// output). All analysis lives in the server.

import { ProgressLocation, commands, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { type LintWorkspaceResult, type ServerStatus, lintWorkspaceRequest, serverStatusNotification } from '../../server/src/protocol';
import { registerCertificateQuestions } from './certs/questions';
import { configurationSection, createLanguageClient } from './language-client';
import { registerRuleDocumentationCommand } from './rule-documentation';
import { ServerStatusItem } from './status';

/** Settings the client itself uses to build the LanguageClient: a change needs a new one. */
const clientShapingSettings = ['useStdio', 'kinds'].map((name) => `${configurationSection}.${name}`);

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('dockerd-lint', { log: true });
  const status = new ServerStatusItem('dockerdLint.showOutput');
  context.subscriptions.push(output, status);

  const start = async (): Promise<void> => {
    const previous = client;
    client = undefined;
    await previous?.dispose().catch((error: unknown) => output.warn(`stopping the server: ${String(error)}`));
    const next = createLanguageClient(context, output, (message) => {
      status.show({ state: 'error', message });
      void window.showErrorMessage(message);
    });
    next.onNotification(serverStatusNotification, (serverStatus: ServerStatus) => status.show(serverStatus));
    // "Generate TLS certificates" runs in the server (registered from its executeCommandProvider); its questions are shown here.
    context.subscriptions.push(...registerCertificateQuestions(next));
    next.onDidChangeState((event) => {
      if (event.newState === State.Running) status.show({ state: 'idle' });
    });
    client = next;
    status.show({ state: 'busy', message: 'starting' });
    try {
      await next.start();
    } catch (error) {
      status.show({ state: 'error', message: String(error) });
      output.error(`the server did not start: ${String(error)}`);
    }
  };

  context.subscriptions.push(
    commands.registerCommand('dockerdLint.restartServer', start),
    commands.registerCommand('dockerdLint.showOutput', () => output.show()),
    commands.registerCommand('dockerdLint.lintWorkspace', () => lintWorkspace(output)),
    // The server is told about trust only when it starts (initializationOptions).
    workspace.onDidGrantWorkspaceTrust(start),
    workspace.onDidChangeConfiguration((event) => {
      if (clientShapingSettings.some((setting) => event.affectsConfiguration(setting))) void start();
    }),
  );
  registerRuleDocumentationCommand(context);
  await start();
}

async function lintWorkspace(output: LogOutputChannel): Promise<void> {
  const running = client;
  if (!running || running.state !== State.Running) {
    void window.showErrorMessage('The dockerd-lint server is not running. Run "dockerd-lint: Restart server".');
    return;
  }
  try {
    const result = await window.withProgress({ location: ProgressLocation.Window, title: 'dockerd-lint: linting the workspace' }, () => running.sendRequest<LintWorkspaceResult>(lintWorkspaceRequest));
    await commands.executeCommand('workbench.actions.view.problems');
    void window.showInformationMessage(`dockerd-lint checked ${result.files} file(s): ${result.findings} finding(s), listed in Problems.`);
  } catch (error) {
    output.error(`lint workspace: ${String(error)}`);
    void window.showErrorMessage(`dockerd-lint could not lint the workspace: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.dispose();
}
