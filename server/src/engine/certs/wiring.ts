// Points a machine's dockerd at generated certificates, in the files that already set its
// options: a TCP listener moves to 2376 where it is written (address kept as the files give
// it), tlsverify/tlscacert/tlscert/tlskey go where they are already set, else into
// daemon.json, else onto the command line. A machine without a TCP listener gets one where
// its listeners are written; under the stock unit (-H fd://, which dockerd refuses next to
// "hosts" in daemon.json) in a new drop-in that resets ExecStart= and keeps -H fd://.
// The result is linted before it is offered: anything it would add is said.

import { type LintOptions, defaultLintOptions } from '../config';
import type { ParsedFile } from '../document';
import { isAllInterfaces, isParsedHost, parseDaemonHost } from '../dockerd/hosts';
import { lintFiles } from '../lint';
import { mergeEdits, tcpHost, tcpHosts } from '../rule-kit/fixes';
import { type DockerdSettings, type JsonValue, type SettingEntry, entriesNamed, lastEntry, listItems } from '../settings';
import { editorFor } from '../surface-edit';
import { newDropInUri } from '../systemd/drop-in';
import { applyEdits } from '../text';
import type { FileChange, Platform, TextEdit, TlsPaths } from '../types';
import type { MachineService } from '../workspace';
import type { ListenAddress } from './hosts';
import { listenerDropIn, tlsOptionsFor, tlsPort } from './instructions';

export interface WiringRequest {
  /** Where the server's files are on the dockerd host. */
  paths: TlsPaths;
  /** Listeners to add when the files give none. */
  listen: readonly ListenAddress[];
  platform?: Platform;
}

export interface TlsWiring {
  changes: FileChange[];
  /** One line per change, for the review. */
  summary: string[];
  /** What the user must still know. */
  notes: string[];
}

/** The file that holds the dockerd command line of the machine, when one of its files does. */
function commandFile(settings: DockerdSettings, service: MachineService | undefined): string | undefined {
  if (service) return service.origin === 'workspace' ? service.dockerd?.file.uri : undefined;
  return settings.entries.find((entry) => entry.origin === 'flag')?.uri;
}

function daemonJsonOf(settings: DockerdSettings): string | undefined {
  return settings.sources.find((source) => source.kind === 'daemon-json')?.uri;
}

