import { strictSettingRule } from '../rule-kit/strict-setting';

export const noNewPrivilegesOff = strictSettingRule({
  meta: {
    id: 'no-new-privileges-off',
    cwe: [250],
    cis: ['2.14'],
    title: 'Containers may gain privileges through setuid binaries',
    summary:
      'Without no-new-privileges, a process in a container can gain privileges through setuid and setgid binaries or file capabilities (CIS Docker Benchmark 2.14 in docker-bench-security 1.6).',
    howToFix: 'Set "no-new-privileges": true; a container that truly needs setuid can opt out with --security-opt no-new-privileges=false.',
  },
  option: 'no-new-privileges',
  weak: (value) => value !== true,
  safe: true,
  linuxOnly: true,
  message: (entry) => `${entry ? 'no-new-privileges is off' : 'no-new-privileges is not set'}: processes in containers can gain privileges through setuid binaries (CIS 2.14).`,
});
