// Which Linux groups hand the Docker socket to too many people. Shared by the rules that
// judge a socket's group: dockerd's `group` option and docker.socket's SocketGroup=.

/** Groups most or all interactive users are in, by name and by their usual GID. */
const broadLinuxGroups = new Map<string, string>([
  ['users', 'every regular user'],
  ['staff', 'staff users'],
  ['wheel', 'administrators'],
  ['adm', 'log readers'],
  ['sudo', 'administrators'],
  ['admin', 'administrators'],
  ['4', 'adm (GID 4)'],
  ['10', 'wheel (GID 10)'],
  ['27', 'sudo (GID 27)'],
  ['50', 'staff (GID 50)'],
  ['100', 'users (GID 100)'],
]);

export type SocketGroupVerdict =
  /** A group most users are in; `who` says who they are. */
  | { kind: 'broad'; who: string }
  /** A system GID (< 1000) given by number: possibly docker's own, possibly not. */
  | { kind: 'system-gid' };

/** How broad the group named (or numbered) `group` is; undefined for a group we cannot judge. */
export function judgeLinuxGroup(group: string): SocketGroupVerdict | undefined {
  const value = group.trim();
  const who = broadLinuxGroups.get(value.toLowerCase());
  if (who) return { kind: 'broad', who };
  if (/^\d+$/.test(value) && Number(value) < 1000) return { kind: 'system-gid' };
  return undefined;
}
