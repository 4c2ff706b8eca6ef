import { boundHostPath, isRuntimeSocket, normalizeHostPath } from '../compose/host-paths';
import { notesSuffix, placeOf } from '../compose/report';
import { isSocketProxy, writeAccessGrants } from '../compose/socket-proxy';
import type { FileRule } from './types';

export const dockerSocketMount: FileRule<'compose'> = {
  meta: {
    id: 'docker-socket-mount',
    severity: 'error',
    title: 'Docker socket mounted into a container',
    summary:
      'A container with the Docker (or containerd, Podman) socket can call the engine API: start a privileged container that mounts the host\'s /, which is root on the host. Mounting it read-only does not change that.',
    howToFix: 'Remove the mount, or put a socket proxy (tecnativa/docker-socket-proxy) with read-only grants between the service and the socket.',
    preset: 'recommended',
    fixable: false,
    kinds: ['compose'],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.compose?.services ?? []) {
      // A socket proxy with read-only grants is the recommended way; its grants are judged by socket-proxy-write-access.
      if (isSocketProxy(service) && writeAccessGrants(service).length === 0) continue;
      for (const volume of service.volumes) {
        if (volume.inherited) continue;
        const host = boundHostPath(volume);
        if (!host || !isRuntimeSocket(host.text)) continue;
        // An unset variable in the path is shown as written, not as the empty string it becomes.
        const path = volume.notes.some((note) => note.includes('judged as unset')) ? file.text.slice(host.span.start, host.span.end) : normalizeHostPath(host.text);
        const readOnly = volume.readOnly ? ' It is mounted read-only, which does not help: ":ro" only stops the socket file from being replaced, every API call still goes through.' : ' Mounting it read-only (":ro") would not help either: API calls still go through.';
        const how = volume.boundDevice ? ` (through the named volume "${volume.source?.text}", which binds ${path})` : '';
        context.report({
          ...placeOf(file.uri, volume, host.span),
          message:
            `Service "${service.name}" mounts the container runtime socket ${path}${how}: whoever controls this container can drive the API and become root on the host.` +
            readOnly +
            ' Use a socket proxy with read-only grants instead.' +
            notesSuffix(volume.notes),
        });
      }
    }
  },
};
