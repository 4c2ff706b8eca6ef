import { fileKinds } from '../types';
import { isLoopbackAddress } from '../dockerd/hosts';
import { tlsState } from '../dockerd/tls';
import { listItems } from '../settings';
import { tcpHosts, useTlsFix } from '../rule-kit/fixes';
import { plaintextStartupNote, relatedEntries, settingAsWritten, unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const tcpWithoutTls: DockerdRule = {
  meta: {
    id: 'tcp-without-tls',
    cwe: [306, 319],
    cis: ['2.7'],
    securitySeverity: 9.8,
    severity: 'error',
    title: 'Docker API on TCP without TLS',
    summary:
      'dockerd serves its API over plain TCP: anyone who can reach the port can run containers as root on the host. dockerd only warns and delays start-up; it is deprecated and may fail to start in future versions.',
    howToFix:
      'Listen on port 2376 with tlsverify, tlscacert, tlscert and tlskey (the quick-fix, which keeps the address), or keep only the unix socket and connect with DOCKER_HOST=ssh://. Binding to 127.0.0.1 does not clear it: local users and browser scripts still reach plaintext on loopback.',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const tls = tlsState(settings);
    // TLS on without client verification is tls-without-client-verify's finding.
    if (tls.enabled) return;
    const why = tls.offBy ? `TLS is switched off explicitly (${settingAsWritten(tls.offBy)})` : 'TLS is not turned on';
    for (const { host, parsed } of tcpHosts(listItems(settings, 'hosts'), context.env.platform)) {
      // A host the docker:dind entrypoint adds (DOCKER_TLS_CERTDIR="") is dind-tls-disabled's finding.
      if (host.entry.origin === 'implied') continue;
      context.report({
        uri: host.entry.uri,
        span: host.span,
        message:
          `dockerd listens on ${parsed.normalized} and ${why}: anyone who reaches this port gets root on the host` +
          `${parsed.address !== undefined && isLoopbackAddress(parsed.address) ? ' (on loopback: every local user, and scripts in a local browser)' : ''}. ` +
          `${plaintextStartupNote(parsed, tls)} Use port 2376 with tlsverify and certificates, or keep the unix socket and connect over ssh://.` +
          unseenFlagsNote(settings, 'TLS'),
        related: relatedEntries(host.entry, tls.deciding),
        // No "bind to 127.0.0.1" here: plaintext on loopback is still this finding (dockerd warns that
        // local users and browser scripts reach it); tcp-all-interfaces offers that narrowing.
        fixes: useTlsFix(context, settings, host, parsed, true),
      });
    }
    for (const listener of settings.socketListeners) {
      context.report({
        uri: listener.uri,
        span: listener.span,
        message: `systemd listens on ${listener.address} and hands the socket to dockerd (fd://) while ${why}: anyone who reaches it gets root on the host.` + unseenFlagsNote(settings, 'TLS'),
      });
    }
  },
};
