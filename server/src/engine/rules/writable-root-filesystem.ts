import type { ContainerKind } from '../types';
import { placeOf, serviceLabelStart } from '../compose/report';
import { booleanOf } from '../compose/model';
import { hardenableKinds, hardeningKeysOf, inherited, servicesWithBases } from '../rule-kit/hardening';
import type { FileRule } from './types';

export const writableRootFilesystem: FileRule<ContainerKind> = {
  meta: {
    id: 'writable-root-filesystem',
    cis: ['5.13'],
    severity: 'info',
    title: 'Container root filesystem is writable',
    summary: 'Without read_only: true, whoever runs code in the container can change its programs and configuration, and keep a foothold there.',
    howToFix: 'Set read_only: true and give the paths the service writes a volume or a tmpfs.',
    preset: 'strict',
    fixable: false,
    kinds: hardenableKinds,
  },
  scope: 'file',
  check(file, context) {
    for (const { service, chain } of servicesWithBases(file)) {
      const readOnly = inherited(chain, (s) => s.readOnly);
      const keys = hardeningKeysOf(service);
      // A setting the file cannot make is not asked for (GitLab Runner's docker executor has no key for it).
      if (booleanOf(readOnly) === true || !keys.readOnlyRoot) continue;
      context.report({
        // A read_only: false is shown in the file that set it (a project's override, say).
        ...(readOnly && !readOnly.via ? placeOf(file.uri, readOnly) : { span: service.nameSpan }),
        message: `${serviceLabelStart(service)} has a writable root filesystem: set ${keys.readOnlyRoot} and mount ${keys.scratchVolume} where it writes (not fixed automatically: which paths it writes is the image's business).`,
      });
    }
  },
};
