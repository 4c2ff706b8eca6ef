import { serviceLabelStart } from '../compose/report';
import type { ContainerKind } from '../types';
import { hardenableKinds, hardeningKeysOf, inherited, servicesWithBases } from '../rule-kit/hardening';
import type { FileRule } from './types';

export const noResourceLimits: FileRule<ContainerKind> = {
  meta: {
    id: 'no-resource-limits',
    cwe: [770],
    cis: ['5.11', '5.29'],
    severity: 'info',
    title: 'No memory or PIDs limit',
    summary:
      "A container without a memory limit or a PIDs limit can take all of the host's memory or process table (a leak, a fork bomb, an attacker): every other container and the host go down with it.",
    howToFix: 'Set mem_limit and pids_limit (or deploy.resources.limits memory and pids) to what the service needs.',
    preset: 'strict',
    fixable: false,
    kinds: hardenableKinds,
  },
  scope: 'file',
  check(file, context) {
    for (const { service, chain } of servicesWithBases(file)) {
      const keys = hardeningKeysOf(service);
      // A limit the file cannot set is not asked for; the message says who sets it.
      const missing = [
        ...(inherited(chain, (s) => s.memoryLimit) ? [] : [`memory limit (${keys.memoryLimit})`]),
        ...(!keys.pidsLimit || inherited(chain, (s) => s.pidsLimit) ? [] : [`PIDs limit (${keys.pidsLimit})`]),
      ];
      if (missing.length === 0) continue;
      context.report({
        span: service.nameSpan,
        message:
          `${serviceLabelStart(service)} has no ${missing.join(' and no ')}: one runaway or hostile process in it can exhaust the host and take every other container down (denial of service).` +
          (keys.noPidsLimit ? ` ${keys.noPidsLimit}` : ''),
      });
    }
  },
};
