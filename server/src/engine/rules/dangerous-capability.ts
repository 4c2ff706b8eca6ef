import { type ContainerKind, containerKinds } from '../types';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import type { FileRule } from './types';

const dangers: Record<string, string> = {
  ALL: 'every capability, as good as privileged',
  SYS_ADMIN: 'mount, namespaces and much more: the usual container escape',
  SYS_MODULE: 'loading kernel modules, i.e. code in the host kernel',
  SYS_PTRACE: 'tracing processes it can see, reading their memory and secrets',
  DAC_READ_SEARCH: 'reading any file through open_by_handle_at (the "shocker" escape)',
  NET_ADMIN: 'reconfiguring networking, firewall rules and interfaces it can see',
  SYS_RAWIO: 'raw I/O to devices and kernel memory',
};

export const dangerousCapability: FileRule<ContainerKind> = {
  meta: {
    id: 'dangerous-capability',
    cwe: [250],
    cis: ['5.4'],
    severity: 'warning',
    title: 'Dangerous Linux capability added',
    summary: 'cap_add of ALL, SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, NET_ADMIN or SYS_RAWIO gives the container powers that lead out of it.',
    howToFix: 'Remove the capability, or replace it with the narrower one the service needs.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      for (const value of service.capAdd) {
        const name = value.text.trim().toUpperCase().replace(/^CAP_/, '');
        const danger = dangers[name];
        if (!danger) continue;
        context.report({ ...placeOf(file.uri, value), message: `${serviceLabelStart(service)} adds capability ${name}: ${danger}.` + notesSuffix(value.notes) });
      }
    }
  },
};
