// systemd units, drop-ins and /etc/default/docker -> the unit model and dockerd settings.
// A unit or drop-in whose ExecStart runs dockerd, and the DOCKER_OPTS/OPTIONS of an
// environment file, are surfaces of dockerd settings; docker.socket's ListenStream= feeds
// dockerd's `fd://`. A lone file is judged with what it shows; workspace.ts merges the
// files of one host and resolves variables across them.

import { type ArgWord, type ParsedArgs, mapOfWord, parseDockerdArgs } from '../dockerd/args';
import type { Suppressions } from '../document';
import { subMapped } from '../mapped-text';
import type { DockerdSettings } from '../settings';
import type { Span } from '../types';
import { type EnvFile, readEnvFile } from './env-file';
import { type Environment, type EnvValue, type ExecCommand, type ExecLine, daemonArgsOf, expandArgs, parseExecLine, resolveSpecifiers, runsDockerd } from './exec';
import { readSuppressions } from './suppressions';
import { type UnitAssignment, type UnitFile, readUnitFile } from './unit-file';
import { splitWords } from './words';

export type SystemdRole = 'unit' | 'drop-in' | 'env-file';

export interface ExecStartStep {
  assignment: UnitAssignment;
  /** `ExecStart=` with an empty value: resets the list of commands. */
  reset: boolean;
  exec?: ExecLine;
}

export interface EnvironmentFileRef {
  path: string;
  /** `-` prefix: a missing file is not an error. */
  optional: boolean;
  span: Span;
}

export interface ListenStream {
  address: string;
  span: Span;
  /** A bare port or IP:PORT (a bare port listens on all interfaces). */
  tcp: boolean;
  allInterfaces: boolean;
}

export interface SystemdDocument {
  role: SystemdRole;
  /** The unit configured: `docker.service` for the unit and its drop-ins; the file name for an env file. */
  unitName: string;
  unit?: UnitFile;
  envFile?: EnvFile;
  execStarts: ExecStartStep[];
  /** Environment= of this file, after resets (later assignments win). */
  environment: Map<string, EnvValue>;
  environmentFiles: EnvironmentFileRef[];
  listenStreams: ListenStream[];
  /** [Service] Type=, when set. */
  serviceType?: string;
  /**
   * A socket unit (or drop-in) that hands its listeners to docker.service: docker.socket by its
   * name, any other one by `Service=docker.service` (CoreOS's docker-tcp.socket).
   */
  servesDockerService: boolean;
  /** The dockerd options variable of an env file (DOCKER_OPTS, or OPTIONS in /etc/sysconfig/docker). */
  optionsVariable?: { name: string; value: EnvValue; words: ArgWord[] };
}

