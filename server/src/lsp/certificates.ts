// "Generate TLS certificates for dockerd", run by the language server for every editor:
// it finds the workspace's dockerd machines, asks (through the client's own widgets when it
// renders our questions, else window/showMessageRequest with defaults for free text),
// generates and writes the files, and offers the wiring as a WorkspaceEdit the client
// applies. The engine does the work; this module only talks.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';
import { type Connection, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { FilesExistError, OutputFolderError, existingFiles, plannedFileNames, plannedFiles, writeCertificateFiles } from '../engine/certs/files';
import { type KeyType, defaultLeafDays } from '../engine/certs/options';
import { type CertificateHost, type ListenAddress, describeHostError, listenAddressesFor, parseCertificateHosts, parseListenAddress } from '../engine/certs/hosts';
import { clientInstructions, daemonJsonSnippet, listenerDropIn, tlsPort } from '../engine/certs/instructions';
import { type CertificateMachine, type DindService, hostnameFileOf, withHostnameFile, workspaceMachines } from '../engine/certs/machines';
import { defaultServerCertDirectory, serverTlsPaths } from '../engine/certs/names';
import { outputFolderProblem } from '../engine/certs/output-folder';
import { findingsAddedBy, tlsWiring } from '../engine/certs/wiring';
import type { ParsedFile } from '../engine/document';
import { tcpHost } from '../engine/rule-kit/fixes';
import {
  type CertificateAnswer,
  type CertificateArguments,
  type CertificateOutcome,
  type CertificateQuestion,
  type CertificateReport,
  type CertificateValidation,
  certificateQuestionRequest,
  certificateReportRequest,
  tlsCertDirectorySetting,
} from '../protocol';
import { toWorkspaceEdit } from './convert';

/** What the command needs from the server around it. */
export interface CertificateContext {
  connection: Connection;
  /** The client renders certificateQuestionRequest and certificateReportRequest. */
  rendersQuestions: boolean;
  documentChanges: boolean;
  /** The workspace's dockerd files, parsed from the text the editor holds (open) or the disk. */
  files(): Promise<{ files: ParsedFile[]; versions: Map<string, number> }>;
  folders: readonly string[];
  hostGroups?: string[][];
  /** dockerdLint.tlsCertDirectory, when set (and the workspace is trusted). */
  tlsCertDirectory?: string;
}

/** What a typed value is missing, or undefined; the client asks this while the user types. */
export function validateAnswer(validation: CertificateValidation, value: string): string | undefined {
  switch (validation) {
    case 'hosts': {
      const { hosts, errors } = parseCertificateHosts([value]);
      if (errors.length > 0) return errors.map(describeHostError).join('; ');
      return hosts.length === 0 ? 'give at least one host name or IP: the names clients use to reach dockerd' : undefined;
    }
    case 'listen': {
      const parsed = parseListenAddress(value);
      return 'error' in parsed ? parsed.error : undefined;
    }
    case 'absolutePath':
      return value.trim().startsWith('/') ? undefined : 'an absolute path on the dockerd host';
  }
}

class Cancelled extends Error {}

/** A message without buttons: a notification (showInformationMessage would be a request that waits). */
function tell(connection: Connection, type: MessageType, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type, message });
}

/** The questions, asked the way the client can render them. Answers from the arguments skip them. */
class Asker {
  constructor(private readonly context: CertificateContext) {}

  private async ask(question: CertificateQuestion): Promise<CertificateAnswer> {
    return this.context.connection.sendRequest<CertificateAnswer>(certificateQuestionRequest, question);
  }

  /** Free text: other clients take the pre-filled value, which must then be valid. */
  async input(question: Extract<CertificateQuestion, { kind: 'input' }>, given: string | undefined): Promise<string> {
    if (given !== undefined || !this.context.rendersQuestions) {
      const value = given ?? question.value;
      const problem = question.validation && validateAnswer(question.validation, value);
      if (problem) throw new Error(`${question.title}: ${problem}${given === undefined ? " (give it in the command's arguments)" : ''}`);
      return value.trim();
    }
    const answer = await this.ask(question);
    if (!answer || !('text' in answer)) throw new Cancelled(question.title);
    return answer.text.trim();
  }

