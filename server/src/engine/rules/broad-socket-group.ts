import { fileKinds } from '../types';
import { isParsedHost, parseDaemonHost } from '../dockerd/hosts';
import { type DockerdSettings, lastEntry, listItems } from '../settings';
import { fixOf, replaceHostEdits } from '../rule-kit/fixes';
import { judgeLinuxGroup } from '../rule-kit/linux-groups';
import type { DockerdRule } from './types';

const broadWindowsPrincipals = /^(?:(?:BUILTIN|NT AUTHORITY)\\)?(users|everyone|authenticated users|interactive|guests)$/i;

export const broadSocketGroup: DockerdRule = {
  meta: {
    id: 'broad-socket-group',
    cwe: [732],
    severity: 'warning',
    title: 'Docker socket open to a broad group',
    summary: 'Access to the Docker socket is root on the host. dockerd gives its unix socket to the group in `group` (`-G`); a group that most users are in hands root to all of them.',
    howToFix: 'Use a dedicated docker group and add only the people who should be root on this host.',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const group = lastEntry(settings, 'group');
    if (!group || typeof group.value !== 'string') return;
    const value = group.value.trim();
    const fix = () => fixOf('Use the docker group', group.uri, replaceHostEdits(context, { value: group.value, span: group.valueSpan, entry: group }, 'docker'), true);
    if (context.env.platform === 'windows') {
      // On Windows the value is a comma-separated list of users and groups given access.
      const broad = value
        .split(',')
        .map((name) => name.trim())
        .filter((name) => broadWindowsPrincipals.test(name));
      if (broad.length > 0) {
        context.report({
          uri: group.uri,
          span: group.valueSpan,
          message: `dockerd gives ${broad.join(', ')} read and write access to its named pipe: every such account can run containers as SYSTEM on the host.`,
        });
      }
      return;
    }
    const sockets = unixSockets(settings);
    if (sockets === 'none') return;
    // Hosts we cannot see (a daemon.json judged alone) may be the packaged unit's -H fd://.
    const unless = sockets === 'unknown' ? " (This holds where dockerd creates its own socket: under the packaged docker.service, -H fd://, docker.socket's SocketGroup= decides.)" : '';
    const verdict = judgeLinuxGroup(value);
    if (verdict?.kind === 'broad') {
      context.report({
        uri: group.uri,
        span: group.valueSpan,
        message: `dockerd gives its socket to the group ${value} (${verdict.who}): each member can run a container that mounts / and so is root on the host.${unless}`,
        fixes: fix(),
      });
    } else if (verdict?.kind === 'system-gid') {
      context.report({
        uri: group.uri,
        span: group.valueSpan,
        severity: 'info',
        message: `dockerd gives its socket to the system group with GID ${value}: unless that is the docker group itself, its members become root on the host. Prefer the group's name.${unless}`,
      });
    }
  },
};

/**
 * Whether dockerd creates a unix socket, the only kind `group` applies to (listeners_linux.go:
 * an fd:// socket is systemd's, its group docker.socket's SocketGroup=): a unix:// host, or no
 * host at all (the default /var/run/docker.sock) when the whole command line is known.
 */
function unixSockets(settings: DockerdSettings): 'some' | 'none' | 'unknown' {
  const hosts = listItems(settings, 'hosts').filter((item) => typeof item.value === 'string' && item.value.trim() !== '');
  if (hosts.length === 0) return settings.complete ? 'some' : 'unknown';
  const unix = hosts.some((item) => {
    const parsed = parseDaemonHost(item.value as string, 'linux');
    return isParsedHost(parsed) && parsed.scheme === 'unix';
  });
  return unix ? 'some' : 'none';
}
