import { fileKinds } from '../types';
import { isHostError, isParsedHost, listenerError, parseDaemonHost } from '../dockerd/hosts';
import { compareVersions } from '../dockerd/options';
import { listItems } from '../settings';
import { replaceHostFix } from '../rule-kit/fixes';
import { refusesToStart } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const invalidHost: DockerdRule = {
  meta: {
    id: 'invalid-host',
    severity: 'error',
    title: 'Host address dockerd rejects',
    summary:
      'dockerd parses every -H / "hosts" value at start-up and refuses to start on one it cannot listen on: ssh:// (client side only), an unknown scheme, a path after the port, port 0, an unbracketed IPv6 address, a unix path without unix://.',
    howToFix: 'Write the host as tcp://ADDRESS:PORT (IPv6 in brackets), unix:///path or fd://.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    const { platform } = context.env;
    for (const host of listItems(settings, 'hosts')) {
      // A value of another type is wrong-type's finding.
      if (typeof host.value !== 'string') continue;
      const parsed = parseDaemonHost(host.value, platform);
      if (isHostError(parsed)) {
        const fixes = parsed.suggestion
          ? replaceHostFix(context, host, parsed.suggestion, `Use ${parsed.suggestion}${parsed.suggestionIsGuess ? ' (check the port)' : ''}`, !parsed.suggestionIsGuess)
          : [];
        const stillAccepted = parsed.acceptedUpTo !== undefined && compareVersions(context.env.engineVersion, parsed.acceptedUpTo) <= 0;
        const message = stillAccepted
          ? `dockerd ${context.env.engineVersion} still accepts this value (${parsed.error}), but current dockerd refuses to start on it: fix it before upgrading.`
          : `${refusesToStart}: ${parsed.error}.`;
        context.report({ uri: host.entry.uri, span: host.span, message, fixes, stopsDockerd: !stillAccepted, severity: stillAccepted ? 'warning' : undefined });
        continue;
      }
      const failure = isParsedHost(parsed) ? listenerError(parsed, platform) : undefined;
      if (failure) context.report({ uri: host.entry.uri, span: host.span, message: `${refusesToStart} with ${host.value}: ${failure}.` });
    }
  },
};