  /** A choice; `essential` ones are asked in every editor, the others take the first item outside VS Code. */
  async pick(question: Extract<CertificateQuestion, { kind: 'pick' }>, given: number | undefined, essential: boolean): Promise<number> {
    if (given !== undefined) return given;
    if (!this.context.rendersQuestions) {
      if (!essential) return 0;
      const titles = question.items.map((item) => item.label);
      const chosen = await this.context.connection.window.showInformationMessage(`dockerd-lint: ${question.title}`, ...titles.map((title) => ({ title })));
      if (!chosen) throw new Cancelled(question.title);
      return titles.indexOf(chosen.title);
    }
    const answer = await this.ask(question);
    if (!answer || !('index' in answer)) throw new Cancelled(question.title);
    return answer.index;
  }

  async folder(question: Extract<CertificateQuestion, { kind: 'folder' }>, given: string | undefined): Promise<string> {
    if (given !== undefined || !this.context.rendersQuestions) return given ?? question.suggested;
    const answer = await this.ask(question);
    if (!answer || !('text' in answer)) throw new Cancelled(question.title);
    return answer.text;
  }

  async confirm(question: Extract<CertificateQuestion, { kind: 'confirm' }>, given: boolean | undefined): Promise<boolean> {
    if (given !== undefined) return given;
    if (!this.context.rendersQuestions) {
      const chosen = await this.context.connection.window.showWarningMessage(`dockerd-lint: ${question.message} ${question.detail}`, { title: question.action }, { title: 'Cancel' });
      return chosen?.title === question.action;
    }
    const answer = await this.ask(question);
    return answer !== null && 'confirmed' in answer && answer.confirmed;
  }
}

const keyTypeChoices: { label: string; detail: string; keyType: KeyType }[] = [
  { label: 'ECDSA P-256', detail: 'Small and fast; accepted by every supported docker client', keyType: 'ecdsa-p256' },
  { label: 'RSA 2048', detail: 'For clients or tools that need RSA', keyType: 'rsa-2048' },
  { label: 'RSA 4096', detail: 'RSA with a larger key; slower to generate (a few seconds)', keyType: 'rsa-4096' },
];
const validityChoices = [defaultLeafDays, 90, 825];

/** Where the files are written unless the user says: outside any workspace, so keys are not committed. */
export function defaultCertificateFolder(): string {
  return join(homedir(), '.docker', 'dockerd-certs');
}

export async function runCertificateCommand(context: CertificateContext, given: CertificateArguments = {}): Promise<CertificateOutcome> {
  const asker = new Asker(context);
  const { connection } = context;
  try {
    return await generateAndWire(context, asker, given);
  } catch (error) {
    if (error instanceof Cancelled) return { cancelled: error.message };
    // Messages from the writer and the key generator name files, never key bytes.
    const message = error instanceof FilesExistError ? `files appeared meanwhile: ${error.existing.join(', ')}; nothing was replaced` : (error as Error).message;
    tell(connection, MessageType.Error, `dockerd-lint: no certificates: ${message}`);
    return { error: message };
  }
}

