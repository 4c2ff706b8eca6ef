// Every question the certificate command asks, behind one small interface: the flow is
// tested with scripted answers, and only this file talks to VS Code's input widgets.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { window } from 'vscode';
import type { KeyType } from '../../../server/src/engine/certs/generate';
import { defaultLeafDays, maxDays, validateDays } from '../../../server/src/engine/certs/generate';

export interface HostsQuestion {
  /** Pre-filled, comma-separated; the user sees and edits every name before it is used. */
  value: string;
  /** Shown under the input: where the pre-filled names came from, what was left out and why. */
  prompt: string;
  /** An error message for the current text, or undefined when it is valid. */
  validate(value: string): string | undefined;
}

export interface Choice {
  label: string;
  detail?: string;
}

export interface CertificatePrompts {
  /** The folder to write into; `suggested` is outside the workspace. */
  pickFolder(suggested: string): Promise<string | undefined>;
  askHosts(question: HostsQuestion): Promise<string | undefined>;
  pickKeyType(): Promise<KeyType | undefined>;
  pickValidityDays(): Promise<number | undefined>;
  /** Where the folder's server files will be on the dockerd host. */
  askServerDirectory(suggested: string): Promise<string | undefined>;
  /** The index of the chosen item; undefined when the user skips. */
  pickOne(title: string, choices: Choice[]): Promise<number | undefined>;
  /** A modal yes/no; false unless the user picks `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
}

export function defaultCertificateFolder(): string {
  return join(homedir(), '.docker', 'dockerd-certs');
}

export const vscodePrompts: CertificatePrompts = {
  async pickFolder(suggested) {
    const choices = [
      { label: suggested, description: 'outside the workspace, so keys are not committed by accident', path: suggested },
      { label: 'Choose a folder…', path: undefined },
    ];
    const picked = await window.showQuickPick(choices, { title: 'Where should the certificates be written?', ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.path) return picked.path;
    const folders = await window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Write certificates here' });
    return folders?.[0]?.fsPath;
  },
  async askHosts(question) {
    return window.showInputBox({
      title: 'Host names and IPs clients use to reach dockerd',
      value: question.value,
      prompt: question.prompt,
      ignoreFocusOut: true,
      validateInput: (value) => question.validate(value),
    });
  },
  async pickKeyType() {
    const choices: { label: string; detail: string; keyType: KeyType }[] = [
      { label: 'ECDSA P-256', detail: 'Small and fast; accepted by every supported docker client', keyType: 'ecdsa-p256' },
      { label: 'RSA 2048', detail: 'For clients or tools that need RSA', keyType: 'rsa-2048' },
      { label: 'RSA 4096', detail: 'RSA with a larger key; slower to generate (a few seconds)', keyType: 'rsa-4096' },
    ];
    return (await window.showQuickPick(choices, { title: 'Key type', ignoreFocusOut: true }))?.keyType;
  },
  async pickValidityDays() {
    const choices = [
      { label: `${defaultLeafDays} days`, days: defaultLeafDays as number | undefined },
      { label: '90 days', days: 90 },
      { label: '825 days', days: 825 },
      { label: 'Other…', days: undefined },
    ];
    const picked = await window.showQuickPick(choices, { title: 'Validity of the server and client certificates (the CA: 5 years)', ignoreFocusOut: true });
    if (!picked) return undefined;
    if (picked.days !== undefined) return picked.days;
    const typed = await window.showInputBox({
      title: `Validity in days (1-${maxDays})`,
      value: String(defaultLeafDays),
      ignoreFocusOut: true,
      validateInput: (value) => (/^\d+$/.test(value.trim()) ? validateDays(Number(value)) : 'a whole number of days'),
    });
    return typed === undefined ? undefined : Number(typed.trim());
  },
  async askServerDirectory(suggested) {
    return window.showInputBox({
      title: 'Folder of ca.pem, server-cert.pem and server-key.pem on the dockerd host',
      prompt: 'daemon.json and the quick-fixes will point at this folder; copy the three files there (the CA key and the client files stay off the server).',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().startsWith('/') || /^[A-Za-z]:[\\/]/.test(value.trim()) ? undefined : 'an absolute path'),
    });
  },
  async pickOne(title, choices) {
    const items = choices.map((choice, index) => ({ label: choice.label, detail: choice.detail, index }));
    return (await window.showQuickPick(items, { title, ignoreFocusOut: true }))?.index;
  },
  async confirm(message, detail, action) {
    return (await window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
};
