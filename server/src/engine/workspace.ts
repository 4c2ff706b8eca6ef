// Groups the files of one machine (the computer whose dockerd they configure; a "host" is one
// of dockerd's listen addresses) and merges their dockerd settings as dockerd would see them:
// the docker.service command line (the unit, or the stock one, with drop-ins applied in
// file-name order and `ExecStart=` resets honoured), the variables it reads
// (Environment=, EnvironmentFile= such as /etc/default/docker), docker.socket's listeners,
// and daemon.json. A file judged in a machine is not judged alone as well.
//
// Files belong to one machine when (rules.md "Merge") they sit in one root filesystem layout
// (`X/etc/docker/daemon.json` with `X/etc/systemd/system/docker.service.d/*.conf`), or a
// daemon.json and drop-ins share one folder, or the user grouped them (`hostGroups`).

import { hostGroupOf } from './config';
import { pathOf } from './paths';
import type { DaemonJsonFile, ParsedFile, SystemdFile } from './document';
import type { DockerdSettings } from './settings';
import type { EnvValue } from './systemd/env-expansion';
import { runsDockerd } from './systemd/exec';
import { type DockerdCommand, type ExecStartChain, dockerdCommand, envFileVariables, execStartChain } from './systemd/model';

export interface MachineFiles {
  /** What the files share: the root folder, or the user's group. */
  key: string;
  daemonJson?: DaemonJsonFile;
  /** The docker.service unit itself, when in the workspace. */
  serviceUnit?: SystemdFile;
  /** docker.service drop-ins in the order systemd applies them. */
  dropIns: SystemdFile[];
  socketUnits: SystemdFile[];
  envFiles: SystemdFile[];
  /** Every file of the machine, drop-ins masked by a same-named one in a stronger folder included. */
  members: (DaemonJsonFile | SystemdFile)[];
}

/** How the machine's docker.service starts dockerd, after its unit and drop-ins. */
export interface MachineService {
  /** `stock`: no file of the machine sets ExecStart, so the packaged unit's line (with `-H fd://`) runs. */
  origin: 'stock' | 'workspace';
  /** The command that runs dockerd, when the workspace writes it. */
  dockerd?: DockerdCommand & { file: SystemdFile };
  /** The drop-in (or unit) whose ExecStart= reset, if any, decides the command. */
  resetBy?: SystemdFile;
  /** docker.service's ExecStart= list after the unit and every drop-in. */
  execStart: ExecStartChain<SystemdFile>;
}

/** The files of one computer running dockerd, judged together, and the dockerd they configure. */
export interface Machine {
  /** The merged dockerd settings of the machine's files. */
  settings: DockerdSettings;
  files: MachineFiles;
  service: MachineService;
}

/** Whether dockerd takes docker.socket's sockets: the stock unit passes -H fd://. */
export function serviceUsesSocket(service: MachineService): boolean {
  if (service.origin === 'stock') return true;
  return (service.dockerd?.args.entries ?? []).some((entry) => entry.name === 'hosts' && typeof entry.value === 'string' && entry.value.startsWith('fd://'));
}

/**
 * Among `machines`, the one each file is a member of, looked up by URI. Made once per lint:
 * a search per file and rule was quadratic in the number of files (and, per dockerd view, in
 * the number of dockerd commands: 100,000 `; dockerd -D` took 81 s; issue 16 item 7).
 */
export function machinesByUri(machines: readonly Machine[]): (uri: string) => Machine | undefined {
  const byUri = new Map<string, Machine>();
  for (const machine of machines) for (const source of machine.settings.sources) if (!byUri.has(source.uri)) byUri.set(source.uri, machine);
  return (uri) => byUri.get(uri);
}

/** How files are grouped beyond their layout: LintOptions.hostGroups (a machine per group). */
export interface MachineGrouping {
  hostGroups?: string[][];
}

/**
 * systemd's unit search path for the system manager (systemd.unit(5)), strongest first:
 * a unit or drop-in in an earlier folder masks the same name in a later one.
 */
const unitFolders = ['etc/systemd/system', 'run/systemd/system', 'usr/local/lib/systemd/system', 'usr/lib/systemd/system', 'lib/systemd/system'];

/**
 * A file at a fixed place of a root filesystem: what precedes the place is the machine's root.
 * The prefix is the shortest that fits, so `usr/lib/systemd/...` is not read as `lib/...` under `usr/`.
 */
const layoutRoot = new RegExp(`^(.*?/)?(?:etc/docker/daemon\\.json|etc/default/docker|etc/sysconfig/docker|(?:${unitFolders.join('|')})/[^/]+\\.(?:service|socket)(?:\\.d/[^/]+\\.conf)?)$`);

/** The folder a file's machine is keyed by: the root of a root filesystem layout, else its folder. */
export function machineRootOf(path: string): string {
  const layout = layoutRoot.exec(path);
  if (layout) return layout[1] ?? '';
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return dir.replace(/docker\.(service|socket)\.d\/$/, '');
}

