import { type ContainerKind, containerKinds } from '../types';
import type { ComposeValue } from '../compose/model';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import type { FileRule } from './types';

const consequences: Record<string, string> = {
  network_mode: "it shares the host's network stack: it can bind host ports and reach services on the host's loopback, such as a dockerd on tcp://127.0.0.1:2375",
  pid: 'it sees and can signal every host process',
  ipc: "it shares the host's shared memory and semaphores",
  userns_mode: 'it opts out of user-namespace remapping: root in the container is root on the host',
};

/** How a surface writes the setting where it is not Compose's `key: host` (a pod's setting is shared by its containers). */
export const hostNamespace: FileRule<ContainerKind> = {
  meta: {
    id: 'host-namespace',
    cwe: [653],
    cis: ['5.10', '5.16', '5.17', '5.31'],
    severity: 'warning',
    title: 'Container shares a host namespace',
    summary: 'network_mode, pid, ipc or userns_mode set to host remove a layer of isolation between the container and the host.',
    howToFix: 'Remove the setting; publish the needed ports instead of network_mode: host.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    // One setting may be shared by several containers (a pod's hostNetwork): it is reported once.
    const reported = new Set<ComposeValue>();
    for (const service of file.containers?.services ?? []) {
      const settings: ['network_mode' | 'pid' | 'ipc' | 'userns_mode', ComposeValue | undefined][] = [
        ['network_mode', service.networkMode],
        ['pid', service.pid],
        ['ipc', service.ipc],
        ['userns_mode', service.usernsMode],
      ];
      const base = service.extendsService ? file.containers?.services.find((candidate) => candidate.name === service.extendsService) : undefined;
      for (const [key, value] of settings) {
        if (value?.text !== 'host' || reported.has(value)) continue;
        reported.add(value);
        if (base && [base.networkMode, base.pid, base.ipc, base.usernsMode].includes(value)) continue;
        context.report({ ...placeOf(file.uri, value), message: `${serviceLabelStart(service)} sets ${service.writtenAs?.[key] ?? `${key}: host`}: ${consequences[key]}.` + notesSuffix(value.notes) });
      }
    }
  },
};
