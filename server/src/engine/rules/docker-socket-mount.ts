import { type ContainerKind, containerKinds } from '../types';
import { boundHostPath, dockerSocketWithin, isRuntimeSocket, normalizeHostPath } from '../compose/host-paths';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { isSocketProxy, writeAccessGrants } from '../compose/socket-proxy';
import type { FileRule } from './types';

export const dockerSocketMount: FileRule<ContainerKind> = {
  meta: {
    id: 'docker-socket-mount',
    cwe: [250, 668],
    cis: ['5.32'],
    securitySeverity: 9.0,
    severity: 'error',
    title: 'Docker socket mounted into a container',
    summary:
      "A container with the Docker (or containerd, Podman) socket can call the engine API: start a privileged container that mounts the host's /, which is root on the host. Mounting it read-only does not change that.",
    howToFix: 'Remove the mount, or put a socket proxy (tecnativa/docker-socket-proxy) with read-only grants between the service and the socket.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      // A socket proxy with read-only grants is the recommended way; its grants are judged by socket-proxy-write-access.
      const proxy = isSocketProxy(service);
      const grants = proxy ? writeAccessGrants(service) : [];
      if (proxy && grants.length === 0) continue;
      // A proxy is the advice itself: what makes its mount dangerous is its write grants.
      const advice = proxy
        ? ` "${service.name}" is a socket proxy with write grants (${grants.map((grant) => `${grant.name}=${grant.value?.text}`).join(', ')}): keep them off (socket-proxy-write-access) so its clients only read.`
        : ' Use a socket proxy with read-only grants instead.';
      for (const volume of service.volumes) {
        if (volume.inherited) continue;
        const readOnly = volume.readOnly
          ? ' It is mounted read-only, which does not help: ":ro" only stops the socket file from being replaced, every API call still goes through.'
          : ' Mounting it read-only (":ro") would not help either: API calls still go through.';
        const unset = volume.notes.some((note) => note.includes('judged as unset'));
        const host = boundHostPath(volume);
        const hostText = host?.text ?? '';
        if (host && hostText !== '' && (isRuntimeSocket(hostText) || dockerSocketWithin(hostText))) {
          // An unset variable in the path is shown as written, not as the empty string it becomes.
          const path = unset ? file.text.slice(host.span.start, host.span.end) : normalizeHostPath(hostText);
          const how = volume.boundDevice ? ` (through the named volume "${volume.source?.text}", which binds ${path})` : '';
          const socketInside = isRuntimeSocket(hostText) ? undefined : dockerSocketWithin(hostText);
          const what = socketInside ? `${path}${how}, the folder that holds the Docker socket (${socketInside})` : `the container runtime socket ${path}${how}`;
          context.report({
            ...placeOf(file.uri, volume, host.span),
            message: `${serviceLabelStart(service)} mounts ${what}: whoever controls this container can drive the API and become root on the host.` + readOnly + advice + notesSuffix(volume.notes),
          });
          continue;
        }
        // A host path that is only a variable here: the socket path inside the container says what it is meant to be.
        const target = volume.target?.text;
        if (unset && hostText === '' && target && isRuntimeSocket(target)) {
          const written = volume.source && volume.syntax === 'short' ? file.text.slice(volume.source.span.start, volume.source.span.end) : 'a variable host path';
          context.report({
            ...placeOf(file.uri, volume, volume.source?.span ?? volume.target!.span),
            severity: 'warning',
            message:
              `${serviceLabelStart(service)} mounts ${written} onto ${normalizeHostPath(target)}, where containers expect the Docker (or runtime) socket: the host path is known only where the stack is deployed, so this is judged by its target. If it names the host's socket, whoever controls this container can drive the API and become root on the host.` +
              advice +
              notesSuffix(volume.notes),
          });
        }
      }
    }
  },
};