function normalisedPath(uri: string): string {
  return pathOf(uri).replace(/\\/g, '/');
}

/** The absolute EnvironmentFile= paths the units among `files` name. */
function environmentFilePaths(files: Iterable<ParsedFile>): Set<string> {
  const paths = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'systemd' || file.limit || file.systemd.role === 'env-file') continue;
    for (const ref of file.systemd.environmentFiles) if (ref.path.startsWith('/')) paths.add(ref.path);
  }
  return paths;
}

/** How a unit among the files makes a file of no known kind part of it. */
export type UnitCompanion = 'env-file' | 'drop-in';

/**
 * Among `candidates` (URIs of files of no kind known by name or content), those a unit among
 * `files` makes part of itself: an environment file it reads at a path of its own choosing
 * (EnvironmentFile=/etc/docker/docker.conf, under the unit's machine root), and a drop-in of
 * a socket unit of another name that activates docker.service (docker-api.socket.d/*.conf).
 */
export function unitCompanions(files: Iterable<ParsedFile>, candidates: readonly string[]): Map<string, UnitCompanion> {
  const envFiles = new Set<string>();
  const socketUnits = new Set<string>();
  for (const file of files) {
    if (file.kind !== 'systemd' || file.limit || file.systemd.role === 'env-file') continue;
    const root = machineRootOf(normalisedPath(file.uri));
    for (const ref of file.systemd.environmentFiles) if (ref.path.startsWith('/')) envFiles.add(root + ref.path.slice(1));
    if (file.systemd.role === 'unit' && file.systemd.servesDockerService) socketUnits.add(`${root}\0${file.systemd.unitName}`);
  }
  const companions = new Map<string, UnitCompanion>();
  for (const uri of candidates) {
    const path = normalisedPath(uri);
    const dropIn = /\/([^/]+\.socket)\.d\/[^/]+\.conf$/.exec(path);
    if (envFiles.has(path)) companions.set(uri, 'env-file');
    else if (dropIn && socketUnits.has(`${machineRootOf(path)}\0${dropIn[1]}`)) companions.set(uri, 'drop-in');
  }
  return companions;
}

function groupKey(file: DaemonJsonFile | SystemdFile, envFilePaths: ReadonlySet<string>, options?: MachineGrouping): string | undefined {
  const path = normalisedPath(file.uri);
  const group = hostGroupOf(file.uri, path, options?.hostGroups ?? []);
  if (group !== undefined) return `group ${group + 1}`;
  if (file.kind === 'systemd' && file.systemd.role === 'env-file' && !layoutRoot.test(path)) {
    // An environment file at a path a unit names belongs to the machine that path is on (looked up
    // per folder of the path, not per path named: a unit may name many).
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (envFilePaths.has(path.slice(slash))) return path.slice(0, slash + 1);
    }
  }
  return machineRootOf(path);
}

/** The rank of the file's unit folder in systemd's search path (0 is strongest). */
function folderPriority(file: ParsedFile): number {
  const path = normalisedPath(file.uri);
  const rank = unitFolders.findIndex((folder) => path.includes(`/${folder}/`));
  return rank < 0 ? unitFolders.length : rank;
}

/** systemd reads drop-ins sorted by file name; a name in /etc masks the same name in /run and /lib. */
function orderDropIns(dropIns: SystemdFile[]): SystemdFile[] {
  const byName = new Map<string, SystemdFile>();
  for (const file of dropIns) {
    const name = normalisedPath(file.uri).split('/').pop() ?? '';
    const held = byName.get(name);
    if (!held || folderPriority(file) < folderPriority(held)) byName.set(name, file);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, file]) => file);
}

export function groupMachines(files: readonly ParsedFile[], options?: MachineGrouping): MachineFiles[] {
  const byKey = new Map<string, (DaemonJsonFile | SystemdFile)[]>();
  const envFilePaths = environmentFilePaths(files);
  for (const file of files) {
    if (file.limit || (file.kind !== 'daemon-json' && file.kind !== 'systemd')) continue;
    const key = groupKey(file, envFilePaths, options);
    if (key === undefined) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  }
  const machines: MachineFiles[] = [];
  for (const [key, members] of byKey) {
    const daemonJsons = members.filter((file) => file.kind === 'daemon-json');
    const systemd = members.filter((file) => file.kind === 'systemd');
    // Socket units that hand their listeners to docker.service, with their drop-ins (a drop-in alone does not say).
    const servingSockets = new Set(systemd.filter((file) => file.systemd.servesDockerService).map((file) => file.systemd.unitName));
    const servesDocker = (file: SystemdFile) => file.systemd.servesDockerService || (file.systemd.role === 'drop-in' && servingSockets.has(file.systemd.unitName));
    // A docker.service in a stronger folder of the search path masks the others: systemd reads only it.
    const serviceUnits = systemd.filter((file) => file.systemd.role === 'unit' && file.systemd.unitName === 'docker.service').sort((a, b) => folderPriority(a) - folderPriority(b));
    const serviceUnit = serviceUnits[0];
    const masked = new Set(serviceUnits.slice(1));
    // Two daemon.json files, or two docker.service units in one folder, are two machines we cannot tell apart.
    if (daemonJsons.length > 1 || (serviceUnits.length > 1 && folderPriority(serviceUnits[1]) === folderPriority(serviceUnit))) continue;
    machines.push({
      key,
      daemonJson: daemonJsons[0],
      serviceUnit,
      dropIns: orderDropIns(systemd.filter((file) => file.systemd.role === 'drop-in' && file.systemd.unitName === 'docker.service')),
      socketUnits: systemd.filter(servesDocker),
      envFiles: systemd.filter((file) => file.systemd.role === 'env-file'),
      members: [...daemonJsons, ...systemd.filter((file) => !masked.has(file) && (file.systemd.unitName === 'docker.service' || servesDocker(file) || file.systemd.role === 'env-file'))],
    });
  }
  return machines;
}

