import { strictSettingRule } from '../rule-kit/strict-setting';

export const userlandProxyOn = strictSettingRule({
  meta: {
    id: 'userland-proxy-on',
    cis: ['2.16'],
    title: 'docker-proxy handles published ports',
    summary: 'With userland-proxy on (the default), a docker-proxy process per published port relays traffic; iptables rules alone do the job with less attack surface (CIS Docker Benchmark 2.16).',
    howToFix: 'Set "userland-proxy": false where the kernel supports hairpin NAT.',
  },
  option: 'userland-proxy',
  weak: (value) => value !== false,
  safe: false,
  linuxOnly: true,
  message: (entry) =>
    `${entry ? 'userland-proxy is on' : 'userland-proxy is not set, so it is on'}: a docker-proxy process relays every published port (CIS 2.16). Set it to false where hairpin NAT works.`,
});
