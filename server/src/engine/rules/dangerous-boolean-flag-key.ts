import { checkedKeys, goParseBool, goPrint } from '../daemon-json/keys';
import { editorFor } from '../surface-edit';
import { keyLabel, targetName } from '../daemon-json/wording';
import { keyStatus } from '../dockerd/options';
import type { FileRule } from './types';

export const dangerousBooleanFlagKey: FileRule<'daemon-json'> = {
  meta: {
    id: 'dangerous-boolean-flag-key',
    severity: 'warning',
    title: 'daemon.json key that flips a dockerd switch',
    summary:
      'For every key that names a boolean flag, dockerd sets that flag from the value, even for switches that are not options: "validate": true makes dockerd check its configuration and exit, "restart": false stops it from restarting containers at start-up.',
    howToFix: 'Remove the key: these switches belong on the command line, for one run.',
    preset: 'recommended',
    fixable: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.daemonJson;
    if (!document) return;
    for (const checked of checkedKeys(document)) {
      const status = keyStatus(checked.key, context.env);
      const dangerous = status.kind === 'ignored' ? status.meta.dangerousValue : undefined;
      if (!dangerous) continue;
      const printed = goPrint(checked.value);
      if (goParseBool(printed) !== dangerous.value) continue;
      // A dockerd that exits at once never serves: as bad as one that refuses to start.
      const exits = /exits/.test(dangerous.effect);
      const index = checked.siblings.findIndex((span) => span.start === checked.memberSpan.start);
      context.report({
        span: checked.memberSpan,
        severity: exits ? 'error' : undefined,
        message: `${keyLabel(checked)} is not an option but the dockerd switch --${checked.key}, and ${targetName(context.env)} applies the value (${printed}) to it: ${dangerous.effect}.`,
        fixes:
          index < 0
            ? []
            : [{ title: `Remove ${JSON.stringify(checked.key)}`, preferred: true, changes: [{ uri: file.uri, edits: [editorFor('daemon-json').removeElement(file.text, checked.siblings, index)] }] }],
      });
    }
  },
};
