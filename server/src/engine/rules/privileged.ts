import { type ContainerKind, containerKinds } from '../types';
import { booleanOf } from '../compose/model';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { serviceDockerd } from '../compose/dind';
import type { FileRule } from './types';

export const privileged: FileRule<ContainerKind> = {
  meta: {
    id: 'privileged',
    cwe: [250],
    cis: ['5.5'],
    severity: 'warning',
    title: 'Privileged container',
    summary: 'privileged: true gives the container every capability and access to all host devices: a process in it can take over the host.',
    howToFix:
      'Remove privileged and add only the capabilities and devices the service needs. A service that runs dockerd (dind) needs it: contain it instead (the rootless image, a private network, no published API port).',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      const value = service.privileged;
      if (!value || booleanOf(value) !== true) continue;
      if (service.extendsService && file.containers?.services.find((base) => base.name === service.extendsService)?.privileged === value) continue;
      const runsDockerd = serviceDockerd(service, file.uri, file.kind) !== undefined;
      context.report({
        ...placeOf(file.uri, value),
        severity: runsDockerd ? 'info' : undefined,
        message: runsDockerd
          ? `${serviceLabelStart(service)} runs dockerd, which needs ${service.writtenAs?.privileged ?? 'privileged: true'}: treat the container as root on the host and contain it instead. Use docker:dind-rootless (still privileged, but dockerd and its containers run as an unprivileged user), keep it on a private network with only its clients, and publish no Docker API port.` +
            notesSuffix(value.notes)
          : `${serviceLabelStart(service)} is privileged: it has every capability and all host devices, so a compromise of it is a compromise of the host.` +
            (service.privilegedAdvice ? ` ${service.privilegedAdvice}` : '') +
            notesSuffix(value.notes),
      });
    }
  },
};
