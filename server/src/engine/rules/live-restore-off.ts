import { strictSettingRule } from '../rule-kit/strict-setting';

export const liveRestoreOff = strictSettingRule({
  meta: {
    id: 'live-restore-off',
    cis: ['2.15'],
    title: 'Containers stop when dockerd stops',
    summary: 'Without live-restore, restarting or upgrading dockerd stops every container; with it they keep running (CIS Docker Benchmark 2.15). Swarm mode does not support it.',
    howToFix: 'Set "live-restore": true, unless the host runs swarm mode.',
  },
  option: 'live-restore',
  weak: (value) => value !== true,
  safe: true,
  linuxOnly: true,
  message: (entry) =>
    `${entry ? 'live-restore is off' : 'live-restore is not set'}: every container stops when dockerd restarts (CIS 2.15). Set it to true unless this host is a swarm node, where it does not apply.`,
});
