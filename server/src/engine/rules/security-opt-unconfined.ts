import { type ContainerKind, containerKinds } from '../types';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import type { FileRule } from './types';

/** `seccomp:unconfined` and `seccomp=unconfined` are both accepted by the engine. */
const unconfined: Record<string, string> = {
  'seccomp:unconfined': 'turns off the seccomp filter that blocks dangerous system calls',
  'apparmor:unconfined': 'turns off the AppArmor profile',
  'label:disable': 'turns off SELinux labelling for the container',
  'systempaths:unconfined': 'unmasks /proc and /sys paths the engine hides from containers',
};

export const securityOptUnconfined: FileRule<ContainerKind> = {
  meta: {
    id: 'security-opt-unconfined',
    cwe: [693],
    cis: ['5.22'],
    severity: 'warning',
    title: 'Security profile turned off',
    summary: 'security_opt seccomp:unconfined, apparmor:unconfined, label:disable or systempaths=unconfined removes a default confinement of the container.',
    howToFix: 'Remove the option, or use a custom profile that allows only what the service needs.',
    preset: 'recommended',
    fixable: false,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      for (const value of service.securityOpt) {
        const normalized = value.text.trim().toLowerCase().replace('=', ':');
        const effect = unconfined[normalized];
        if (!effect) continue;
        context.report({ ...placeOf(file.uri, value), message: `${serviceLabelStart(service)} sets security_opt ${value.text.trim()}, which ${effect}.` + notesSuffix(value.notes) });
      }
    }
  },
};
