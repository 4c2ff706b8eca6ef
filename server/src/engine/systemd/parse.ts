// systemd units, drop-ins and /etc/default/docker -> the unit model and dockerd settings.
// A unit or drop-in whose ExecStart runs dockerd, and the DOCKER_OPTS/OPTIONS of an
// environment file, are surfaces of dockerd settings; docker.socket's ListenStream= feeds
// dockerd's `fd://`. A lone file is judged with what it shows; workspace.ts merges the
// files of one host and resolves variables across them.

import { mapOfWord, parseDockerdArgs } from '../dockerd/args';
import { subMapped } from '../mapped-text';
import type { DockerdSettings } from '../settings';
import type { Suppressions } from '../suppressions';
import type { Span } from '../types';
import { readEnvFile } from './env-file';
import { ExpansionBudget, maxExpandedLength } from './env-expansion';
import { parseExecLine, runsDockerd } from './exec';
import { resolveSpecifiers } from './specifiers';
import { type SystemdDocument, type SystemdRole, dockerdCommand, effectiveCommands, listenStreamOf } from './model';
import { readSuppressions } from './suppressions';
import { readUnitFile } from './unit-file';
import { splitWords } from './words';

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

/** `asEnvironmentFile`: a unit names the file with EnvironmentFile=, whatever its path and content look like. */
export function parseSystemd(
  uri: string,
  text: string,
  asEnvironmentFile = false,
): { systemd: SystemdDocument; dockerd: DockerdSettings[]; suppressions: Suppressions; limit?: { message: string; span: Span } } {
  const path = pathOf(uri).replace(/\\/g, '/');
  const { role, unitName } = asEnvironmentFile ? { role: 'env-file' as const, unitName: baseName(path) } : roleOf(path, text);
  const systemd = role === 'env-file' ? readEnvironmentFileDocument(text, unitName, path, uri) : readUnitDocument(text, role, unitName, uri);
  const suppressions = systemd.envFile
    ? readSuppressions(
        systemd.envFile.comments,
        systemd.envFile.assignments.map((a) => ({ line: a.line, lineSpan: a.span })),
        text,
      )
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

const optionsVariables = ['DOCKER_OPTS', 'OPTIONS'];

function readEnvironmentFileDocument(text: string, name: string, path: string, uri: string): SystemdDocument {
  const envFile = readEnvFile(text);
  const document: SystemdDocument = { role: 'env-file', unitName: name, envFile, execStarts: [], environment: new Map(), environmentFiles: [], listenStreams: [], servesDockerService: false };
  const wanted = path.includes('/sysconfig/') ? ['OPTIONS', 'DOCKER_OPTS'] : optionsVariables;
  for (const variable of wanted) {
    const last = [...envFile.assignments].reverse().find((assignment) => assignment.name === variable);
    if (!last) continue;
    const words = splitWords(last.value, { cunescape: false, relax: true }).groups.flat();
    // /etc/sysconfig/docker is the RHEL/CentOS package's: its dockerd-current reads OPTIONS.
    const build = path.includes('/sysconfig/') ? 'rhel' : 'upstream';
    document.optionsVariable = { name: variable, value: { value: last.value, uri, span: last.span }, words, build };
    break;
  }
  return document;
}

function loneFileSettings(uri: string, document: SystemdDocument, budget: ExpansionBudget): DockerdSettings[] {
  if (document.role === 'env-file') {
    const options = document.optionsVariable;
    if (!options) return [];
    const args = parseDockerdArgs(options.words, { uri, kind: 'systemd', platform: 'linux', build: options.build });
    return [{ label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] }];
  }
  return effectiveCommands(document)
    .filter(({ command }) => runsDockerd(command))
    .map(({ command }) => {
      const { args } = dockerdCommand(command, document.environment, uri, budget);
      return { label: uri, sources: [{ uri, kind: 'systemd' }], entries: args.entries, complete: false, socketListeners: [] };
    });
}
