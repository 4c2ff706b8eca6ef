import { pathOf } from '../paths';
import type { SystemdFile } from '../document';
import { fixOf } from '../rule-kit/fixes';
import { judgeLinuxGroup } from '../rule-kit/linux-groups';
import { isPackagedUnit, newDropInUri } from '../systemd/drop-in';
import { dockerSocketFor } from '../rule-kit/docker-socket';
import { type DockerSocketState, formatMode, systemdDefaultSocketMode } from '../systemd/socket-unit';
import type { UnitAssignment } from '../systemd/model';
import type { Fix, Span } from '../types';
import type { FileRule, RuleContext } from './types';

const safeMode = '0660';
// Connecting to a unix stream socket needs write permission on it (unix(7)): only the w bits grant the API.
const otherWrite = 0o002;
const otherRead = 0o004;
const groupWrite = 0o020;

export const socketUnitPermissions: FileRule<'systemd'> = {
  meta: {
    id: 'socket-unit-permissions',
    cwe: [732],
    securitySeverity: 8.8,
    severity: 'error',
    title: 'docker.socket lets other users reach the Docker API',
    summary:
      'Under -H fd:// systemd creates the Docker socket with docker.socket\'s SocketMode= and SocketGroup=; dockerd\'s `group` option does not apply. Write access for "other", or for a group most users are in, makes each of them root on the host.',
    howToFix: "Keep SocketMode=0660 and SocketGroup=docker (the packaged unit's values), and add only the people who should be root to the docker group.",
    preset: 'recommended',
    fixable: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    // docker.socket, or a socket unit of another name with Service=docker.service.
    if (!document.servesDockerService) return;
    // A user unit's socket lies in $XDG_RUNTIME_DIR (mode 0700) and feeds a rootless dockerd.
    if (/(^|\/)systemd\/user\//.test(pathOf(file.uri))) return;
    const socket = dockerSocketFor(file, context);
    // A unit masked by a same-named one in a stronger folder is not read.
    if (!socket?.files.includes(file)) return;
    const { state } = socket;
    if (state.unixListeners.length === 0) return;
    if (state.service !== undefined && state.service !== 'docker.service') return;
    reportMode(file, state, context);
    reportGroup(file, state, context);
  },
};

function socketPaths(state: DockerSocketState): string {
  return state.unixListeners.map(({ listen }) => listen.address).join(', ');
}

function reportMode(file: SystemdFile, state: DockerSocketState, context: RuleContext): void {
  const { mode, modeSetBy } = state;
  if ((mode & (otherWrite | otherRead)) === 0) return;
  // The file that decides: the last SocketMode= line, or the unit that leaves systemd's default.
  const decidedBy = modeSetBy?.file ?? state.unit;
  if (decidedBy !== file) return;
  const written = modeSetBy ? `SocketMode=${modeSetBy.assignment.value.text}` : `no SocketMode= (systemd's default is ${formatMode(systemdDefaultSocketMode)})`;
  const span = modeSetBy?.assignment.valueSpan ?? defaultModeSpan(file, state);
  const fixes = modeFix(file, state, context);
  if (mode & otherWrite) {
    context.report({
      span,
      message: `${file.systemd.unitName} has ${written}: systemd creates ${socketPaths(state)} writable by every local user, and dockerd serves the Docker API on it through fd://, so any user or local service account can start a container that mounts / and is root on the host.`,
      fixes,
    });
  } else {
    context.report({
      span,
      severity: 'info',
      message: `${file.systemd.unitName} has ${written}: others may read ${socketPaths(state)}. They cannot connect without write permission, but the CIS Docker Benchmark asks for 660 or more restrictive.`,
      fixes,
    });
  }
}

/** Where a unit that leaves SocketMode= unset is reported: its first unix ListenStream=, else its [Socket] header. */
function defaultModeSpan(unit: SystemdFile, state: DockerSocketState): Span {
  const listener = state.unixListeners.find((entry) => entry.file === unit);
  if (listener) return listener.listen.span;
  const section = unit.systemd?.unit?.sections.find((candidate) => candidate.name === 'Socket');
  return section?.headerSpan ?? { start: 0, end: 0 };
}

function modeFix(file: SystemdFile, state: DockerSocketState, context: RuleContext): Fix[] {
  const title = `Set SocketMode=${safeMode} (owner and group only)`;
  if (isPackagedUnit(file.uri) || state.modeSetBy) return setSocketOption(file, context, 'SocketMode', safeMode, state.modeSetBy?.assignment, title);
  // systemd's default applies: add the line at the end of the unit's last [Socket] section.
  const sections = file.systemd?.unit?.sections.filter((section) => section.name === 'Socket') ?? [];
  const section = sections[sections.length - 1];
  if (!section) return [];
  const last = section.assignments[section.assignments.length - 1];
  const at = last ? last.lineSpan.end : section.headerSpan.end;
  return fixOf(title, file.uri, [{ start: at, end: at, newText: `${file.lines.eol()}SocketMode=${safeMode}` }], true);
}

/**
 * Sets `key=value` where `assignment` writes it; in a packaged unit, which is not edited (a
 * package update would undo it), through a new drop-in of the socket unit instead.
 */
function setSocketOption(file: SystemdFile, context: RuleContext, key: string, value: string, assignment: UnitAssignment | undefined, title: string): Fix[] {
  if (isPackagedUnit(file.uri)) {
    const unitName = file.systemd.unitName;
    const target = newDropInUri(file.uri, (uri) => context.files.has(uri), unitName);
    if (!target) return [];
    const text = [`# Overrides the packaged ${unitName}'s ${key}= (dockerd-lint socket-unit-permissions).`, '[Socket]', `${key}=${value}`, ''].join(file.lines.eol());
    return [
      { title: `${title} in a new ${unitName} drop-in (the packaged unit stays as shipped)`, preferred: true, changes: [{ uri: target, create: true, edits: [{ start: 0, end: 0, newText: text }] }] },
    ];
  }
  return assignment ? fixOf(title, file.uri, [{ ...assignment.valueSpan, newText: value }], true) : [];
}

function reportGroup(file: SystemdFile, state: DockerSocketState, context: RuleContext): void {
  const { group } = state;
  // Without the group's write bit its members cannot connect, whatever the group.
  if (!group || group.file !== file || (state.mode & groupWrite) === 0) return;
  const verdict = judgeLinuxGroup(group.value);
  if (verdict?.kind === 'broad') {
    context.report({
      span: group.assignment.valueSpan,
      severity: 'warning',
      message: `${file.systemd.unitName} gives ${socketPaths(state)} to the group ${group.value} (${verdict.who}) with SocketMode=${formatMode(state.mode)}: each member can start a container that mounts / and so is root on the host.`,
      fixes: setSocketOption(file, context, 'SocketGroup', 'docker', group.assignment, 'Use the docker group'),
    });
  } else if (verdict?.kind === 'system-gid') {
    context.report({
      span: group.assignment.valueSpan,
      severity: 'info',
      message: `${file.systemd.unitName} gives ${socketPaths(state)} to the system group with GID ${group.value}: unless that is the docker group itself, its members become root on the host. Prefer the group's name.`,
    });
  }
}