async function generateAndWire(context: CertificateContext, asker: Asker, given: CertificateArguments): Promise<CertificateOutcome> {
  const { connection } = context;
  const { files, versions } = await context.files();
  const found = workspaceMachines(files, { hostGroups: context.hostGroups, folders: context.folders });
  const machines = await Promise.all(found.machines.map((machine) => withHostname(machine)));
  const { dind } = found;

  // 1. Which dockerd: a machine of the workspace, or a dind service (its image has its own certificates).
  const targets: (CertificateMachine | DindService)[] = [...machines, ...dind];
  let target: CertificateMachine | DindService | undefined = targets[0];
  if (targets.length > 1) {
    const byLabel = typeof given.machine === 'string' ? targets.findIndex((candidate) => candidate.label === given.machine) : given.machine;
    const items = targets.map((candidate) =>
      'settings' in candidate ? { label: candidate.label, detail: listenerDetail(candidate) } : { label: candidate.label, detail: 'Compose dind service: the image makes its own certificates' },
    );
    const index = await asker.pick({ kind: 'pick', title: 'Which dockerd should use the certificates?', items }, byLabel === -1 ? undefined : byLabel, true);
    target = targets[index];
    if (!target) throw new Error(`there is no dockerd ${JSON.stringify(given.machine)} in this workspace`);
  }
  if (target && !('settings' in target)) {
    const message = dindAdvice(target);
    tell(connection, MessageType.Info, message);
    return { cancelled: 'dind', report: message };
  }
  const machine = target as CertificateMachine | undefined;

  // 2. Where the files go on this computer, and for which names.
  const folder = await asker.folder(
    { kind: 'folder', title: 'Where should the certificates be written?', suggested: defaultCertificateFolder(), detail: 'outside the workspace, so keys are not committed by accident' },
    given.folder,
  );
  if (!isAbsolute(folder)) throw new Error(`${folder}: give the folder as an absolute path`);
  const folderProblem = outputFolderProblem(folder);
  if (folderProblem) throw new OutputFolderError(folderProblem);
  const hostsText = await asker.input(
    {
      kind: 'input',
      title: 'Host names and IPs clients use to reach dockerd',
      value: machine?.suggestedHosts.join(', ') ?? 'localhost, 127.0.0.1',
      prompt: hostsPrompt(machine),
      validation: 'hosts',
    },
    given.hosts,
  );
  const hosts = parseCertificateHosts([hostsText]).hosts;
  const listen = machine && machine.listeners.length > 0 ? [] : [await askListen(asker, hosts, given.listen)];
  const givenKeyType = given.keyType === undefined ? undefined : keyTypeChoices.findIndex((choice) => choice.keyType === given.keyType);
  if (givenKeyType === -1) throw new Error(`keyType must be one of ${keyTypeChoices.map((choice) => choice.keyType).join(', ')}`);
  const keyType = keyTypeChoices[await asker.pick({ kind: 'pick', title: 'Key type', items: keyTypeChoices }, givenKeyType, false)].keyType;
  const days =
    given.days ??
    validityChoices[
      await asker.pick(
        { kind: 'pick', title: 'Validity of the server and client certificates (the CA: 5 years)', items: validityChoices.map((count) => ({ label: `${count} days` })) },
        undefined,
        false,
      )
    ];
  const keepCaKey =
    (await asker.pick(
      {
        kind: 'pick',
        title: 'Keep the CA private key?',
        items: [
          { label: 'Keep ca-key.pem in the folder', detail: 'Lets you sign more client certificates later; keep it off the dockerd host.' },
          { label: 'Do not keep it', detail: 'Nobody can sign with this CA again; to add a client later, generate everything anew.' },
        ],
      },
      given.keepCaKey === undefined ? undefined : given.keepCaKey ? 0 : 1,
      false,
    )) === 0;

  if (context.folders.some((root) => folder === root || folder.startsWith(root.endsWith(sep) ? root : root + sep))) {
    const proceed = await asker.confirm(
      {
        kind: 'confirm',
        message: 'Write private keys inside the workspace?',
        detail: `${folder} is inside an open workspace folder. Private keys there are easily committed or shared: add them to .gitignore, or choose a folder outside the workspace.`,
        action: 'Write them here',
      },
      undefined,
    );
    if (!proceed) throw new Cancelled('inside workspace');
  }
  const existing = existingFiles(folder, plannedFileNames(keepCaKey));
  if (existing.length > 0) {
    const replace = await asker.confirm(
      {
        kind: 'confirm',
        message: `${existing.length} certificate file(s) already exist in ${folder}. Replace them?`,
        detail: `Existing: ${existing.join(', ')}. The old files are kept as NAME.bak-<timestamp>.`,
        action: 'Replace and keep backups',
      },
      undefined,
    );
    if (!replace) {
      tell(connection, MessageType.Info, 'dockerd-lint: nothing was written; the existing certificates are unchanged.');
      throw new Cancelled('files exist');
    }
  }

  // 3. Generate and write.
  // Loaded on first use, from its own bundle (dist/certs-generate.js, scripts/build.mjs):
  // @peculiar/x509 and its packages are not parsed, compiled or run at server start.
  const { generateCertificates } = await import('../engine/certs/generate');
  const set = await generateCertificates({ hosts, keyType, days });
  const written = writeCertificateFiles(folder, plannedFiles(set, keepCaKey), { replace: existing.length > 0 }).written;

  // 4. Where dockerd will find its files, and the wiring.
  const serverDirectory = await asker.input(
    {
      kind: 'input',
      title: 'Folder of ca.pem, server-cert.pem and server-key.pem on the dockerd host',
      prompt: "The machine's files and the quick-fixes will point at this folder; copy the three files there (the CA key and the client files stay off the server).",
      value: machine?.certDirectory ?? context.tlsCertDirectory ?? defaultServerCertDirectory,
      validation: 'absolutePath',
    },
    given.serverDirectory,
  );
  const paths = serverTlsPaths(serverDirectory);
  const port = machine?.listeners[0] ? tlsPort : (listen[0]?.port ?? tlsPort);
  let wiringApplied = false;
  let changedUris: string[] = [];
  const notes: string[] = [];
  if (machine) {
    const fileMap = new Map(files.map((file) => [file.uri, file]));
    const wiring = tlsWiring(machine, fileMap, { paths, listen });
    if ('error' in wiring) notes.push(`The files were not changed: ${wiring.error}`);
    else {
      const machineFiles = machine.settings.sources.map((source) => fileMap.get(source.uri)).filter((file): file is ParsedFile => file !== undefined);
      const added = findingsAddedBy(machineFiles, wiring.changes);
      notes.push(...wiring.notes, ...added.map((finding) => `After the change dockerd-lint would report ${finding}`));
      const fileNames = wiring.changes.map((change) => change.uri.slice(change.uri.lastIndexOf('/') + 1)).join(' and ');
      const accepted = await asker.confirm(
        {
          kind: 'confirm',
          message: `Change ${fileNames} to use the generated certificates?`,
          detail: [...wiring.summary.map((line) => `• ${line}`), ...notes.map((line) => `Note: ${line}`), '', 'The change is made in the editor: review it there, then save it (or undo it).'].join(
            '\n',
          ),
          action: 'Apply',
        },
        given.applyWiring,
      );
      if (accepted) {
        const texts = new Map(files.map((file) => [file.uri, file.text]));
        const edit = toWorkspaceEdit(wiring.changes, { texts, versions }, context.documentChanges);
        if (!edit) notes.push('This editor cannot create files through the language server: apply the changes below by hand.');
        else {
          const result = await connection.workspace.applyEdit({ label: 'dockerd-lint: use the generated certificates', edit });
          wiringApplied = result.applied;
          if (wiringApplied) changedUris = wiring.changes.map((change) => change.uri);
          else notes.push(`The editor did not apply the changes${result.failureReason ? `: ${result.failureReason}` : ''}.`);
        }
      }
    }
  }

  const report = reportMarkdown({ folder, written, serverDirectory, hosts, keepCaKey, listen, port, machine, wiringApplied, notes });
  const recordSetting = serverDirectory !== (context.tlsCertDirectory ?? defaultServerCertDirectory) ? serverDirectory : undefined;
  if (context.rendersQuestions) {
    const shown: CertificateReport = { markdown: report, changedUris, tlsCertDirectory: recordSetting };
    await connection.sendRequest(certificateReportRequest, shown);
  } else {
    const changed = changedUris.length > 0 ? ` The editor changed ${changedUris.map((uri) => uri.slice(uri.lastIndexOf('/') + 1)).join(', ')}: review and save them.` : '';
    tell(connection, MessageType.Info, `dockerd-lint: wrote ${written.length} files to ${folder}.${changed} The settings and client instructions are in the server's log and the command's result.`);
    connection.console.log(report);
  }
  return { folder, written, serverDirectory, wiringApplied, changedUris, report };
}

