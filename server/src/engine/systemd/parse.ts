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
import { type Environment, type EnvValue, type ExecCommand, type ExecLine, ExpansionBudget, expandArgs, maxExpandedLength, parseExecLine, resolveSpecifiers, runsDockerd } from './exec';
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
  /** The dockerd options variable of an env file (DOCKER_OPTS, or OPTIONS in /etc/sysconfig/docker). */
  optionsVariable?: { name: string; value: EnvValue; words: ArgWord[] };
}

const envFilePath = /(^|\/)etc\/(default|sysconfig)\/docker$/;
const execStartsDockerd = /^[ \t]*ExecStart[ \t]*=[ \t]*[-@:+!]*("?)(\S*\/)?dockerd\1(\s|$)/m;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentName(path: string): string {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

export function detectSystemd(path: string, text: string): boolean {
  const name = baseName(path);
  const parent = parentName(path);
  if (name === 'docker.service' || name === 'docker.socket') return true;
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
  if (/\.(service|socket)$/.test(name) || hasSectionHeader(text)) return { role: 'unit', unitName: name };
  return { role: 'env-file', unitName: name };
}

/**
 * Whether a line starts, after blanks, with `[` (a section header). What `/^\s*\[/m` asks,
 * in one pass: that regex starts again at every line, and `\s*` runs over all the blank
 * lines below (a 1 MB unit of blank lines: 8 min; issue 16 item 6).
 */
function hasSectionHeader(text: string): boolean {
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' && atLineStart) return true;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') atLineStart = true;
    else if (c.trim() !== '') atLineStart = false;
  }
  return false;
}

function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

export function parseSystemd(
  uri: string,
  text: string,
): { systemd: SystemdDocument; dockerd: DockerdSettings[]; suppressions: Suppressions; limit?: { message: string; span: Span } } {
  const path = pathOf(uri).replace(/\\/g, '/');
  const { role, unitName } = roleOf(path, text);
  const systemd = role === 'env-file' ? readEnvironmentFileDocument(text, unitName, path, uri) : readUnitDocument(text, role, unitName, uri);
  const suppressions = systemd.envFile
    ? readSuppressions(systemd.envFile.comments, systemd.envFile.assignments.map((a) => ({ line: a.line, lineSpan: a.span })), text)
    : readSuppressions(systemd.unit?.comments ?? [], systemd.unit?.assignments ?? [], text);
  const budget = new ExpansionBudget();
  const dockerd = loneFileSettings(uri, systemd, budget);
  if (budget.exceededAt) {
    const limit = {
      message: `Variables in the dockerd command lines of this file expand to more than ${maxExpandedLength / (1024 * 1024)} MB of arguments: dockerd-lint expands up to that.`,
      span: budget.exceededAt,
    };
    return { systemd, dockerd: [], suppressions, limit };
  }
  return { systemd, dockerd, suppressions };
}

function readUnitDocument(text: string, role: SystemdRole, unitName: string, uri: string): SystemdDocument {
  const unit = readUnitFile(text);
  const document: SystemdDocument = { role, unitName, unit, execStarts: [], environment: new Map(), environmentFiles: [], listenStreams: [] };
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
  const document: SystemdDocument = { role: 'env-file', unitName: name, envFile, execStarts: [], environment: new Map(), environmentFiles: [], listenStreams: [] };
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
  /** Where the expansion ran out of budget: the arguments after it are not parsed. */
  exceededAt?: Span;
}

/** Parses a dockerd command's arguments with the environment visible to it. */
export function dockerdCommand(command: ExecCommand, env: Environment, uri: string, budget?: ExpansionBudget): DockerdCommand {
  const expanded = expandArgs(command, env, uri, budget);
  const args = parseDockerdArgs(expanded.words, { uri, kind: 'systemd', platform: 'linux' });
  return { command, args, undefinedVariables: expanded.undefinedVariables.map((v) => v.name), used: expanded.used, exceededAt: expanded.exceededAt };
}

function loneFileSettings(uri: string, document: SystemdDocument, budget: ExpansionBudget): DockerdSettings[] {
  if (document.role === 'env-file') {
    const options = document.optionsVariable;
    if (!options) return [];
    const args = parseDockerdArgs(options.words, { uri, kind: 'systemd', platform: 'linux' });
    return [{ label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] }];
  }
  return effectiveCommands(document)
    .filter(({ command }) => runsDockerd(command))
    .map(({ command }) => {
      const { args } = dockerdCommand(command, document.environment, uri, budget);
      return { label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] };
    });
}
