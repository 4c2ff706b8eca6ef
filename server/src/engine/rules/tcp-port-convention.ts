import { fileKinds } from '../types';
import { tlsState } from '../dockerd/tls';
import { listItems } from '../settings';
import { changePortFix, tcpHosts } from '../rule-kit/fixes';
import { relatedEntries, unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const tcpPortConvention: DockerdRule = {
  meta: {
    id: 'tcp-port-convention',
    cwe: [319],
    severity: 'info',
    title: 'Docker API port does not match its TLS setting',
    summary: 'Clients and scanners assume 2375 is plaintext and 2376 is TLS (the IANA assignments). TLS on 2375, or plaintext on 2376, misleads the people who connect and the reviewers who audit.',
    howToFix: 'Use 2376 for TLS and 2375 for plaintext.',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const tls = tlsState(settings);
    for (const { host, parsed } of tcpHosts(listItems(settings, 'hosts'), context.env.platform)) {
      const expected = tls.enabled ? 2376 : 2375;
      if (parsed.port !== 2375 && parsed.port !== 2376) continue;
      if (parsed.port === expected) continue;
      const implicitPort = !/:\d+\]?$/.test(String(host.value)) ? ' (an empty port means 2375, even with TLS)' : '';
      context.report({
        uri: host.entry.uri,
        span: host.span,
        message: tls.enabled
          ? `dockerd serves TLS on ${parsed.normalized}${implicitPort}: clients assume 2375 is plaintext and 2376 is TLS.`
          : `dockerd serves plaintext on ${parsed.normalized}: clients assume 2376 is TLS.` + unseenFlagsNote(settings, 'TLS'),
        related: relatedEntries(host.entry, tls.deciding),
        fixes: changePortFix(context, host, parsed, expected, true),
      });
    }
  },
};