/** The machine's own etc/hostname, read (a few bytes, a regular file) when it names no host otherwise. */
async function withHostname(machine: CertificateMachine): Promise<CertificateMachine> {
  const path = hostnameFileOf(machine);
  if (!path || machine.suggestedHosts.length > 0) return machine;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      if (!(await handle.stat()).isFile()) return machine;
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(256), 0, 256, 0);
      return withHostnameFile(machine, buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return machine;
  }
}

async function askListen(asker: Asker, hosts: readonly CertificateHost[], given: string | undefined): Promise<ListenAddress> {
  const address = listenAddressesFor(hosts)[0];
  const text = await asker.input(
    {
      kind: 'input',
      title: 'Address and port dockerd listens on (ADDR:PORT)',
      prompt: 'The files give no TCP listener. An address of the dockerd host that clients reach; 0.0.0.0 opens every interface.',
      value: address ? `${tcpHost(address, tlsPort).slice('tcp://'.length)}` : '',
      validation: 'listen',
    },
    given,
  );
  return parseListenAddress(text) as ListenAddress;
}

function listenerDetail(machine: CertificateMachine): string {
  if (machine.listeners.length === 0) return 'no TCP listener yet: one is added on port 2376';
  return `listens on ${machine.listeners.map((listener) => tcpHost(listener.address, listener.port)).join(', ')}`;
}

