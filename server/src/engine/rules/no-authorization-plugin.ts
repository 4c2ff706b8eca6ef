import { fileKinds } from '../types';
import { listItems } from '../settings';
import { tcpHosts } from '../rule-kit/fixes';
import { unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const noAuthorizationPlugin: DockerdRule = {
  meta: {
    id: 'no-authorization-plugin',
    cwe: [862],
    cis: ['2.12'],
    severity: 'info',
    title: 'Remote Docker API without an authorization plugin',
    summary:
      'TLS client certificates say who connects, not what they may do: every client with a certificate is root on the host. An authorization plugin limits API calls per user (CIS Docker Benchmark 2.12 in docker-bench-security 1.6).',
    howToFix: 'Add an authorization plugin (e.g. OPA, Casbin) in authorization-plugins, or keep the API off TCP.',
    preset: 'strict',
    fixable: false,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const plugins = listItems(settings, 'authorization-plugins').filter((item) => typeof item.value === 'string' && item.value.trim() !== '');
    if (plugins.length > 0) return;
    for (const { host, parsed } of tcpHosts(listItems(settings, 'hosts'), context.env.platform)) {
      context.report({
        uri: host.entry.uri,
        span: host.span,
        message:
          `dockerd serves the API on ${parsed.normalized} and no authorization plugin is set: every client it accepts can do anything, root on the host included (CIS 2.12).` +
          unseenFlagsNote(settings, 'authorization-plugin'),
      });
    }
  },
};
