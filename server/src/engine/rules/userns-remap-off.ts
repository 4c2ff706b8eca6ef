import { lastEntry } from '../settings';
import { strictSettingRule } from '../rule-kit/strict-setting';

export const usernsRemapOff = strictSettingRule({
  meta: {
    id: 'userns-remap-off',
    cwe: [250],
    cis: ['2.9'],
    title: 'Container root is root on the host',
    summary: 'Without user-namespace remapping, uid 0 in a container is uid 0 on the host: a container escape lands as root (CIS Docker Benchmark 2.9). Rootless dockerd already runs unprivileged.',
    howToFix: 'Set "userns-remap": "default" (dockerd creates the dockremap user), or run dockerd rootless.',
  },
  option: 'userns-remap',
  weak: (value) => typeof value !== 'string' || value.trim() === '',
  safe: 'default',
  linuxOnly: true,
  exempt: (settings) => lastEntry(settings, 'rootless')?.value === true,
  message: () =>
    'userns-remap is not set: root in a container is root on the host after an escape (CIS 2.9). "default" maps it to the unprivileged dockremap user; note that it changes image storage and volume ownership.',
});
