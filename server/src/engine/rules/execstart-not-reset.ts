import type { ExecStartStep } from '../systemd/parse';
import type { FileRule } from './types';

export const execstartNotReset: FileRule = {
  meta: {
    id: 'execstart-not-reset',
    severity: 'error',
    title: 'Drop-in adds a second ExecStart= instead of replacing it',
    summary:
      'A drop-in that sets ExecStart= without first clearing it with an empty ExecStart= adds a second command to the unit: systemd refuses to start a service with more than one ExecStart= unless it is Type=oneshot.',
    howToFix: 'Put an empty `ExecStart=` line before the new ExecStart= in the drop-in.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (!document || document.role === 'env-file' || !document.unitName.endsWith('.service')) return;
    if (document.serviceType === 'oneshot') return;
    const dropIn = document.role === 'drop-in';
    // systemd judges the list left after every line: a drop-in starts from the unit's own
    // ExecStart= (docker.service always has one), and an empty ExecStart= clears the list.
    let count = dropIn ? 1 : 0;
    let offending: ExecStartStep | undefined;
    let resetSeen = false;
    for (const step of document.execStarts) {
      if (step.reset) {
        [count, offending, resetSeen] = [0, undefined, true];
        continue;
      }
      const before = count;
      count += step.exec?.commands.length ?? 0;
      if (before < 2 && count >= 2) offending = step;
    }
    if (!offending) return;
    const fromUnit = dropIn && !resetSeen && offending === document.execStarts[0];
    const eol = file.lines.eol();
    const lineStart = file.lines.lineStart(offending.assignment.line);
    context.report({
      span: { start: offending.assignment.keySpan.start, end: offending.assignment.valueSpan.end },
      message: fromUnit
        ? `This drop-in adds a second command to ${document.unitName}: the unit's own ExecStart= still counts unless an empty "ExecStart=" comes first. systemd refuses to start the service ("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services").`
        : `${document.unitName} is left with more than one ExecStart= command: systemd refuses to start the service ("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services").`,
      fixes: fromUnit
        ? [{ title: 'Clear the unit\'s ExecStart= first (insert "ExecStart=")', preferred: true, changes: [{ uri: file.uri, edits: [{ start: lineStart, end: lineStart, newText: `ExecStart=${eol}` }] }] }]
        : [],
    });
  },
};
