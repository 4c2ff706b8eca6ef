// Groups the files of one host and merges their dockerd settings as dockerd would see them:
// the docker.service command line (the unit, or the stock one, with drop-ins applied in
// file-name order and `ExecStart=` resets honoured), the variables it reads
// (Environment=, EnvironmentFile= such as /etc/default/docker), docker.socket's listeners,
// and daemon.json. A file judged in a merged host is not judged alone as well.
//
// Files belong to one host when (rules.md "Merge") they sit in one root filesystem layout
// (`X/etc/docker/daemon.json` with `X/etc/systemd/system/docker.service.d/*.conf`), or a
// daemon.json and drop-ins share one folder, or the user grouped them (`hostGroups`).

import picomatch from 'picomatch';
import type { LintOptions } from './config';
import { globOptions } from './project-config';
import { pathOf } from './detect';
import type { ParsedFile } from './document';
import type { DockerdSettings } from './settings';
import type { EnvValue } from './systemd/exec';
import { type DockerdCommand, type SystemdDocument, dockerdCommand, effectiveCommands, envFileVariables } from './systemd/parse';
import { runsDockerd } from './systemd/exec';

export interface HostFiles {
  /** What the files share: the root folder, or the user's group. */
  key: string;
  daemonJson?: ParsedFile;
  /** The docker.service unit itself, when in the workspace. */
  serviceUnit?: ParsedFile;
  /** docker.service drop-ins in the order systemd applies them. */
  dropIns: ParsedFile[];
  socketUnits: ParsedFile[];
  envFiles: ParsedFile[];
  /** Every file of the host, drop-ins masked by a same-named one in a stronger folder included. */
  members: ParsedFile[];
}

/** How the host's docker.service starts dockerd, after its unit and drop-ins. */
export interface HostService {
  /** `stock`: no file of the host sets ExecStart, so the packaged unit's line (with `-H fd://`) runs. */
  origin: 'stock' | 'workspace';
  /** The command that runs dockerd, when the workspace writes it. */
  dockerd?: DockerdCommand & { file: ParsedFile };
  /** The drop-in (or unit) whose ExecStart= reset, if any, decides the command. */
  resetBy?: ParsedFile;
}

export interface HostInfo {
  files: HostFiles;
  service: HostService;
}

/** Whether dockerd takes docker.socket's sockets: the stock unit passes -H fd://. */
export function serviceUsesSocket(service: HostService): boolean {
  if (service.origin === 'stock') return true;
  return (service.dockerd?.args.entries ?? []).some((entry) => entry.name === 'hosts' && typeof entry.value === 'string' && entry.value.startsWith('fd://'));
}

const hostInfos = new WeakMap<DockerdSettings, HostInfo>();

/** For a merged host's settings: which files took part and how docker.service starts dockerd. */
export function hostInfoOf(settings: DockerdSettings): HostInfo | undefined {
  return hostInfos.get(settings);
}

/**
 * Among the views hostViews returned, the merged host each file is a member of, looked up
 * by URI. Made once per lint: a search per call was quadratic in the number of dockerd
 * commands (100,000 `; dockerd -D` commands: 81 s; issue 16 item 7).
 */
export function mergedHosts(views: readonly DockerdSettings[]): (uri: string) => DockerdSettings | undefined {
  const byUri = new Map<string, DockerdSettings>();
  for (const settings of views) {
    if (!hostInfos.has(settings)) continue;
    for (const source of settings.sources) if (!byUri.has(source.uri)) byUri.set(source.uri, settings);
  }
  return (uri) => byUri.get(uri);
}

const layoutRoot = /^(.*\/)?(?:etc|run|lib|usr\/lib)\/(?:docker\/daemon\.json|systemd\/system\/docker\.(?:service|socket)(?:\.d\/[^/]+\.conf)?|default\/docker|sysconfig\/docker)$/;

/** The folder a file's host is keyed by. */
export function hostRootOf(path: string): string {
  const layout = layoutRoot.exec(path);
  if (layout) return layout[1] ?? '';
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return dir.replace(/docker\.(service|socket)\.d\/$/, '');
}

function normalisedPath(uri: string): string {
  return pathOf(uri).replace(/\\/g, '/');
}

function groupKey(file: ParsedFile, options?: Pick<LintOptions, 'hostGroups'>): string | undefined {
  if (file.kind === 'compose') return undefined;
  const path = normalisedPath(file.uri);
  const groups = options?.hostGroups ?? [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].some((pattern) => pattern === file.uri || pattern === path || picomatch.isMatch(path, pattern, globOptions))) return `group ${i + 1}`;
  }
  return hostRootOf(path);
}

/** systemd's search order of unit folders: /etc, then /run, then /lib (0 is strongest). */
function folderPriority(file: ParsedFile): number {
  const path = normalisedPath(file.uri);
  if (/\/etc\/systemd\//.test(path)) return 0;
  if (/\/run\/systemd\//.test(path)) return 1;
  return 2;
}

/** systemd reads drop-ins sorted by file name; a name in /etc masks the same name in /run and /lib. */
function orderDropIns(dropIns: ParsedFile[]): ParsedFile[] {
  const byName = new Map<string, ParsedFile>();
  for (const file of dropIns) {
    const name = normalisedPath(file.uri).split('/').pop() ?? '';
    const held = byName.get(name);
    if (!held || folderPriority(file) < folderPriority(held)) byName.set(name, file);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, file]) => file);
}

