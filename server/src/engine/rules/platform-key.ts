import { checkedKeys } from '../daemon-json/keys';
import { keyLabel, platformName, targetName, unknownKeyRefusal } from '../daemon-json/wording';
import { keyStatus } from '../dockerd/options';
import type { FileRule } from './types';

export const platformKey: FileRule<'daemon-json'> = {
  meta: {
    id: 'platform-key',
    // The catalog lists a warning; a finding means dockerd of the target platform refuses to
    // start, which is what error means in this product, so it is an error.
    severity: 'error',
    title: 'daemon.json key of the other platform',
    summary:
      'dockerd on Windows has no flags for Linux-only options (icc, iptables, storage-driver, live-restore, ...) and dockerd on Linux none for the Windows service options: the key check refuses them and dockerd does not start.',
    howToFix: 'Remove the key, or set the target platform (dockerdLint.platform / --platform) if the file is for the other one.',
    preset: 'recommended',
    fixable: false,
    stopsDockerd: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    const other = context.env.platform === 'linux' ? 'windows' : 'linux';
    for (const checked of checkedKeys(document)) {
      const status = keyStatus(checked.key, context.env);
      if (status.kind !== 'rejected' || status.reason !== 'platform') continue;
      context.report({
        span: checked.keySpan,
        message: `${keyLabel(checked)} is a ${platformName(other)}-only option; ${targetName(context.env)} has no such flag: ${unknownKeyRefusal(checked.key)}.`,
      });
    }
  },
};
