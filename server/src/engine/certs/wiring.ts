// Points a dockerd configuration at generated certificates: tlsverify, tlscacert, tlscert,
// tlskey and a TCP host on 2376, written by the surface editor of the file that holds them
// (daemon.json today, a systemd drop-in once its editor exists).

import type { ParsedFile } from '../document';
import { isParsedHost, parseDaemonHost } from '../dockerd/hosts';
import { mergeEdits, tcpHost, tcpHosts } from '../rule-kit/fixes';
import { type JsonValue, entriesNamed, listItems } from '../settings';
import { editorFor } from '../surface-edit';
import type { FileChange, Platform, TlsPaths } from '../types';
import { hostsConflictNote, tlsOptionsFor, tlsPort } from './instructions';

export interface WiringRequest {
  /** Where the server's files are on the dockerd host. */
  paths: TlsPaths;
  /** Address for a new TCP host when the file has none, e.g. 0.0.0.0. */
  listenAddress: string;
  /**
   * Add a `hosts` setting when the file has none. Off by default: the host may already get
   * its hosts from -H flags (the stock docker.service passes -H fd://), and dockerd refuses
   * to start when the flag and daemon.json both set them.
   */
  addHostsWhenMissing?: boolean;
  platform?: Platform;
}

export interface TlsWiring {
  change: FileChange;
  /** One line per change, for the preview. */
  summary: string[];
  /** What the user must still know or do. */
  notes: string[];
}

export function tlsWiring(file: ParsedFile, request: WiringRequest): TlsWiring | { error: string } {
  const editor = editorFor(file.kind);
  if (!editor) return { error: `dockerd-lint cannot edit ${file.kind} files yet: set the TLS options by hand` };
  if (file.limit) return { error: file.limit.message };
  if (file.kind === 'daemon-json' && (file.daemonJson.syntaxErrors.length > 0 || file.daemonJson.root?.type !== 'object')) {
    return { error: 'daemon.json is not a valid JSON object: fix its syntax first' };
  }
  if (file.dockerd.length !== 1) return { error: `${file.uri} configures ${file.dockerd.length} dockerd instances: set the TLS options by hand` };
  const settings = file.dockerd[0];
  const platform = request.platform ?? 'linux';
  const summary: string[] = [];
  const notes: string[] = [];

  const options: { name: string; value: JsonValue }[] = tlsOptionsFor(request.paths);
  for (const option of options) summary.push(`set ${option.name} to ${JSON.stringify(option.value)}`);

  const hostEntries = entriesNamed(settings, 'hosts');
  const tcp = tcpHosts(listItems(settings, 'hosts'), platform);
  const hostEdits = [];
  for (const { host, parsed } of tcp) {
    if (parsed.port === tlsPort) continue;
    const moved = tcpHost(parsed.address ?? 'localhost', tlsPort);
    hostEdits.push(...editor.replaceValue(file, host.span, moved));
    summary.push(`listen on ${moved} instead of ${parsed.normalized}`);
  }
  if (tcp.length === 0) {
    const listen = tcpHost(request.listenAddress, tlsPort);
    if (hostEntries.length > 0) {
      // A flag surface appends one more -H; daemon.json's "hosts" list is rewritten whole.
      const onFlags = hostEntries.every((entry) => entry.origin === 'flag');
      const current = listItems(settings, 'hosts').map((item) => item.value);
      options.push({ name: 'hosts', value: onFlags ? [listen] : [...current, listen] });
      summary.push(`add ${listen} to hosts`);
    } else if (request.addHostsWhenMissing) {
      const unixSocket = parseDaemonHost('unix://', platform);
      const keep = isParsedHost(unixSocket) ? [unixSocket.normalized] : [];
      options.push({ name: 'hosts', value: [...keep, listen] });
      summary.push(`set hosts to ${JSON.stringify([...keep, listen])} (dockerd keeps its local socket)`);
      notes.push(hostsConflictNote);
    } else {
      notes.push(`No TCP host was added: this file sets no hosts. ${hostsConflictNote}`);
    }
  }

  const anchor = hostEntries[hostEntries.length - 1] ?? settings.entries[settings.entries.length - 1];
  const edits = mergeEdits(hostEdits, editor.setOptions(file, options, anchor));
  if (!edits || edits.length === 0) return { error: `could not edit ${file.uri}: set the TLS options by hand` };
  return { change: { uri: file.uri, edits }, summary, notes };
}
