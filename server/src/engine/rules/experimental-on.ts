import { strictSettingRule } from '../rule-kit/strict-setting';

export const experimentalOn = strictSettingRule({
  meta: {
    id: 'experimental-on',
    cis: ['2.18'],
    title: 'Experimental features on in production',
    summary: 'experimental turns on features that are not yet stable or reviewed for production (CIS Docker Benchmark 2.18 in docker-bench-security 1.6).',
    howToFix: 'Remove "experimental" (or set it to false).',
  },
  option: 'experimental',
  weak: (value) => value === true,
  safe: 'remove',
  linuxOnly: false,
  message: () => 'experimental is on: dockerd runs features that are not stable or reviewed for production (CIS 2.18).',
});
