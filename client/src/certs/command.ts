// "dockerd-lint: Generate TLS certificates for dockerd": a thin layer over the certificate
// module. It asks (through CertificatePrompts), generates and writes the files, offers the
// daemon.json / drop-in change as a reviewable, undoable edit, records the server folder in
// dockerdLint.tlsCertDirectory, and shows the client instructions.

import { sep } from 'node:path';
import {
  type Disposable,
  type ExtensionContext,
  ConfigurationTarget,
  ProgressLocation,
  Range,
  Uri,
  WorkspaceEdit,
  commands,
  window,
  workspace,
} from 'vscode';
import { existingFiles, FilesExistError, plannedFileNames, plannedFiles, writeCertificateFiles } from '../../../server/src/engine/certs/files';
import { serverTlsPaths } from '../../../server/src/engine/certs/names';
import { generateCertificates } from '../../../server/src/engine/certs/generate';
import { type CertificateHost, describeHostError, listenAddressesFor, parseCertificateHosts, suggestCertificateHosts } from '../../../server/src/engine/certs/hosts';
import { clientInstructions, daemonJsonSnippet, hostsConflictNote } from '../../../server/src/engine/certs/instructions';
import { tlsWiring } from '../../../server/src/engine/certs/wiring';
import type { ParsedFile } from '../../../server/src/engine/document';
import { parseFile } from '../../../server/src/engine/lint';
import { entriesNamed } from '../../../server/src/engine/settings';
import { editorFor } from '../../../server/src/engine/surface-edit';
import { tlsCertDirectorySetting } from '../../../server/src/protocol';
import { type CertificatePrompts, defaultCertificateFolder, vscodePrompts } from './prompts';

export const generateCertificatesCommand = 'dockerdLint.generateCertificates';

export function registerCertificateCommand(context: ExtensionContext, prompts: CertificatePrompts = vscodePrompts): Disposable {
  const registration = commands.registerCommand(generateCertificatesCommand, () => generateCertificatesFlow(prompts));
  context.subscriptions.push(registration);
  return registration;
}

/** What one run did, for the caller (and the extension tests). */
export interface FlowOutcome {
  folder?: string;
  written?: string[];
  serverDirectory?: string;
  wiringApplied?: boolean;
  cancelled?: string;
}

