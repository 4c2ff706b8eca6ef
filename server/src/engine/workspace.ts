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

import picomatch from 'picomatch';
import type { LintOptions } from './config';
import { globOptions } from './project-config';
import { pathOf } from './detect';
import type { DaemonJsonFile, ParsedFile, SystemdFile } from './document';
import type { DockerdSettings } from './settings';
import { type EnvValue, runsDockerd } from './systemd/exec';
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

const layoutRoot = /^(.*\/)?(?:etc|run|lib|usr\/lib)\/(?:docker\/daemon\.json|systemd\/system\/docker\.(?:service|socket)(?:\.d\/[^/]+\.conf)?|default\/docker|sysconfig\/docker)$/;

/** The folder a file's machine is keyed by. */
export function machineRootOf(path: string): string {
  const layout = layoutRoot.exec(path);
  if (layout) return layout[1] ?? '';
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  return dir.replace(/docker\.(service|socket)\.d\/$/, '');
}

function normalisedPath(uri: string): string {
  return pathOf(uri).replace(/\\/g, '/');
}

function groupKey(file: DaemonJsonFile | SystemdFile, options?: Pick<LintOptions, 'hostGroups'>): string | undefined {
  const path = normalisedPath(file.uri);
  const groups = options?.hostGroups ?? [];
  for (let i = 0; i < groups.length; i++) {
    if (groups[i].some((pattern) => pattern === file.uri || pattern === path || picomatch.isMatch(path, pattern, globOptions))) return `group ${i + 1}`;
  }
  return machineRootOf(path);
}

/** systemd's search order of unit folders: /etc, then /run, then /lib (0 is strongest). */
function folderPriority(file: ParsedFile): number {
  const path = normalisedPath(file.uri);
  if (/\/etc\/systemd\//.test(path)) return 0;
  if (/\/run\/systemd\//.test(path)) return 1;
  return 2;
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

export function groupMachines(files: readonly ParsedFile[], options?: Pick<LintOptions, 'hostGroups'>): MachineFiles[] {
  const byKey = new Map<string, (DaemonJsonFile | SystemdFile)[]>();
  for (const file of files) {
    if (file.limit || file.kind === 'compose') continue;
    const key = groupKey(file, options);
    if (key === undefined) continue;
    byKey.set(key, [...(byKey.get(key) ?? []), file]);
  }
  const machines: MachineFiles[] = [];
  for (const [key, members] of byKey) {
    const daemonJsons = members.filter((file) => file.kind === 'daemon-json');
    const systemd = members.filter((file) => file.kind === 'systemd');
    const serviceUnits = systemd.filter((file) => file.systemd.role === 'unit' && file.systemd.unitName === 'docker.service');
    // Two daemon.json files or two docker.service units are two hosts we cannot tell apart.
    if (daemonJsons.length > 1 || serviceUnits.length > 1) continue;
    machines.push({
      key,
      daemonJson: daemonJsons[0],
      serviceUnit: serviceUnits[0],
      dropIns: orderDropIns(systemd.filter((file) => file.systemd.role === 'drop-in' && file.systemd.unitName === 'docker.service')),
      socketUnits: systemd.filter((file) => file.systemd.unitName === 'docker.socket'),
      envFiles: systemd.filter((file) => file.systemd.role === 'env-file'),
      members: [
        ...daemonJsons,
        ...systemd.filter((file) => ['docker.service', 'docker.socket'].includes(file.systemd.unitName) || file.systemd.role === 'env-file'),
      ],
    });
  }
  return machines;
}

/** The files systemd reads for the machine's docker.service, in its order: the unit, then the drop-ins. */
export function serviceFiles(machine: MachineFiles): SystemdFile[] {
  return [machine.serviceUnit, ...machine.dropIns].filter((file): file is SystemdFile => !!file);
}

/**
 * The files systemd reads for the machine's docker.socket, in its order: the unit (one in /etc
 * masks one in /run or /lib), then the drop-ins.
 */
export function socketFiles(machine: MachineFiles): SystemdFile[] {
  const units = machine.socketUnits.filter((file) => file.systemd.role === 'unit').sort((a, b) => folderPriority(a) - folderPriority(b));
  return [...units.slice(0, 1), ...orderDropIns(machine.socketUnits.filter((file) => file.systemd.role === 'drop-in'))];
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

export function machineView(files: readonly ParsedFile[], options?: Pick<LintOptions, 'hostGroups'>): MachineView {
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
