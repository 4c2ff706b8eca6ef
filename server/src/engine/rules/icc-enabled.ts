import { strictSettingRule } from '../rule-kit/strict-setting';

export const iccEnabled = strictSettingRule({
  meta: {
    id: 'icc-enabled',
    cwe: [923],
    cis: ['2.2'],
    title: 'Containers on the default bridge can talk to each other',
    summary:
      'With icc on (the default), every container on the default bridge network reaches every other one on any port: one compromised container can attack its neighbours (CIS Docker Benchmark 2.2).',
    howToFix: 'Set "icc": false and connect containers that must talk through user-defined networks or published ports.',
  },
  option: 'icc',
  weak: (value) => value !== false,
  safe: false,
  linuxOnly: true,
  message: (entry) =>
    `${entry ? 'icc is on' : 'icc is not set, so it is on'}: containers on the default bridge reach each other on every port (CIS 2.2). Set it to false and use user-defined networks for containers that must talk.`,
});