export async function generateCertificatesFlow(prompts: CertificatePrompts): Promise<FlowOutcome> {
  const files = await workspaceDockerdFiles();
  const suggestions = suggestCertificateHosts(files.flatMap((file) => file.dockerd));

  const folder = await prompts.pickFolder(defaultCertificateFolder());
  if (!folder) return { cancelled: 'folder' };
  const hostsText = await prompts.askHosts({
    value: [...suggestions.fromWorkspace, ...suggestions.loopback].join(', '),
    prompt: hostsPrompt(suggestions),
    validate: (value) => {
      const { hosts, errors } = parseCertificateHosts([value]);
      if (errors.length > 0) return errors.map(describeHostError).join('; ');
      return hosts.length === 0 ? 'give at least one host name or IP' : undefined;
    },
  });
  if (hostsText === undefined) return { cancelled: 'hosts' };
  const { hosts } = parseCertificateHosts([hostsText]);
  const keyType = await prompts.pickKeyType();
  if (!keyType) return { cancelled: 'key type' };
  const days = await prompts.pickValidityDays();
  if (days === undefined) return { cancelled: 'validity' };
  const caKeyChoice = await prompts.pickOne('Keep the CA private key?', [
    { label: 'Keep ca-key.pem in the folder', detail: 'Lets you sign more client certificates later; keep it off the dockerd host.' },
    { label: 'Do not keep it', detail: 'Nobody can sign with this CA again; to add a client later, generate everything anew.' },
  ]);
  if (caKeyChoice === undefined) return { cancelled: 'CA key' };
  const keepCaKey = caKeyChoice === 0;

  if (insideWorkspace(folder)) {
    const proceed = await prompts.confirm(
      'Write private keys inside the workspace?',
      `${folder} is inside an open workspace folder. Private keys there are easily committed or shared: add them to .gitignore, or choose a folder outside the workspace.`,
      'Write them here',
    );
    if (!proceed) return { cancelled: 'inside workspace' };
  }
  const existing = existingFiles(folder, plannedFileNames(keepCaKey));
  if (existing.length > 0) {
    const replace = await prompts.confirm(
      `${existing.length} certificate file(s) already exist in ${folder}. Replace them?`,
      `Existing: ${existing.join(', ')}. The old files are kept as NAME.bak-<timestamp>.`,
      'Replace and keep backups',
    );
    if (!replace) {
      void window.showInformationMessage('dockerd-lint: nothing was written; the existing certificates are unchanged.');
      return { cancelled: 'files exist' };
    }
  }

  let written: string[];
  try {
    written = await window.withProgress({ location: ProgressLocation.Notification, title: 'dockerd-lint: generating TLS certificates' }, async (progress) => {
      progress.report({ message: `${keyType} keys for ${hosts.map((host) => host.value).join(', ')}` });
      const set = await generateCertificates({ hosts, keyType, days });
      progress.report({ message: `writing ${folder}` });
      return writeCertificateFiles(folder, plannedFiles(set, keepCaKey), { replace: existing.length > 0 }).written;
    });
  } catch (error) {
    // Messages from the writer name files, never key bytes.
    const message = error instanceof FilesExistError ? `files appeared meanwhile: ${error.existing.join(', ')}; nothing was replaced` : (error as Error).message;
    void window.showErrorMessage(`dockerd-lint: certificates were not written: ${message}`);
    return { folder, cancelled: 'write failed' };
  }

  const serverDirectory = await prompts.askServerDirectory(existingCertDirectory(files) ?? folder);
  if (!serverDirectory) return { folder, written, cancelled: 'server directory' };
  await recordCertDirectory(serverDirectory.trim());
  const wiringApplied = await offerWiring(prompts, files, serverDirectory.trim(), hosts);
  await showInstructions(folder, serverDirectory.trim(), hosts, keepCaKey);
  return { folder, written, serverDirectory: serverDirectory.trim(), wiringApplied };
}

function hostsPrompt(suggestions: ReturnType<typeof suggestCertificateHosts>): string {
  const parts = ['Comma-separated DNS names and IPs; every one goes into the server certificate.'];
  if (suggestions.fromWorkspace.length > 0) parts.push(`From the workspace: ${suggestions.fromWorkspace.join(', ')}.`);
  if (suggestions.loopback.length > 0) parts.push(`Suggested for clients on the dockerd host itself: ${suggestions.loopback.join(', ')} (remove them if not wanted).`);
  parts.push(...suggestions.notes);
  return parts.join(' ');
}

/** daemon.json files and systemd units of the workspace, parsed by the engine. */
async function workspaceDockerdFiles(): Promise<ParsedFile[]> {
  const uris = await workspace.findFiles('**/{daemon.json,*.service,*.conf}', '**/node_modules/**', 200);
  const files: ParsedFile[] = [];
  const decoder = new TextDecoder();
  for (const uri of uris) {
    // Read, not opened: opening 200 files would make them editor documents.
    const file = parseFile({ uri: uri.toString(), text: decoder.decode(await workspace.fs.readFile(uri)) });
    if (file && (file.kind === 'daemon-json' || file.kind === 'systemd') && file.dockerd.length > 0) files.push(file);
  }
  return files;
}

function insideWorkspace(folder: string): boolean {
  return (workspace.workspaceFolders ?? []).some((root) => folder === root.uri.fsPath || folder.startsWith(root.uri.fsPath + sep));
}

/** The folder of a tlscacert the workspace already names: likely where the server keeps its files. */
function existingCertDirectory(files: ParsedFile[]): string | undefined {
  for (const file of files) {
    for (const settings of file.dockerd) {
      const value = entriesNamed(settings, 'tlscacert').at(-1)?.value;
      if (typeof value === 'string' && value.includes('/')) return value.slice(0, value.lastIndexOf('/'));
    }
  }
  return undefined;
}

async function recordCertDirectory(directory: string): Promise<void> {
  const target = workspace.workspaceFolders ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
  try {
    await workspace.getConfiguration().update(tlsCertDirectorySetting, directory, target);
  } catch (error) {
    void window.showWarningMessage(`dockerd-lint: could not record ${tlsCertDirectorySetting}: ${(error as Error).message}`);
  }
}