/** The files systemd reads for the machine's docker.service, in its order: the unit, then the drop-ins. */
export function serviceFiles(machine: MachineFiles): SystemdFile[] {
  return [machine.serviceUnit, ...machine.dropIns].filter((file): file is SystemdFile => !!file);
}

/**
 * The files systemd reads for one socket unit of the machine (docker.socket, or another that
 * activates docker.service), in its order: the unit (one in /etc masks one in /run or /lib),
 * then the drop-ins.
 */
export function socketFiles(machine: MachineFiles, unitName = 'docker.socket'): SystemdFile[] {
  const files = machine.socketUnits.filter((file) => file.systemd.unitName === unitName);
  const units = files.filter((file) => file.systemd.role === 'unit').sort((a, b) => folderPriority(a) - folderPriority(b));
  return [...units.slice(0, 1), ...orderDropIns(files.filter((file) => file.systemd.role === 'drop-in'))];
}

/** docker.service's ExecStart after the unit and every drop-in, with the variables it sees. */
export function machineService(machine: MachineFiles): MachineService {
  const units = serviceFiles(machine);
  const execStart = execStartChain(units);
  const origin: MachineService['origin'] = machine.serviceUnit || execStart.setsExecStart ? 'workspace' : 'stock';
  const environment = new Map<string, EnvValue>();
  const environmentFiles: string[] = [];
  for (const file of units) {
    for (const [name, value] of file.systemd.environment) environment.set(name, value);
    environmentFiles.push(...file.systemd.environmentFiles.map((ref) => ref.path));
  }
  // EnvironmentFile= values override Environment= (systemd.exec(5)).
  for (const path of environmentFiles) {
    const envFile = machine.envFiles.find((file) => normalisedPath(file.uri).endsWith(path));
    if (envFile) for (const [name, value] of envFileVariables(envFile.systemd, envFile.uri)) environment.set(name, value);
  }
  const running = execStart.commands.filter(({ command }) => runsDockerd(command));
  const last = running[running.length - 1];
  const dockerd = last ? { ...dockerdCommand(last.command, environment, last.file.uri), file: last.file } : undefined;
  return { origin, dockerd, resetBy: execStart.resetBy, execStart };
}

/** The machines of `files`, and every dockerd to judge: each machine's merged settings, then the files judged alone. */
export interface MachineView {
  machines: Machine[];
  dockerds: DockerdSettings[];
}

export function machineView(files: readonly ParsedFile[], options?: MachineGrouping): MachineView {
  const machines: Machine[] = [];
  const judgedInMachine = new Set<string>();
  for (const machineFiles of groupMachines(files, options)) {
    const members = machineFiles.members;
    if (members.length < 2) continue;
    const service = machineService(machineFiles);
    const flagEntries = service.dockerd?.args.entries ?? [];
    const settings: DockerdSettings = {
      label: `machine ${machineFiles.key || '/'}`,
      sources: members.map((file) => ({ uri: file.uri, kind: file.kind })),
      entries: [...flagEntries, ...(machineFiles.daemonJson?.dockerd[0]?.entries ?? [])],
      complete: true,
      // docker.socket's TCP listeners are judged by socket-listen-tcp, which knows the unit.
      socketListeners: [],
    };
    machines.push({ settings, files: machineFiles, service });
    for (const file of members) {
      // An env file the service does not read is not part of this dockerd: it is judged alone.
      const readByService = service.dockerd?.used.some((use) => use.definition.uri === file.uri);
      if (file.kind === 'systemd' && file.systemd.role === 'env-file' && !readByService && service.origin === 'stock') continue;
      judgedInMachine.add(file.uri);
    }
  }
  const lone = files.filter((file) => !judgedInMachine.has(file.uri)).flatMap((file) => file.dockerd);
  return { machines, dockerds: [...machines.map((machine) => machine.settings), ...lone] };
}
