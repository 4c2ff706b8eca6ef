import { fileKinds } from '../types';
import { compareVersions } from '../dockerd/options';
import { lastEntry, listItems } from '../settings';
import { removeEntryFix, tcpHosts } from '../rule-kit/fixes';
import { relatedItems, unseenFlagsNote } from '../rule-kit/messages';
import type { DockerdRule } from './types';

export const apiCorsAnyOrigin: DockerdRule = {
  meta: {
    id: 'api-cors-any-origin',
    cwe: [942],
    securitySeverity: 9.6,
    severity: 'error',
    title: 'Docker API answers cross-origin requests',
    summary: 'Before v27, api-cors-header makes dockerd send Access-Control-Allow-Origin: any web page a user opens can then drive the Docker API on a TCP listener, which is root on the host.',
    howToFix: 'Remove api-cors-header; a browser tool that needs the API should go through an authenticating proxy.',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    // From v27 the option does nothing, from v28 dockerd refuses it: unknown-key and
    // ignored-key report it by engine version, so this rule stays out.
    if (compareVersions(context.env.engineVersion, '27.0') >= 0) return;
    const cors = lastEntry(settings, 'api-cors-header');
    if (!cors || typeof cors.value !== 'string' || cors.value.trim() === '') return;
    const origin = cors.value.trim() === '*' ? 'any origin (*)' : `the origin ${cors.value}`;
    const tcp = tcpHosts(listItems(settings, 'hosts'), context.env.platform);
    context.report({
      uri: cors.uri,
      span: cors.valueSpan,
      severity: tcp.length > 0 ? 'error' : 'warning',
      message:
        tcp.length > 0
          ? `dockerd ${context.env.engineVersion} allows cross-origin requests from ${origin} on ${tcp.map(({ parsed }) => parsed.normalized).join(', ')}: a web page opened in a browser that can reach it can drive the Docker API, which is root on the host.`
          : `dockerd ${context.env.engineVersion} allows cross-origin requests from ${origin}; no TCP listener is set here, but one added later is open to web pages at once.` +
            unseenFlagsNote(settings, 'host'),
      related: relatedItems(
        tcp.map(({ host }) => host),
        (value) => `dockerd listens on ${value}`,
      ),
      fixes: removeEntryFix(context, cors, `Remove ${cors.written}`, true),
    });
  },
};