export function tlsWiring(machine: { settings: DockerdSettings; service?: MachineService }, files: ReadonlyMap<string, ParsedFile>, request: WiringRequest): TlsWiring | { error: string } {
  const { settings, service } = machine;
  const platform = request.platform ?? 'linux';
  for (const source of settings.sources) {
    const file = files.get(source.uri);
    if (!file) return { error: `${source.uri} is not loaded` };
    if (file.limit) return { error: file.limit.message };
    if (file.kind === 'daemon-json' && (file.daemonJson.syntaxErrors.length > 0 || file.daemonJson.root?.type !== 'object')) {
      return { error: `${source.uri} is not a valid JSON object: fix its syntax first` };
    }
  }
  const edits = new Map<string, TextEdit[]>();
  const created: FileChange[] = [];
  const summary: string[] = [];
  const notes: string[] = [];
  const addEdits = (uri: string, more: TextEdit[]): string | undefined => {
    const merged = mergeEdits(edits.get(uri) ?? [], more);
    if (!merged) return `the changes to ${uri} overlap: set the TLS options by hand`;
    edits.set(uri, merged);
    return undefined;
  };
  const editorOf = (uri: string) => {
    const file = files.get(uri);
    const editor = file && editorFor(file.kind);
    return file && editor ? { file, editor } : undefined;
  };

  // 1. TCP listeners move to the TLS port, where they are written, at their own address.
  const tcp = tcpHosts(listItems(settings, 'hosts'), platform);
  for (const { host, parsed } of tcp) {
    const address = parsed.address ?? 'localhost';
    if (isAllInterfaces(address)) notes.push(`${parsed.normalized} keeps listening on every interface, as the files say; clients must present a certificate from this CA.`);
    if (parsed.port === tlsPort) continue;
    const target = editorOf(host.entry.uri);
    if (!target) return { error: `dockerd-lint cannot edit ${host.entry.uri}: set the TLS options by hand` };
    const moved = tcpHost(address, tlsPort);
    const problem = addEdits(host.entry.uri, target.editor.replaceValue(target.file, host.span, moved));
    if (problem) return { error: problem };
    summary.push(`${fileName(host.entry.uri)}: listen on ${moved} instead of ${parsed.normalized}`);
  }

  // 2. The TLS options, each where it is already set, else in one common place.
  const defaultTarget = daemonJsonOf(settings) ?? commandFile(settings, service);
  const byFile = new Map<string, { options: { name: string; value: JsonValue }[]; anchor?: SettingEntry }>();
  for (const option of tlsOptionsFor(request.paths)) {
    const existing = lastEntry(settings, option.name);
    const uri = existing?.uri ?? defaultTarget;
    if (!uri) continue;
    const group = byFile.get(uri) ?? { options: [], anchor: existing ?? anchorIn(settings, uri) };
    group.options.push(option);
    byFile.set(uri, group);
  }
  if (byFile.size === 0) return { error: 'no file of this machine can take the TLS options: set them by hand' };

  // 3. A listener where the machine has none.
  if (tcp.length === 0) {
    const listen = request.listen.map((listener) => tcpHost(listener.address, listener.port));
    if (listen.length === 0) return { error: 'the files give no TCP listener and no address to listen on was given' };
    const hostEntries = entriesNamed(settings, 'hosts');
    const flagsFile = commandFile(settings, service);
    const daemonJson = daemonJsonOf(settings);
    if (hostEntries.some((entry) => entry.origin === 'config-file') && daemonJson) {
      const current = listItems(settings, 'hosts')
        .filter((item) => item.entry.origin === 'config-file')
        .map((item) => item.value);
      const group = byFile.get(daemonJson) ?? { options: [], anchor: lastEntry(settings, 'hosts') };
      group.options.push({ name: 'hosts', value: [...current, ...listen] });
      byFile.set(daemonJson, group);
      summary.push(`${fileName(daemonJson)}: add ${listen.join(', ')} to "hosts"`);
    } else if (flagsFile) {
      // Without any -H dockerd listens on its default socket; a first -H would drop it, so it is kept.
      const keep = hostEntries.length === 0 ? defaultSocket(platform) : [];
      const group = byFile.get(flagsFile) ?? { options: [], anchor: lastEntry(settings, 'hosts') ?? anchorIn(settings, flagsFile) };
      group.options.push({ name: 'hosts', value: [...keep, ...listen] });
      byFile.set(flagsFile, group);
      summary.push(`${fileName(flagsFile)}: add -H ${listen.join(' -H ')}${keep.length > 0 ? ` (and -H ${keep[0]}, dockerd's default socket, which a first -H would drop)` : ''}`);
    } else {
      const near = daemonJson ?? settings.sources[0].uri;
      const uri = newDropInUri(near, (candidate) => files.has(candidate));
      if (!uri) return { error: 'every drop-in name dockerd-lint would use is taken: add the -H flag by hand' };
      created.push({ uri, create: true, edits: [{ start: 0, end: 0, newText: listenerDropIn(request.listen) }] });
      summary.push(`new ${fileName(uri)}: docker.service keeps -H fd:// and adds -H ${listen.join(' -H ')} ("hosts" stays out of daemon.json: the stock unit's -H fd:// would conflict)`);
    }
  }

  for (const [uri, group] of byFile) {
    const target = editorOf(uri);
    if (!target) return { error: `dockerd-lint cannot edit ${uri}: set the TLS options by hand` };
    const problem = addEdits(uri, target.editor.setOptions(target.file, group.options, group.anchor));
    if (problem) return { error: problem };
    const names = group.options.filter((option) => option.name !== 'hosts').map((option) => option.name);
    if (names.length > 0) summary.push(`${fileName(uri)}: set ${names.join(', ')} (files in ${dirOf(request.paths.tlscacert)})`);
  }
  const changes = [...[...edits].map(([uri, fileEdits]) => ({ uri, edits: fileEdits })), ...created];
  return { changes, summary, notes };
}

function defaultSocket(platform: Platform): string[] {
  const parsed = parseDaemonHost(platform === 'windows' ? 'npipe://' : 'unix://', platform);
  return isParsedHost(parsed) ? [parsed.normalized] : [];
}

/** An entry of `uri` to put new options next to: its last hosts flag, else its last entry. */
function anchorIn(settings: DockerdSettings, uri: string): SettingEntry | undefined {
  const inFile = settings.entries.filter((entry) => entry.uri === uri && entry.origin !== 'implied');
  return inFile.filter((entry) => entry.name === 'hosts').at(-1) ?? inFile.at(-1);
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function dirOf(path: string): string {
  return path.slice(0, Math.max(1, path.lastIndexOf('/')));
}

/** The files with the changes applied (a created file from nothing). */
export function applyWiring(files: ReadonlyMap<string, ParsedFile>, changes: readonly FileChange[]): { uri: string; text: string }[] {
  return changes.map((change) => ({ uri: change.uri, text: applyEdits(change.create ? '' : (files.get(change.uri)?.text ?? ''), change.edits) }));
}

/**
 * Warnings and errors the wiring would add to the machine's files, as "rule: message" lines:
 * the command promises a working, clean result and says so when it cannot keep the promise.
 */
export function findingsAddedBy(machineFiles: readonly ParsedFile[], changes: readonly FileChange[], options: LintOptions = defaultLintOptions()): string[] {
  const files = new Map(machineFiles.map((file) => [file.uri, file]));
  const before = lintFiles(
    machineFiles.map((file) => ({ uri: file.uri, text: file.text })),
    options,
  );
  const wired = new Map(machineFiles.map((file) => [file.uri, file.text]));
  for (const { uri, text } of applyWiring(files, changes)) wired.set(uri, text);
  const after = lintFiles(
    [...wired].map(([uri, text]) => ({ uri, text })),
    options,
  );
  const key = (finding: { ruleId: string; uri: string }) => `${finding.ruleId} ${finding.uri}`;
  const old = new Set(before.flatMap((result) => result.findings).map(key));
  return after
    .flatMap((result) => result.findings)
    .filter((finding) => finding.severity !== 'info' && !old.has(key(finding)))
    .map((finding) => `${finding.ruleId}: ${finding.message}`);
}
