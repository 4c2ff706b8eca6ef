import { tlsState } from '../dockerd/tls';
import type { ListenStream } from '../systemd/parse';
import { hostInfoOf, serviceUsesSocket } from '../workspace';
import type { Fix } from '../types';
import type { FileRule } from './types';

export const socketListenTcp: FileRule = {
  meta: {
    id: 'socket-listen-tcp',
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
    if (!document || document.unitName !== 'docker.socket') return;
    const tcp = document.listenStreams.filter((listen) => listen.tcp);
    if (tcp.length === 0) return;
    // In a merged host the service's flags and daemon.json tell whether TLS is on.
    const host = context.hostOf(file.uri);
    if (host && tlsState(host).enabled) return;
    // A service that does not take -H fd:// never serves on these sockets.
    const info = host && hostInfoOf(host);
    if (info && !serviceUsesSocket(info.service)) return;
    const hasUnixListener = document.listenStreams.some((listen) => listen.address.startsWith('/'));
    for (const listen of tcp) {
      context.report({
        span: listen.span,
        message:
          `docker.socket listens on TCP ${listen.address}${listen.allInterfaces ? ' on all interfaces' : ''} and dockerd gets it through fd://` +
          (host
            ? ' while TLS is not turned on in dockerd: anyone who reaches it gets root on the host.'
            : ': unless dockerd runs with --tlsverify and certificates (not visible from this file), anyone who reaches it gets root on the host.'),
        fixes: fixesFor(file.uri, file.text, listen, hasUnixListener),
      });
    }
  },
};

function fixesFor(uri: string, text: string, listen: ListenStream, hasUnixListener: boolean): Fix[] {
  const fixes: Fix[] = [];
  if (hasUnixListener) {
    const lineStart = text.lastIndexOf('\n', listen.span.start - 1) + 1;
    let lineEnd = text.indexOf('\n', listen.span.end);
    lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
    fixes.push({ title: `Remove ListenStream=${listen.address} (the unix socket stays)`, preferred: true, changes: [{ uri, edits: [{ start: lineStart, end: lineEnd, newText: '' }] }] });
  } else {
    fixes.push({ title: 'Listen on /run/docker.sock instead', preferred: true, changes: [{ uri, edits: [{ ...listen.span, newText: '/run/docker.sock' }] }] });
  }
  // No "listen on 127.0.0.1:PORT" alone: a loopback TCP listener without TLS is still this finding.
  return fixes;
}
