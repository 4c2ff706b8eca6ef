import type { ContainerKind } from '../types';
import { serviceDockerd } from '../compose/dind';
import { booleanOf } from '../compose/model';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { hardenableKinds, addListItemFix, hardeningKeysOf, inheritedList, servicesWithBases } from '../rule-kit/hardening';
import type { FileRule } from './types';

/** `no-new-privileges`, `no-new-privileges:true` and `=true`, as the engine reads security_opt. */
function noNewPrivileges(text: string): boolean | undefined {
  const [name, value] = text.trim().toLowerCase().split(/[:=]/, 2);
  if (name !== 'no-new-privileges') return undefined;
  return value === undefined || value === 'true' ? true : value === 'false' ? false : undefined;
}

export const noNewPrivilegesMissing: FileRule<ContainerKind> = {
  meta: {
    id: 'no-new-privileges-missing',
    cwe: [250],
    cis: ['5.26'],
    severity: 'info',
    title: 'Container processes may gain privileges',
    summary:
      'Without security_opt no-new-privileges:true, a process in the container can gain privileges through setuid and setcap binaries (su, sudo, ping, a planted one): one step of most escapes.',
    howToFix: 'Add security_opt: [no-new-privileges:true] to the service (or "no-new-privileges": true in daemon.json for every container).',
    preset: 'strict',
    fixable: true,
    kinds: hardenableKinds,
  },
  scope: 'file',
  check(file, context) {
    for (const { service, chain } of servicesWithBases(file)) {
      // dind needs privileged and escalation to run dockerd; privileged's rule speaks for it.
      if (serviceDockerd(service, file.uri, file.kind)) continue;
      const options = inheritedList(chain, (s) => s.securityOpt);
      const set = options.filter((option) => noNewPrivileges(option.text) !== undefined).at(-1);
      if (set && noNewPrivileges(set.text)) continue;
      if (set) {
        context.report({
          ...placeOf(file.uri, set),
          message: `${serviceLabelStart(service)} sets ${set.text.trim()}: processes in it can gain privileges through setuid and setcap binaries. Set it to true.` + notesSuffix(set.notes),
          fixes:
            !set.via && set.node.style === 'plain' && booleanOf(set) === undefined
              ? [{ title: 'Set no-new-privileges:true', preferred: true, changes: [{ uri: file.uri, edits: [{ ...set.span, newText: 'no-new-privileges:true' }] }] }]
              : [],
        });
        continue;
      }
      context.report({
        span: service.nameSpan,
        message: `${serviceLabelStart(service)} does not set ${hardeningKeysOf(service).noNewPrivileges}: a process in it can gain privileges through setuid and setcap binaries.`,
        fixes: addListItemFix(file, service, 'security_opt', 'no-new-privileges:true', 'Add security_opt no-new-privileges:true', true),
      });
    }
  },
};
