import { fileKinds } from '../types';
import { isParsedHost, parseDaemonHost } from '../dockerd/hosts';
import { hasTlsFile, tlsState } from '../dockerd/tls';
import { lastEntry, listItems } from '../settings';
import { setOptionsFix, tlsVerifyOptions } from '../rule-kit/fixes';
import { relatedItems, unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const tlsWithoutClientVerify: DockerdRule = {
  meta: {
    id: 'tls-without-client-verify',
    cwe: [306],
    cis: ['2.7'],
    securitySeverity: 9.8,
    severity: 'error',
    title: 'TLS without client certificate verification',
    summary:
      '`tlsverify: false` (or `--tlsverify=false`) does not turn TLS off: it turns TLS on without client authentication, so the API is encrypted but anyone who reaches it gets root on the host.',
    howToFix: 'Set tlsverify to true and name the CA that signs client certificates in tlscacert.',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const tls = tlsState(settings);
    const verifyOff = tls.verifyExplicitlyOff;
    if (!verifyOff) return;
    const hosts = listItems(settings, 'hosts').filter((item) => typeof item.value === 'string' && item.value.trim() !== '');
    const served = hosts.filter((item) => {
      const parsed = parseDaemonHost(item.value as string, context.env.platform);
      return isParsedHost(parsed) && (parsed.scheme === 'tcp' || parsed.scheme === 'fd');
    });
    // TLS applies to tcp:// and fd:// listeners only; unix sockets and named pipes never use it.
    if (hosts.length > 0 && served.length === 0) return;
    // With no hosts, dockerd defaults to tcp://localhost:2376 only when TLS was on before the
    // file's tlsverify forced it (daemon.go:683-701): `tls: true` or a tlsverify flag.
    const defaultIsTcp = lastEntry(settings, 'tls')?.value === true || verifyOff.origin !== 'config-file';
    if (hosts.length === 0 && settings.complete && !defaultIsTcp) return;
    const where =
      served.length > 0
        ? `on ${served.map((item) => String(item.value)).join(', ')}`
        : settings.complete
          ? 'on tcp://localhost:2376 (with TLS on and no hosts set, dockerd listens there)'
          : 'on every tcp:// or fd:// listener';
    const missing = tlsVerifyOptions(context.env).filter((option) => option.name === 'tlsverify' || (option.name === 'tlscacert' && !hasTlsFile(settings, 'tlscacert')));
    context.report({
      uri: verifyOff.uri,
      span: verifyOff.valueSpan,
      message:
        `${verifyOff.written}${verifyOff.origin === 'config-file' ? ': false' : '=false'} turns TLS on without client authentication: dockerd serves ${where} encrypted, but accepts any client, so anyone who reaches it gets root on the host.` +
        (served.length === 0 ? unseenFlagsNote(settings, 'host') : ''),
      related: relatedItems(served, (value) => `dockerd listens on ${value}`),
      fixes: setOptionsFix(context, verifyOff, missing, 'Verify client certificates (tlsverify: true)', true),
    });
  },
};