export function groupHosts(files: readonly ParsedFile[], options?: Pick<LintOptions, 'hostGroups'>): HostFiles[] {
  const byKey = new Map<string, ParsedFile[]>();
  for (const file of files) {
    const key = groupKey(file, options);
    if (key === undefined) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  }
  const hosts: HostFiles[] = [];
  for (const [key, members] of byKey) {
    const daemonJsons = members.filter((file) => file.kind === 'daemon-json');
    const systemd = members.filter((file) => file.systemd);
    const serviceUnits = systemd.filter((file) => file.systemd!.role === 'unit' && file.systemd!.unitName === 'docker.service');
    // Two daemon.json files or two docker.service units are two hosts we cannot tell apart.
    if (daemonJsons.length > 1 || serviceUnits.length > 1) continue;
    hosts.push({
      key,
      daemonJson: daemonJsons[0],
      serviceUnit: serviceUnits[0],
      dropIns: orderDropIns(systemd.filter((file) => file.systemd!.role === 'drop-in' && file.systemd!.unitName === 'docker.service')),
      socketUnits: systemd.filter((file) => file.systemd!.unitName === 'docker.socket'),
      envFiles: systemd.filter((file) => file.systemd!.role === 'env-file'),
      members: [
        ...daemonJsons,
        ...systemd.filter((file) => ['docker.service', 'docker.socket'].includes(file.systemd!.unitName) || file.systemd!.role === 'env-file'),
      ],
    });
  }
  return hosts;
}

/** The files systemd reads for the host's docker.service, in its order: the unit, then the drop-ins. */
export function serviceFiles(host: HostFiles): ParsedFile[] {
  return [host.serviceUnit, ...host.dropIns].filter((file): file is ParsedFile => !!file);
}

/**
 * The files systemd reads for the host's docker.socket, in its order: the unit (one in /etc
 * masks one in /run or /lib), then the drop-ins.
 */
export function socketFiles(host: HostFiles): ParsedFile[] {
  const units = host.socketUnits.filter((file) => file.systemd!.role === 'unit').sort((a, b) => folderPriority(a) - folderPriority(b));
  return [...units.slice(0, 1), ...orderDropIns(host.socketUnits.filter((file) => file.systemd!.role === 'drop-in'))];
}

/** docker.service's ExecStart after the unit and every drop-in, with the variables it sees. */
export function hostService(host: HostFiles): HostService {
  const units = serviceFiles(host);
  let commands: { file: ParsedFile; index: number }[] = [];
  let origin: HostService['origin'] = 'stock';
  let resetBy: ParsedFile | undefined;
  const environment = new Map<string, EnvValue>();
  const environmentFiles: string[] = [];
  for (const file of units) {
    const document = file.systemd as SystemdDocument;
    if (file === host.serviceUnit || document.execStarts.length > 0) origin = 'workspace';
    if (document.execStarts.some((step) => step.reset)) {
      commands = [];
      resetBy = file;
    }
    effectiveCommands(document).forEach((_, index) => commands.push({ file, index }));
    for (const [name, value] of document.environment) environment.set(name, value);
    environmentFiles.push(...document.environmentFiles.map((ref) => ref.path));
  }
  // EnvironmentFile= values override Environment= (systemd.exec(5)).
  for (const path of environmentFiles) {
    const envFile = host.envFiles.find((file) => normalisedPath(file.uri).endsWith(path));
    if (envFile) for (const [name, value] of envFileVariables(envFile.systemd as SystemdDocument, envFile.uri)) environment.set(name, value);
  }
  const running = commands
    .map(({ file, index }) => ({ file, command: effectiveCommands(file.systemd as SystemdDocument)[index].command }))
    .filter(({ command }) => runsDockerd(command));
  const last = running[running.length - 1];
  const dockerd = last ? { ...dockerdCommand(last.command, environment, last.file.uri), file: last.file } : undefined;
  return { origin, dockerd, resetBy };
}

export function hostViews(files: readonly ParsedFile[], options?: Pick<LintOptions, 'hostGroups'>): DockerdSettings[] {
  const merged: DockerdSettings[] = [];
  const judgedInHost = new Set<string>();
  for (const host of groupHosts(files, options)) {
    const members = host.members;
    if (members.length < 2) continue;
    const service = hostService(host);
    const flagEntries = service.dockerd?.args.entries ?? [];
    const settings: DockerdSettings = {
      label: `host ${host.key || '/'}`,
      sources: members.map((file) => ({ uri: file.uri, kind: file.kind })),
      entries: [...flagEntries, ...(host.daemonJson?.dockerd[0]?.entries ?? [])],
      complete: true,
      // docker.socket's TCP listeners are judged by socket-listen-tcp, which knows the unit.
      socketListeners: [],
    };
    hostInfos.set(settings, { files: host, service });
    merged.push(settings);
    for (const file of members) {
      // An env file the service does not read is not part of this dockerd: it is judged alone.
      const readByService = service.dockerd?.used.some((use) => use.definition.uri === file.uri);
      if (file.systemd?.role === 'env-file' && !readByService && service.origin === 'stock') continue;
      judgedInHost.add(file.uri);
    }
  }
  const lone = files.filter((file) => !judgedInHost.has(file.uri)).flatMap((file) => file.dockerd);
  return [...merged, ...lone];
}
