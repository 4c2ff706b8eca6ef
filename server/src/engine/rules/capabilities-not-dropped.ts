import { serviceLabelStart } from '../compose/report';
import type { ContainerKind } from '../types';
import { serviceDockerd } from '../compose/dind';
import { booleanOf } from '../compose/model';
import { hardenableKinds, addListItemFix, hardeningKeysOf, inherited, inheritedList, servicesWithBases } from '../rule-kit/hardening';
import type { FileRule } from './types';

export const capabilitiesNotDropped: FileRule<ContainerKind> = {
  meta: {
    id: 'capabilities-not-dropped',
    cwe: [250],
    cis: ['5.4'],
    severity: 'info',
    title: 'Default capabilities not dropped',
    summary: "Without cap_drop: [ALL], a container keeps the engine's default capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...), most of which a service never uses and an attacker can.",
    howToFix: 'Add cap_drop: [ALL] and give back with cap_add only the capabilities the service needs.',
    preset: 'strict',
    fixable: true,
    kinds: hardenableKinds,
  },
  scope: 'file',
  check(file, context) {
    for (const { service, chain } of servicesWithBases(file)) {
      // A privileged container has every capability whatever cap_drop says; privileged's rule speaks for it.
      if (booleanOf(inherited(chain, (s) => s.privileged)) === true || serviceDockerd(service, file.uri, file.kind)) continue;
      const dropped = inheritedList(chain, (s) => s.capDrop).map((value) => value.text.trim().toUpperCase());
      if (dropped.includes('ALL') || dropped.includes('CAP_ALL')) continue;
      const added = inheritedList(chain, (s) => s.capAdd).map((value) => value.text.trim());
      const keys = hardeningKeysOf(service);
      context.report({
        span: service.nameSpan,
        message:
          `${serviceLabelStart(service)} keeps the default capabilities: add ${keys.dropAllCapabilities}` +
          (added.length > 0
            ? ` (its ${keys.addCapabilities} ${added.join(', ')} stays in force).`
            : `, and give back with ${keys.addCapabilities} what it needs (images that change owners or users at start need CHOWN, SETUID, SETGID).`),
        // Not preferred: an image that needs a default capability stops working until cap_add gives it back.
        fixes: addListItemFix(file, service, 'cap_drop', 'ALL', 'Add cap_drop: [ALL] (then cap_add what the service needs)', false),
      });
    }
  },
};
