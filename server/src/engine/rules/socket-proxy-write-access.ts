import { type ContainerKind, containerKinds } from '../types';
import { notesSuffix, placeOf } from '../compose/report';
import { isSocketProxy, writeAccessGrants } from '../compose/socket-proxy';
import type { FileRule } from './types';

const grantMeaning: Record<string, string> = {
  POST: 'every write method (create, start, delete) on the sections it allows',
  EXEC: 'exec into running containers',
  ALLOW_START: 'starting containers',
  ALLOW_STOP: 'stopping containers',
  ALLOW_RESTARTS: 'restarting containers',
};

export const socketProxyWriteAccess: FileRule<ContainerKind> = {
  meta: {
    id: 'socket-proxy-write-access',
    cwe: [269],
    severity: 'warning',
    title: 'Docker socket proxy grants write access',
    summary:
      'A socket proxy protects the Docker API only while its grants stay read-only: POST, EXEC or start/stop grants give its clients back much of the power of the raw socket. A published proxy is reported by docker-api-port-published.',
    howToFix: 'Grant only the read sections the client needs (POST=0), and reach the proxy over an internal network instead of a published port.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      if (!isSocketProxy(service)) continue;
      for (const grant of writeAccessGrants(service)) {
        if (grant.inherited) continue;
        context.report({
          ...placeOf(file.uri, grant),
          message:
            `Socket proxy "${service.name}" sets ${grant.name}=${grant.value?.text}, which allows ${grantMeaning[grant.name]}: its clients can change the engine's state, and with container creation that is root on the host.` +
            notesSuffix(grant.value?.notes ?? []),
        });
      }
    }
  },
};
