// The language server: a thin adapter that feeds open documents (and the files of their
// host) to the engine and turns findings into diagnostics, code actions and hovers.
// Started as `node dist/server.js --stdio` or `--node-ipc`.

import { lstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  type ClientCapabilities,
  type Connection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  type Diagnostic,
  type DocumentDiagnosticReport,
  FileChangeType,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { readRegularFileBounded } from './bounded-read';
import type { ProjectConfig } from './engine/config';
import { parseProjectConfig, projectConfigFileName } from './engine/project-config';
import type { SourceFile } from './engine/lint';
import {
  type CertificateArguments,
  type CertificateValidateParams,
  type ClientInitializationOptions,
  type LintWorkspaceResult,
  type ServerStatus,
  certificateValidateRequest,
  generateCertificatesCommand,
  lintWorkspaceRequest,
  serverStatusNotification,
} from './protocol';
import { type CertificateContext, runCertificateCommand, validateAnswer } from './lsp/certificates';
import { parseFile } from './engine/lint';
import type { ParsedFile } from './engine/document';
import { type ClientAbilities, type FixAllData, codeActions, fixAllKind, resolveFixAll } from './lsp/code-actions';
import { toDiagnostics } from './lsp/convert';
import { completions, hover } from './lsp/editor-help';
import { type LintRun, Linter } from './lsp/linting';
import { LatestWins, yieldToEventLoop } from './lsp/scheduler';
import { type EditorSettings, type EffectiveConfig, checkEditorSettings, effectiveConfig, settingsSection } from './lsp/settings';
import { WorkspaceIndex, localPath, watchedGlobs } from './lsp/workspace-index';
import { WorkspaceReports } from './lsp/workspace-reports';
import { openTransport } from './lsp/transport';

const connection: Connection = openConnection();

/**
 * A wrong or oversized Content-Length leaves the stdio reader unable to find the next message:
 * the server would live on, deaf. It exits instead, so the client restarts it. A client that
 * disappears closes the input: exit as the stock connection does.
 */
function openConnection(): Connection {
  const transport = openTransport((reason) => {
    process.stderr.write(`dockerd-lint: unreadable message from the client (${reason}); exiting so that it restarts the server\n`);
    process.exit(1);
  });
  if (!transport) return createConnection(ProposedFeatures.all);
  transport.reader.onClose(() => process.exit(1));
  return createConnection(ProposedFeatures.all, transport.reader, transport.writer);
}
const documents = new TextDocuments(TextDocument);

let client: ClientCapabilities = {};
let abilities: ClientAbilities = { documentChanges: false, resolvesEdits: false };
let pullDiagnostics = false;
/** Clients that do not say (other editors) are trusted, as VS Code's own trusted mode. */
let trusted = true;
/** The client renders the certificate command's questions (VS Code); others get showMessageRequest. */
let rendersCertificateQuestions = false;
let globalSettings: unknown = {};

const settingsCache = new Map<string, Promise<EditorSettings>>();
const projectConfigs = new Map<string, Promise<ProjectConfig | undefined>>();
const reportedRuleErrors = new Set<string>();
const reportedConfigProblems = new Set<string>();

const index = new WorkspaceIndex();
const linter = new Linter(documents, index, {
  onRuleError(ruleId, error) {
    if (reportedRuleErrors.has(ruleId)) return;
    reportedRuleErrors.add(ruleId);
    connection.console.error(`dockerd-lint: rule ${ruleId} failed and was skipped: ${(error as Error)?.stack ?? String(error)}`);
    sendStatus({ state: 'error', message: `rule ${ruleId} failed; see the output channel` });
  },
});

function sendStatus(status: ServerStatus): void {
  void connection.sendNotification(serverStatusNotification, status);
}

// ---- configuration ----

function settingsFor(uri: string): Promise<EditorSettings> {
  let settings = settingsCache.get(uri);
  if (!settings) {
    const raw = client.workspace?.configuration ? connection.workspace.getConfiguration({ scopeUri: uri, section: settingsSection }) : Promise.resolve(globalSettings);
    settings = raw.then(
      (data: unknown) => checked(checkEditorSettings(data), 'settings'),
      () => checked(checkEditorSettings(undefined), 'settings'),
    );
    settingsCache.set(uri, settings);
  }
  return settings;
}

function checked<T>(result: { value: T; problems: string[] }, where: string): T {
  for (const problem of result.problems) {
    const message = `dockerd-lint: ${where}: ${problem}`;
    if (!reportedConfigProblems.has(message)) connection.console.warn(message);
    reportedConfigProblems.add(message);
  }
  return result.value;
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function projectConfigOf(folder: string): Promise<ProjectConfig | undefined> {
  let config = projectConfigs.get(folder);
  if (!config) {
    const path = join(folder, projectConfigFileName);
    // Only at the workspace folder's root, opened safely (bounded-read.ts); a missing file is no configuration.
    config = Promise.resolve().then(() => {
      let text: string;
      try {
        text = readRegularFileBounded(path);
      } catch (error) {
        if (lstatExists(path)) connection.console.warn(`dockerd-lint: ${path} not read: ${(error as Error).message}`);
        return undefined;
      }
      return checked(parseProjectConfig(text), path);
    });
    projectConfigs.set(folder, config);
  }
  return config;
}

async function configFor(uri: string): Promise<EffectiveConfig> {
  const settings = await settingsFor(uri);
  const path = localPath(uri);
  const folder = path === undefined ? undefined : index.folderOf(path);
  const project = folder && trusted ? await projectConfigOf(folder) : undefined;
  return effectiveConfig(settings, project, trusted, folder);
}

// ---- diagnostics ----

async function lintDocument(document: TextDocument): Promise<LintRun> {
  return linter.lint(document, await configFor(document.uri));
}

const pushScheduler = new LatestWins(
  (uri) => documents.get(uri)?.version,
  async (uri, isCurrent) => {
    const document = documents.get(uri);
    if (!document) return;
    try {
      const run = await lintDocument(document);
      if (!isCurrent() || documents.get(uri)?.version !== run.version) return;
      await connection.sendDiagnostics({ uri, version: run.version, diagnostics: toDiagnostics(run, run.config.docsBaseUrl) });
    } catch (error) {
      connection.console.error(`dockerd-lint: linting ${uri} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  },
);

/** Re-lints documents after something they depend on changed (settings, another file). */
function refresh(uris: readonly string[]): void {
  if (pullDiagnostics) {
    if (client.workspace?.diagnostics?.refreshSupport) void connection.languages.diagnostics.refresh();
    // Once the user linted the workspace, its reports follow the files, or they would go stale.
    if (workspaceLinted) relintWorkspaceSoon();
    return;
  }
  for (const uri of uris) pushScheduler.request(uri);
}

function openUris(): string[] {
  return documents.all().map((document) => document.uri);
}

documents.onDidChangeContent((event) => {
  if (pullDiagnostics) return;
  // Open documents of the same host read this one's text: they are judged again too.
  for (const uri of [event.document.uri, ...linter.readersOf(event.document.uri)]) pushScheduler.request(uri);
});

/**
 * A client that pulls gets every file's problems through one store: open documents through
 * textDocument/diagnostic, the rest through workspace/diagnostic. Nothing is pushed to it: a
 * push is a second channel the client never clears (issue 19: doubled counts, stale problems).
 */
const workspaceReports = new WorkspaceReports();
/** The files "Lint workspace" judged last; their reports stay when their documents close. */
let workspaceLintedUris = new Set<string>();
let workspaceLinted = false;

documents.onDidClose((event) => {
  const uri = event.document.uri;
  pushScheduler.forget(uri);
  linter.forget(uri);
  settingsCache.delete(uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri, diagnostics: [] });
  else if (!workspaceLintedUris.has(uri)) workspaceReports.set(uri, []);
  // The editor's text may not be what is on disk (closed without saving): judge the disk again.
  else relintWorkspaceSoon();
});

connection.languages.diagnostics.on(async (params, token): Promise<DocumentDiagnosticReport> => {
  await yieldToEventLoop();
  const uri = params.textDocument.uri;
  const document = documents.get(uri);
  // A pull that crosses the document's closing gets what the workspace report says of it.
  if (!document) return { kind: 'full', items: workspaceReports.itemsOf(uri) };
  const run = await lintDocument(document);
  if (token.isCancellationRequested || documents.get(uri)?.version !== run.version) {
    throw new ResponseError(LSPErrorCodes.ServerCancelled, 'The document changed; lint again.', { retriggerRequest: true });
  }
  const items = toDiagnostics(run, run.config.docsBaseUrl);
  return { kind: 'full', resultId: workspaceReports.set(uri, items, run.version), items };
});

connection.languages.diagnostics.onWorkspace((params) => ({ items: workspaceReports.changedSince(params.previousResultIds) }));

// ---- code actions, hover, completion ----

async function currentRun(uri: string): Promise<{ document: TextDocument; run: LintRun } | undefined> {
  const document = documents.get(uri);
  if (!document) return undefined;
  return { document, run: linter.lastRun(uri, document.version) ?? (await lintDocument(document)) };
}

connection.onCodeAction(async (params) => {
  const current = await currentRun(params.textDocument.uri);
  return current ? codeActions(params, current.run, abilities) : [];
});

connection.onCodeActionResolve(async (action) => {
  const uri = (action.data as FixAllData | undefined)?.uri;
  const current = uri === undefined ? undefined : await currentRun(uri);
  return current ? resolveFixAll(action, current.run, abilities) : action;
});

connection.onHover(async (params) => {
  const current = await currentRun(params.textDocument.uri);
  return current ? hover(current.document, params.position, current.run) : undefined;
});

connection.onCompletion(async (params) => {
  const current = await currentRun(params.textDocument.uri);
  return current ? completions(current.document, params.position, current.run) : [];
});

// ---- workspace ----

/** Rebuilds run one after another: two walks must not fill the index at once. */
let indexing: Promise<void> = Promise.resolve();
function rebuildIndex(): Promise<void> {
  indexing = indexing.then(walkWorkspace, walkWorkspace);
  return indexing;
}

/** The kind globs of every folder at the last walk: they decide which files the index holds. */
let indexedKindGlobs: string | undefined;

async function kindGlobsNow(): Promise<{ key: string; byFolder: [string, EffectiveConfig['kinds']][] }> {
  const byFolder = await Promise.all(index.folderPaths().map(async (folder) => [folder, (await configFor(pathToFileURL(folder).href)).kinds] as [string, EffectiveConfig['kinds']]));
  return { key: JSON.stringify(byFolder), byFolder };
}

async function walkWorkspace(): Promise<void> {
  sendStatus({ state: 'busy', message: 'Indexing workspace files' });
  const kindGlobs = await kindGlobsNow();
  indexedKindGlobs = kindGlobs.key;
  for (const [folder, kinds] of kindGlobs.byFolder) index.setKindGlobs(folder, kinds);
  // A walk also picks up changes no watcher reported (files outside the watched globs' reach).
  linter.diskChanged();
  await index.rebuild();
  sendStatus({ state: 'idle' });
  refresh(openUris());
}

connection.onDidChangeWatchedFiles(async (params) => {
  const affected = new Set<string>();
  let everything = false;
  for (const change of params.changes) {
    if (change.uri.endsWith(`/${projectConfigFileName}`)) {
      projectConfigs.clear();
      void rebuildIndex();
      continue;
    }
    linter.diskChanged(change.uri);
    const readers = linter.readersOf(change.uri);
    const changedIndex = await index.update(change.uri);
    if (change.type !== FileChangeType.Changed && changedIndex) everything = true;
    for (const reader of readers) affected.add(reader);
  }
  refresh(everything ? openUris() : [...affected].filter((uri) => documents.get(uri)));
});

connection.onRequest(lintWorkspaceRequest, async (): Promise<LintWorkspaceResult> => {
  await rebuildIndex();
  return lintWorkspace();
});

/** Lints every indexed file; a pulling client gets the results through workspace/diagnostic, others by push. */
async function lintWorkspace(): Promise<LintWorkspaceResult> {
  try {
    sendStatus({ state: 'busy', message: 'Linting workspace' });
    const byFolder = new Map<string, SourceFile[]>();
    for (const file of index.all()) {
      const open = documents.get(file.uri);
      const text = open ? open.getText() : await readFile(file.path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      byFolder.set(file.folder, [...(byFolder.get(file.folder) ?? []), { uri: file.uri, text, kind: file.kind }]);
    }
    let files = 0;
    let findings = 0;
    const results = new Map<string, Diagnostic[]>();
    for (const sources of byFolder.values()) {
      const config = await configFor(sources[0].uri);
      const texts = new Map(sources.map((source) => [source.uri, source.text]));
      for (const [uri, result] of linter.lintBatch(sources, config)) {
        files++;
        findings += result.findings.length;
        const run: LintRun = { uri, version: 0, kind: result.kind, findings: result.findings, texts, versions: new Map(), sources, config };
        results.set(uri, toDiagnostics(run, config.docsBaseUrl));
      }
    }
    if (pullDiagnostics) {
      workspaceLinted = true;
      workspaceLintedUris = new Set(results.keys());
      workspaceReports.replaceAll(results, (uri) => documents.get(uri) !== undefined);
    } else {
      for (const [uri, diagnostics] of results) await connection.sendDiagnostics({ uri, diagnostics });
    }
    return { files, findings };
  } finally {
    sendStatus({ state: 'idle' });
  }
}

/** One workspace re-lint at a time; requests while one runs make one more run after it. */
let workspaceRelint: Promise<void> | undefined;
let workspaceRelintAgain = false;
function relintWorkspaceSoon(): void {
  if (workspaceRelint) {
    workspaceRelintAgain = true;
    return;
  }
  workspaceRelint = (async () => {
    do {
      workspaceRelintAgain = false;
      await indexing;
      await lintWorkspace().catch((error: unknown) => connection.console.error(`dockerd-lint: linting the workspace failed: ${(error as Error)?.stack ?? String(error)}`));
    } while (workspaceRelintAgain);
    workspaceRelint = undefined;
  })();
}

// ---- the certificate command ----

/** The workspace's dockerd files as the editor holds them (open documents) or the disk. */
async function dockerdFiles(): Promise<{ files: ParsedFile[]; versions: Map<string, number> }> {
  await rebuildIndex();
  const files: ParsedFile[] = [];
  const versions = new Map<string, number>();
  for (const file of index.all()) {
    const open = documents.get(file.uri);
    const text = open ? open.getText() : await readFile(file.path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    if (open) versions.set(file.uri, open.version);
    const parsed = parseFile({ uri: file.uri, text, kind: file.kind });
    if (parsed) files.push(parsed);
  }
  return { files, versions };
}

async function certificateContext(): Promise<CertificateContext> {
  const folders = [...index.folderPaths()];
  const folderUri = folders[0] ? pathToFileURL(folders[0]).href : 'file:///';
  const config = await configFor(folderUri);
  const settings = await settingsFor(folderUri);
  return {
    connection,
    rendersQuestions: rendersCertificateQuestions,
    documentChanges: abilities.documentChanges,
    files: dockerdFiles,
    folders,
    hostGroups: config.options.hostGroups,
    // An untrusted folder's settings steer nothing (issue 16): the default folder then.
    tlsCertDirectory: trusted ? settings.tlsCertDirectory : undefined,
  };
}

connection.onExecuteCommand(async (params) => {
  if (params.command !== generateCertificatesCommand) throw new ResponseError(-32601, `unknown command ${params.command}`);
  const given = (params.arguments?.[0] ?? {}) as CertificateArguments;
  return runCertificateCommand(await certificateContext(), typeof given === 'object' && given !== null ? given : {});
});

connection.onRequest(certificateValidateRequest, (params: CertificateValidateParams) => validateAnswer(params.validation, params.value) ?? null);

connection.onDidChangeConfiguration((params) => {
  globalSettings = (params.settings as Record<string, unknown> | undefined)?.[settingsSection] ?? globalSettings;
  settingsCache.clear();
  void settingsChanged();
});

/** Only changed kind globs change which files are indexed: then re-walk; otherwise re-lint the open documents. */
async function settingsChanged(): Promise<void> {
  await indexing;
  if ((await kindGlobsNow()).key !== indexedKindGlobs) await rebuildIndex();
  else refresh(openUris());
}

connection.onInitialize((params) => {
  client = params.capabilities;
  abilities = {
    documentChanges: client.workspace?.workspaceEdit?.documentChanges === true,
    resolvesEdits: client.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true,
  };
  pullDiagnostics = client.textDocument?.diagnostic !== undefined;
  const initializationOptions = params.initializationOptions as ClientInitializationOptions | undefined;
  trusted = initializationOptions?.workspaceTrusted !== false;
  rendersCertificateQuestions = initializationOptions?.certificateQuestions === true;
  const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  index.setFolders(folders);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: ['quickfix', fixAllKind], resolveProvider: true },
      hoverProvider: true,
      executeCommandProvider: { commands: [generateCertificatesCommand] },
      completionProvider: { triggerCharacters: ['-', '='] },
      diagnosticProvider: pullDiagnostics ? { identifier: 'dockerd-lint', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dockerd-lint' },
  };
});

connection.onInitialized(() => {
  if (client.workspace?.didChangeConfiguration?.dynamicRegistration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: settingsSection });
  }
  if (client.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: watchedGlobs.map((globPattern) => ({ globPattern })) }).then(() => linter.filesWatched());
  }
  if (client.workspace?.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      void connection.workspace.getWorkspaceFolders().then((folders) => {
        index.setFolders(folders?.map((folder) => folder.uri) ?? []);
        projectConfigs.clear();
        return rebuildIndex();
      });
    });
  }
  void rebuildIndex();
});

documents.listen(connection);
connection.listen();