/**
 * Offers the TLS settings as an edit the user reviews first: a modal lists every change, and
 * only "Apply" makes it, as one ordinary edit of the open document (unsaved, undone with
 * Ctrl+Z). VS Code's refactor preview was tried: it shows edits that need confirmation
 * unticked, so its Apply button applied nothing unless the user ticked every line.
 */
async function offerWiring(prompts: CertificatePrompts, files: ParsedFile[], serverDirectory: string, hosts: CertificateHost[]): Promise<boolean> {
  const editable = files.filter((file) => editorFor(file.kind) !== undefined);
  if (editable.length === 0) return false;
  const choices = editable.map((file) => ({ label: workspace.asRelativePath(Uri.parse(file.uri)), detail: `Point this ${file.kind === 'daemon-json' ? 'daemon.json' : 'unit'} at ${serverDirectory} (you review the change first)` }));
  const index = await prompts.pickOne('Use the new certificates in which file? (Esc: none)', choices);
  if (index === undefined) return false;
  // The file as it is now (it may be open with unsaved changes): the edit's offsets are into this text.
  const uri = Uri.parse(editable[index].uri);
  const document = await workspace.openTextDocument(uri);
  const file = parseFile({ uri: editable[index].uri, text: document.getText(), kind: editable[index].kind });
  if (!file) return false;
  const hasHosts = file.dockerd.some((settings) => entriesNamed(settings, 'hosts').length > 0);
  const addHostsWhenMissing = hasHosts ? false : await prompts.confirm('This file sets no "hosts". Add a TCP host on port 2376?', hostsConflictNote, 'Add hosts');
  const wiring = tlsWiring(file, { paths: serverTlsPaths(serverDirectory), listenAddress: listenAddressesFor(hosts)[0] ?? '127.0.0.1', addHostsWhenMissing });
  if ('error' in wiring) {
    void window.showWarningMessage(`dockerd-lint: ${wiring.error}`);
    return false;
  }
  const label = choices[index].label;
  const accepted = await prompts.confirm(
    `Change ${label} to use the generated certificates?`,
    [...wiring.summary.map((line) => `• ${line}`), '', 'The change is made in the editor, unsaved: review it there, save it, or undo it.'].join('\n'),
    `Apply to ${label}`,
  );
  if (!accepted) return false;
  const edit = new WorkspaceEdit();
  for (const change of wiring.change.edits) {
    edit.replace(uri, new Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
  }
  const applied = await workspace.applyEdit(edit);
  if (!applied) return false;
  await window.showTextDocument(document, { preview: false });
  if (wiring.notes.length > 0) void window.showWarningMessage(`dockerd-lint: ${wiring.notes.join(' ')}`);
  return true;
}

async function showInstructions(folder: string, serverDirectory: string, hosts: CertificateHost[], keepCaKey: boolean): Promise<void> {
  const content = [
    '# dockerd TLS certificates',
    '',
    `Written to \`${folder}\`. Copy \`ca.pem\`, \`server-cert.pem\` and \`server-key.pem\` to \`${serverDirectory}\` on the dockerd host;`,
    keepCaKey ? 'keep `ca-key.pem` off the server (it signs new certificates), and give `ca.pem`, `cert.pem`, `key.pem` to clients.' : 'give `ca.pem`, `cert.pem`, `key.pem` to clients. The CA key was not kept.',
    '',
    '## dockerd (daemon.json)',
    '',
    '```json',
    daemonJsonSnippet(serverTlsPaths(serverDirectory)),
    '```',
    '',
    hostsConflictNote,
    '',
    '## Clients',
    '',
    '```sh',
    clientInstructions(folder, hosts),
    '```',
    '',
    `\`${tlsCertDirectorySetting}\` is now \`${serverDirectory}\`: dockerd-lint's TLS quick-fixes point there.`,
    '',
  ].join('\n');
  const document = await workspace.openTextDocument({ language: 'markdown', content });
  await window.showTextDocument(document, { preview: false });
}