function hostsPrompt(machine: CertificateMachine | undefined): string {
  const parts = ['Comma-separated DNS names and IPs; every one goes into the server certificate.'];
  if (machine && machine.listeners.length > 0)
    parts.push(`Pre-filled from the machine's listeners${machine.suggestedHosts.some((host) => host === 'localhost') ? ' (loopback: clients on the machine itself)' : ''}.`);
  else if (machine) parts.push('The files give no TCP listener: the new one listens on the first IP given here.');
  parts.push(...(machine?.notes ?? []));
  return parts.join(' ');
}

function dindAdvice(service: DindService): string {
  return (
    `dockerd-lint: ${service.label} runs the docker:dind image, which makes its own CA, server and client certificates under DOCKER_TLS_CERTDIR (/certs) at every start: ` +
    'no files are written. Keep DOCKER_TLS_CERTDIR set (do not pass --tls=false), listen on 2376 and share /certs/client with the clients; ' +
    'the quick-fix of dind-tls-disabled on that service does this.'
  );
}

interface ReportFacts {
  folder: string;
  written: string[];
  serverDirectory: string;
  hosts: readonly CertificateHost[];
  keepCaKey: boolean;
  listen: readonly ListenAddress[];
  port: number;
  machine: CertificateMachine | undefined;
  wiringApplied: boolean;
  notes: string[];
}

function reportMarkdown(facts: ReportFacts): string {
  const lines = [
    '# dockerd TLS certificates',
    '',
    `Saved on disk: ${facts.written.length} files in \`${facts.folder}\` (${facts.written.map((path) => path.slice(path.lastIndexOf('/') + 1)).join(', ')}).`,
    `Copy \`ca.pem\`, \`server-cert.pem\` and \`server-key.pem\` to \`${facts.serverDirectory}\` on the dockerd host;`,
    facts.keepCaKey
      ? 'keep `ca-key.pem` off the server (it signs new certificates), and give `ca.pem`, `cert.pem`, `key.pem` to clients.'
      : 'give `ca.pem`, `cert.pem`, `key.pem` to clients. The CA key was not kept.',
    '',
  ];
  if (facts.machine && facts.wiringApplied) lines.push("The machine's files were changed in the editor to use them.", '');
  else if (facts.machine) lines.push("The machine's files were not changed.", '');
  if (!facts.machine || !facts.wiringApplied) {
    lines.push('## dockerd', '', 'daemon.json:', '', '```json', daemonJsonSnippet(serverTlsPaths(facts.serverDirectory)), '```', '');
    if (facts.listen.length > 0) lines.push('A docker.service drop-in for the listener:', '', '```ini', listenerDropIn(facts.listen), '```', '');
  }
  for (const note of facts.notes) lines.push(`Note: ${note}`, '');
  lines.push('## Clients', '', '```sh', clientInstructions(facts.folder, facts.hosts, facts.port), '```', '');
  if (facts.serverDirectory !== defaultServerCertDirectory) lines.push(`\`${tlsCertDirectorySetting}\`: \`${facts.serverDirectory}\` (dockerd-lint's TLS quick-fixes point there).`, '');
  return lines.join('\n');
}
