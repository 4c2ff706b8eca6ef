import { tlsState } from '../dockerd/tls';
import type { SystemdFile } from '../document';
import type { ListenStream } from '../systemd/model';
import { dockerSocketFor } from '../rule-kit/docker-socket';
import type { DockerSocketState } from '../systemd/socket-unit';
import type { Fix, TextEdit } from '../types';
import type { FileRule } from './types';

export const socketListenTcp: FileRule<'systemd'> = {
  meta: {
    id: 'socket-listen-tcp',
    cwe: [306, 319],
    cis: ['2.7'],
    securitySeverity: 9.8,
    severity: 'error',
    title: 'docker.socket listens on TCP without TLS',
    summary:
      'With ListenStream= set to a port or an IP:PORT, systemd opens a TCP socket and hands it to dockerd through -H fd://: without TLS in dockerd, anyone who reaches the port gets root on the host. A bare port listens on all interfaces.',
    howToFix: 'Listen on a unix path (/run/docker.sock), or on 127.0.0.1:PORT with dockerd started with --tlsverify and certificates.',
    preset: 'recommended',
    fixable: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (!document.servesDockerService) return;
    const tcp = document.listenStreams.filter((listen) => listen.tcp);
    if (tcp.length === 0) return;
    const socket = dockerSocketFor(file, context);
    if (!socket) return;
    // In a merged host the service's flags and daemon.json tell whether TLS is on.
    const { machine, state } = socket;
    if (machine && tlsState(machine.settings).enabled) return;
    // A unix listener in force anywhere in the socket (the stock unit under a drop-in, too) stays
    // when the TCP line goes; a second listener on its path would be no fix.
    const hasUnixListener = state.unixListeners.length > 0;
    const unitName = document.unitName;
    for (const listen of tcp) {
      // systemd binds a bare port on [::] with IPv4 mapped in (BindIPv6Only=default).
      const where = !listen.allInterfaces ? '' : /^\d+$/.test(listen.address) ? ' on every interface, IPv4 and IPv6,' : ' on all interfaces';
      context.report({
        span: listen.span,
        message:
          `${unitName} listens on TCP ${listen.address}${where} and dockerd gets it through fd://` +
          (unitName === 'docker.socket' ? '' : ` (Service=docker.service)`) +
          (machine
            ? ' while TLS is not turned on in dockerd: anyone who reaches it gets root on the host.'
            : ': unless dockerd runs with --tlsverify and certificates (not visible from this file), anyone who reaches it gets root on the host.') +
          (unitName === 'docker.socket' ? '' : ` Disable ${unitName} (systemctl disable --now ${unitName}), or turn TLS on in dockerd.`),
        // A unit of its own exists for TCP: a unix path there would clash with docker.socket's.
        fixes: unitName === 'docker.socket' ? fixesFor(file, listen, hasUnixListener, state) : [],
      });
    }
  },
};

function fixesFor(file: SystemdFile, listen: ListenStream, hasUnixListener: boolean, socket: DockerSocketState): Fix[] {
  const { uri, text } = file;
  const fixes: Fix[] = [];
  if (hasUnixListener) {
    const lineStart = text.lastIndexOf('\n', listen.span.start - 1) + 1;
    let lineEnd = text.indexOf('\n', listen.span.end);
    lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    fixes.push({ title: `Remove ListenStream=${listen.address} (the unix socket stays)`, preferred: true, changes: [{ uri, edits: [{ start: lineStart, end: lineEnd, newText: '' }] }] });
  } else {
    const mode = ownerAndGroupOnly(file, listen, socket);
    const title = `Listen on /run/docker.sock instead${mode ? ' (SocketMode=0660: owner and group only)' : ''}`;
    fixes.push({ title, preferred: true, changes: [{ uri, edits: [{ ...listen.span, newText: '/run/docker.sock' }, ...(mode ? [mode] : [])] }] });
  }
  // No "listen on 127.0.0.1:PORT" alone: a loopback TCP listener without TLS is still this finding.
  return fixes;
}

/**
 * A unix socket created with the unit's mode: when that lets every user write (systemd's
 * default 0666, or a SocketMode= of this file), the fix also sets 0660, or it would trade a
 * network exposure for a local one (socket-unit-permissions). A mode from another file is
 * left to that rule.
 */
function ownerAndGroupOnly(file: SystemdFile, listen: ListenStream, socket: DockerSocketState): TextEdit | undefined {
  if ((socket.mode & 0o002) === 0) return undefined;
  if (socket.modeSetBy) return socket.modeSetBy.file === file ? { ...socket.modeSetBy.assignment.valueSpan, newText: '0660' } : undefined;
  const lineEnd = file.lines.lineEnd(file.lines.position(listen.span.end).line);
  return { start: lineEnd, end: lineEnd, newText: `${file.lines.eol()}SocketMode=0660` };
}
