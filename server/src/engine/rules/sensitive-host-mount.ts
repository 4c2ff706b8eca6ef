import { type ContainerKind, containerKinds } from '../types';
import { boundHostPath, dockerSocketWithin, isRuntimeSocket, normalizeHostPath } from '../compose/host-paths';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import type { FileRule } from './types';

const sensitive: Record<string, string> = {
  '/': 'the whole host filesystem',
  '/etc': "the host's configuration, users and passwords (/etc/shadow), cron and sudoers",
  '/proc': "the host's processes and kernel settings",
  '/sys': 'kernel and device settings of the host',
  '/boot': "the host's kernel and boot loader",
  '/dev': 'every host device, disks included',
  '/root': "root's home: SSH keys and credentials",
  '/var/lib/docker': "every container's filesystem, image and volume of the host's engine",
};

/** Below these, any subpath is as sensitive as the directory (a container's data, a kernel knob). */
const sensitiveTrees = ['/proc', '/sys', '/var/lib/docker', '/boot', '/root'];
/** Monitoring agents (node-exporter, cAdvisor) read these; read-only is advice, not a warning. */
const monitoringTrees = ['/proc', '/sys'];

function under(path: string, tree: string): boolean {
  return path === tree || path.startsWith(`${tree}/`);
}

export const sensitiveHostMount: FileRule<ContainerKind> = {
  meta: {
    id: 'sensitive-host-mount',
    cwe: [668],
    cis: ['5.6'],
    severity: 'warning',
    title: 'Sensitive host path mounted',
    summary:
      "Binding /, /etc, /proc, /sys, /boot, /dev, /root or /var/lib/docker into a container exposes the host to whoever controls the container (/run and /var/run, which hold the Docker socket, are docker-socket-mount's).",
    howToFix: 'Mount only the specific file or directory the service needs, read-only where possible.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      for (const volume of service.volumes) {
        if (volume.inherited) continue;
        const host = boundHostPath(volume);
        // The socket and the folders that hold it are docker-socket-mount's: the same exposure as the API.
        if (!host?.text.startsWith('/') || isRuntimeSocket(host.text) || dockerSocketWithin(host.text)) continue;
        const path = normalizeHostPath(host.text);
        const tree = sensitive[path] !== undefined ? path : sensitiveTrees.find((candidate) => under(path, candidate));
        if (!tree) continue;
        const monitoring = volume.readOnly && monitoringTrees.some((candidate) => under(path, candidate));
        const what = path === tree ? sensitive[tree] : `part of ${tree} (${sensitive[tree]})`;
        const access = volume.readOnly ? 'read-only' : 'read-write';
        context.report({
          ...placeOf(file.uri, volume, host.span),
          severity: monitoring ? 'info' : undefined,
          message: monitoring
            ? `${serviceLabelStart(service)} mounts ${path} read-only, as monitoring agents need: it still reveals ${what}; mount only the paths the agent reads.` + notesSuffix(volume.notes)
            : `${serviceLabelStart(service)} mounts ${path} ${access}: ${what}. Mount only what the service needs.` + notesSuffix(volume.notes),
        });
      }
    }
  },
};
