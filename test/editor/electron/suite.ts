// Runs inside VS Code's extension host (loaded by @vscode/test-electron, bundled by
// test/editor/vscode-electron.test.ts). Throws on the first failed check; prints each step.
// EXPECTED_FINDINGS (set by the harness from the CLI over the same files) says which rule ids
// each fixture must show, so this suite checks the editor wiring, not the rules.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';

const source = 'dockerd-lint';

function log(message: string): void {
  console.log(`[dockerd-lint electron] ${message}`);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === source);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

async function expectFindings(folder: vscode.Uri, file: string, ruleIds: string[]): Promise<void> {
  const uri = vscode.Uri.joinPath(folder, file);
  await vscode.window.showTextDocument(uri);
  if (ruleIds.length === 0) {
    log(`${file}: the engine finds nothing here yet; not checked`);
    return;
  }
  const diagnostics = await waitFor(`${file} diagnostics`, () => (ours(uri).length > 0 ? ours(uri) : undefined));
  assert.deepEqual(diagnostics.map(codeOf).sort(), [...ruleIds].sort(), file);
  log(`${file}: ${diagnostics.map(codeOf).join(', ')}`);
}

async function applyPreferredFix(folder: vscode.Uri): Promise<void> {
  const uri = vscode.Uri.joinPath(folder, 'daemon.json');
  const diagnostic = ours(uri).find((candidate) => codeOf(candidate) === 'tcp-without-tls');
  assert.ok(diagnostic, 'tcp-without-tls on daemon.json');
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const preferred = actions.find((action) => action.isPreferred && action.edit);
  if (!preferred) {
    log(`no preferred quick-fix offered (${actions.length} actions); the server has no code actions yet`);
    return;
  }
  const before = readFileSync(uri.fsPath, 'utf8');
  assert.ok(await vscode.workspace.applyEdit(preferred.edit!));
  assert.ok(await vscode.workspace.save(uri));
  const after = readFileSync(uri.fsPath, 'utf8');
  assert.notEqual(after, before);
  JSON.parse(after);
  await waitFor('tcp-without-tls to go away', () => (ours(uri).some((d) => codeOf(d) === 'tcp-without-tls') ? undefined : true));
  log(`quick-fix "${preferred.title}" applied`);
}

/** Answers every prompt of the certificate command with its default, and a fresh output folder. */
async function generateCertificatesWithStubbedPrompts(): Promise<void> {
  if (!(await vscode.commands.getCommands(true)).includes('dockerdLint.generateCertificates')) {
    log('dockerdLint.generateCertificates is not registered yet; not checked');
    return;
  }
  const outputFolder = mkdtempSync(join(tmpdir(), 'dockerd-lint-certs-'));
  const ui = vscode.window as unknown as Record<string, unknown>;
  const originals = Object.fromEntries(['showInputBox', 'showQuickPick', 'showOpenDialog', 'showInformationMessage', 'showWarningMessage'].map((name) => [name, ui[name]]));
  ui.showInputBox = async (options?: vscode.InputBoxOptions) => options?.value ?? '127.0.0.1';
  // The first choice everywhere, except the output folder: ours, never the user's home.
  ui.showQuickPick = async (items: readonly { label?: string }[] | Thenable<readonly { label?: string }[]>) => {
    const list = await items;
    return list.find((item) => item.label?.startsWith('Choose a folder')) ?? list[0];
  };
  ui.showOpenDialog = async () => [vscode.Uri.file(outputFolder)];
  ui.showInformationMessage = async () => undefined;
  ui.showWarningMessage = async (_message: string, ...items: unknown[]) => items.find((item) => typeof item === 'string' || (typeof item === 'object' && item !== null && 'title' in item));
  try {
    await vscode.commands.executeCommand('dockerdLint.generateCertificates');
  } finally {
    Object.assign(ui, originals);
  }
  const written = readdirSync(outputFolder);
  for (const file of ['ca.pem', 'server-cert.pem', 'server-key.pem']) assert.ok(written.includes(file), `${file} in ${written.join(', ')}`);
  log(`certificates written: ${written.join(', ')}`);
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(folder, 'the fixture workspace is open');
  const expected: Record<string, string[]> = JSON.parse(process.env.EXPECTED_FINDINGS ?? '{}');
  for (const [file, ruleIds] of Object.entries(expected)) await expectFindings(folder, file, ruleIds);
  await applyPreferredFix(folder);
  await generateCertificatesWithStubbedPrompts();
}