const envFilePath = /(^|\/)etc\/(default|sysconfig)\/docker$/;
/** dockerd, RHEL 7's dockerd-current, or the docker binary of Docker before 1.13 started as the daemon. */
const execStartsDockerd = /^[ \t]*ExecStart[ \t]*=[ \t]*[-@:+!]*("?)(\S*\/)?(?:dockerd(?:-current)?\1(\s|$)|docker\1[ \t]+(?:daemon|-d|--daemon)(\s|$))/m;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentName(path: string): string {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** `Service=docker.service`: a socket unit of any name whose listeners dockerd takes through fd://. */
const activatesDockerService = /^[ \t]*Service[ \t]*=[ \t]*docker\.service[ \t]*$/m;

export function detectSystemd(path: string, text: string): boolean {
  const name = baseName(path);
  const parent = parentName(path);
  if (name === 'docker.service' || name === 'docker.socket') return true;
  if (name.endsWith('.socket') && activatesDockerService.test(text)) return true;
  if (name.endsWith('.conf') && (parent === 'docker.service.d' || parent === 'docker.socket.d')) return true;
  if (envFilePath.test(path)) return true;
  const unitLike = name.endsWith('.service') || (name.endsWith('.conf') && parent.endsWith('.service.d'));
  return unitLike && execStartsDockerd.test(text);
}

/** Which unit a file configures and how, from its path (and, when forced, its content). */
export function roleOf(path: string, text: string): { role: SystemdRole; unitName: string } {
  const name = baseName(path);
  const parent = parentName(path);
  if (envFilePath.test(path)) return { role: 'env-file', unitName: name };
  if (name.endsWith('.conf') && /\.[a-z]+\.d$/.test(parent)) return { role: 'drop-in', unitName: parent.slice(0, -2) };
  if (/^\s*\[/m.test(text) || /\.(service|socket)$/.test(name)) return { role: 'unit', unitName: name };
  return { role: 'env-file', unitName: name };
}

function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

/** `asEnvironmentFile`: a unit names the file with EnvironmentFile=, whatever its path and content look like. */
export function parseSystemd(uri: string, text: string, asEnvironmentFile = false): { systemd: SystemdDocument; dockerd: DockerdSettings[]; suppressions: Suppressions } {
  const path = pathOf(uri).replace(/\\/g, '/');
  const { role, unitName } = asEnvironmentFile ? { role: 'env-file' as const, unitName: baseName(path) } : roleOf(path, text);
  const systemd = role === 'env-file' ? readEnvironmentFileDocument(text, unitName, path, uri) : readUnitDocument(text, role, unitName, uri);
  const suppressions = systemd.envFile
    ? readSuppressions(systemd.envFile.comments, systemd.envFile.assignments.map((a) => ({ line: a.line, lineSpan: a.span })), text)
    : readSuppressions(systemd.unit?.comments ?? [], systemd.unit?.assignments ?? [], text);
  return { systemd, dockerd: loneFileSettings(uri, systemd), suppressions };
}

function readUnitDocument(text: string, role: SystemdRole, unitName: string, uri: string): SystemdDocument {
  const unit = readUnitFile(text);
  const document: SystemdDocument = { role, unitName, unit, execStarts: [], environment: new Map(), environmentFiles: [], listenStreams: [], servesDockerService: unitName === 'docker.socket' };
  const identity = { name: unitName };
  for (const assignment of unit.assignments) {
    const { section, key, value } = assignment;
    if (section === 'Service' && key === 'ExecStart') {
      const reset = value.text === '';
      document.execStarts.push({ assignment, reset, exec: reset ? undefined : parseExecLine(value, identity) });
    } else if (section === 'Service' && key === 'Type') {
      document.serviceType = value.text;
    } else if (section === 'Service' && key === 'Environment') {
      if (value.text === '') document.environment.clear();
      const resolved = resolveSpecifiers(value, identity);
      const split = splitWords(resolved.text, { cunescape: true, relax: false });
      // Environment= has no command separators: its words are one group.
      if (!split.ok) continue;
      for (const word of split.groups[0]) {
        const equals = word.text.indexOf('=');
        const name = word.text.slice(0, equals);
        if (equals <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        document.environment.set(name, { value: subMapped({ text: word.text, map: mapOfWord(word) }, equals + 1, word.text.length), uri, span: word.span });
      }
    } else if (section === 'Service' && key === 'EnvironmentFile') {
      if (value.text === '') {
        document.environmentFiles = [];
        continue;
      }
      const optional = value.text.startsWith('-');
      document.environmentFiles.push({ path: value.text.slice(optional ? 1 : 0).trim(), optional, span: assignment.valueSpan });
    } else if (section === 'Socket' && key === 'Service') {
      document.servesDockerService = unitName === 'docker.socket' || (role === 'unit' && unitName.endsWith('.socket') && value.text === 'docker.service');
    } else if (section === 'Socket' && key === 'ListenStream') {
      if (value.text === '') {
        document.listenStreams = [];
        continue;
      }
      document.listenStreams.push(listenStreamOf(value.text, assignment.valueSpan));
    }
  }
  return document;
}

/** ListenStream= forms (systemd.socket(5)): a path, `@abstract`, `vsock:`, a port, IPv4:PORT, [IPv6]:PORT. */
export function listenStreamOf(address: string, span: Span): ListenStream {
  const barePort = /^\d+$/.test(address);
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  const ipv6 = /^\[([^\]]*)\]:\d+$/.exec(address);
  const tcp = barePort || !!ipv4 || !!ipv6;
  const host = ipv4?.[1] ?? ipv6?.[1];
  const allInterfaces = barePort || host === '0.0.0.0' || host === '::' || host === '';
  return { address, span, tcp, allInterfaces: tcp && allInterfaces };
}

const optionsVariables = ['DOCKER_OPTS', 'OPTIONS'];

function readEnvironmentFileDocument(text: string, name: string, path: string, uri: string): SystemdDocument {
  const envFile = readEnvFile(text);
  const document: SystemdDocument = { role: 'env-file', unitName: name, envFile, execStarts: [], environment: new Map(), environmentFiles: [], listenStreams: [], servesDockerService: false };
  const wanted = path.includes('/sysconfig/') ? ['OPTIONS', 'DOCKER_OPTS'] : optionsVariables;
  for (const variable of wanted) {
    const last = [...envFile.assignments].reverse().find((assignment) => assignment.name === variable);
    if (!last) continue;
    const words = splitWords(last.value, { cunescape: false, relax: true }).groups.flat();
    document.optionsVariable = { name: variable, value: { value: last.value, uri, span: last.span }, words };
    break;
  }
  return document;
}

/** The variables an env file defines, as a unit that reads it with EnvironmentFile= sees them. */
export function envFileVariables(document: SystemdDocument, uri: string): Map<string, EnvValue> {
  const variables = new Map<string, EnvValue>();
  for (const assignment of document.envFile?.assignments ?? []) variables.set(assignment.name, { value: assignment.value, uri, span: assignment.span });
  return variables;
}

/** The commands in effect after this file's ExecStart= lines, each with the step that wrote it. */
export function effectiveCommands(document: SystemdDocument): { step: ExecStartStep; command: ExecCommand }[] {
  let current: { step: ExecStartStep; command: ExecCommand }[] = [];
  for (const step of document.execStarts) {
    if (step.reset) current = [];
    else for (const command of step.exec?.commands ?? []) current.push({ step, command });
  }
  return current;
}

export interface DockerdCommand {
  command: ExecCommand;
  args: ParsedArgs;
  /** Variables the command references that no seen file defines. */
  undefinedVariables: string[];
  /** Variables used, with where they are defined. */
  used: { name: string; definition: EnvValue }[];
}

/** Parses a dockerd command's arguments with the environment visible to it. */
export function dockerdCommand(command: ExecCommand, env: Environment, uri: string): DockerdCommand {
  // `docker daemon` and `docker -d` lose the words that select the daemon; dockerd parses the rest.
  const expanded = expandArgs({ ...command, args: daemonArgsOf(command) ?? command.args }, env, uri);
  const args = parseDockerdArgs(expanded.words, { uri, kind: 'systemd', platform: 'linux' });
  return { command, args, undefinedVariables: expanded.undefinedVariables.map((v) => v.name), used: expanded.used };
}

function loneFileSettings(uri: string, document: SystemdDocument): DockerdSettings[] {
  if (document.role === 'env-file') {
    const options = document.optionsVariable;
    if (!options) return [];
    const args = parseDockerdArgs(options.words, { uri, kind: 'systemd', platform: 'linux' });
    return [{ label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] }];
  }
  return effectiveCommands(document)
    .filter(({ command }) => runsDockerd(command))
    .map(({ command }) => {
      const { args } = dockerdCommand(command, document.environment, uri);
      return { label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] };
    });
}
