// The dockerd machines of a workspace as the certificate command sees them: the files grouped
// as lint groups them (workspace.ts: one layout root, one folder, or the user's hostGroups),
// the TCP listeners their files give, the names clients use for them, and where their TLS
// files are said to live. Compose dind services are listed apart: their image makes its own
// certificates, so the command points at the dind fix instead of writing files.

import type { ParsedFile } from '../document';
import { isAllInterfaces, isLoopbackAddress } from '../dockerd/hosts';
import { tcpHosts } from '../rule-kit/fixes';
import { type DockerdSettings, entriesNamed, listItems } from '../settings';
import { type MachineService, machineRootOf, machineView } from '../workspace';
import { type Platform, isContainerKind } from '../types';
import { pathOf } from '../paths';
import { isHostInputError, loopbackSuggestions, parseCertificateHost } from './hosts';

export interface CertificateMachine {
  settings: DockerdSettings;
  /** How docker.service starts dockerd, when the files were grouped as one machine. */
  service?: MachineService;
  /** For the pick list: the machine's folder and files. */
  label: string;
  /** The TCP listeners the files give, as dockerd reads them. */
  listeners: { address: string; port: number; uri: string }[];
  /** Certificate names pre-filled for the user: the listeners' addresses, loopback when they listen there. */
  suggestedHosts: string[];
  /** What the suggestions leave out and why (a listener on every interface names no host). */
  notes: string[];
  /** The folder of a tlscacert the files already name: where the server keeps its files. */
  certDirectory?: string;
}

/**
 * A machine whose listeners name no host (0.0.0.0) is offered the name in its own
 * etc/hostname, when the workspace holds the machine's root file system: clients that reach
 * it by name most likely use that one. `text` is the file's content.
 */
export function withHostnameFile(machine: CertificateMachine, text: string): CertificateMachine {
  if (machine.suggestedHosts.length > 0) return machine;
  const host = parseCertificateHost(text.split('\n')[0] ?? '');
  if (isHostInputError(host)) return machine;
  return { ...machine, suggestedHosts: [host.value], notes: [...machine.notes, `${host.value} is the machine's etc/hostname.`] };
}

/** Where the machine's etc/hostname would be, when its files are laid out as a root file system. */
export function hostnameFileOf(machine: CertificateMachine): string | undefined {
  for (const source of machine.settings.sources) {
    const path = pathOf(source.uri);
    const root = machineRootOf(path);
    if (root !== '' && path.startsWith(root) && /^(etc|run|lib|usr\/lib)\//.test(path.slice(root.length))) return `${root}etc/hostname`;
  }
  return undefined;
}

export interface DindService {
  label: string;
  uri: string;
}

export interface WorkspaceMachines {
  machines: CertificateMachine[];
  dind: DindService[];
}

function relativeLabel(uri: string, folders: readonly string[]): string {
  const path = pathOf(uri);
  const folder = folders.find((candidate) => path.startsWith(candidate.endsWith('/') ? candidate : `${candidate}/`));
  return folder ? path.slice(folder.length).replace(/^\//, '') : path;
}

export function workspaceMachines(files: readonly ParsedFile[], options: { hostGroups?: string[][]; platform?: Platform; folders?: readonly string[] } = {}): WorkspaceMachines {
  const platform = options.platform ?? 'linux';
  const folders = options.folders ?? [];
  const hostFiles = files.filter((file) => !isContainerKind(file.kind) && !file.limit);
  const machines: CertificateMachine[] = [];
  const view = machineView(hostFiles, { hostGroups: options.hostGroups });
  for (const settings of view.dockerds) {
    const service = view.machines.find((machine) => machine.settings === settings)?.service;
    // Files that only mention docker.socket or an env file nobody reads configure no dockerd of their own.
    if (!settings.sources.some((source) => source.kind === 'daemon-json') && !service && !settings.entries.some((entry) => entry.origin === 'flag')) continue;
    machines.push({ ...describeMachine(settings, platform, folders), service });
  }
  const dind: DindService[] = files
    .filter((file) => isContainerKind(file.kind))
    .flatMap((file) => file.dockerd.map((settings) => ({ label: `${settings.label} (${relativeLabel(file.uri, folders)})`, uri: file.uri })));
  return { machines, dind };
}

function describeMachine(settings: DockerdSettings, platform: Platform, folders: readonly string[]): Omit<CertificateMachine, 'service'> {
  const listeners = tcpHosts(listItems(settings, 'hosts'), platform).map(({ host, parsed }) => ({
    address: parsed.address ?? 'localhost',
    port: parsed.port ?? 2375,
    uri: host.entry.uri,
  }));
  const suggestedHosts: string[] = [];
  const notes: string[] = [];
  const add = (name: string) => {
    const host = parseCertificateHost(name);
    if (!isHostInputError(host) && !suggestedHosts.includes(host.value)) suggestedHosts.push(host.value);
  };
  for (const listener of listeners) {
    if (isAllInterfaces(listener.address)) {
      notes.push(`The files listen on every interface (${listener.address}): that is no name a client connects to, so give this machine's host names or IPs.`);
      continue;
    }
    add(listener.address);
  }
  // Loopback listeners (or none yet: the new one is then on 127.0.0.1) are reached by these names.
  if (listeners.length === 0 || listeners.some((listener) => isLoopbackAddress(listener.address))) loopbackSuggestions.forEach(add);
  const caCert = entriesNamed(settings, 'tlscacert').at(-1)?.value;
  const certDirectory = typeof caCert === 'string' && caCert.lastIndexOf('/') > 0 ? caCert.slice(0, caCert.lastIndexOf('/')) : undefined;
  const files = settings.sources.map((source) => relativeLabel(source.uri, folders));
  return { settings, label: files.join(', '), listeners, suggestedHosts, notes, certDirectory };
}
