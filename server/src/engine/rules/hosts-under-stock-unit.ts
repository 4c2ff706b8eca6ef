import { pathOf } from '../paths';
import { execStartDropIn, newDropInUri, stockExecStartWithoutHosts } from '../systemd/drop-in';
import type { Fix } from '../types';
import { removeEntryFix } from '../rule-kit/fixes';
import { editorFor } from '../surface-edit';
import type { DockerdRule } from './types';

function dropInText(eol: string, hosts?: string[]): string {
  const comments = hosts
    ? ['The listen addresses, moved here from "hosts" in daemon.json (dockerd refuses', 'them in both places).']
    : ['dockerd takes its listen addresses from "hosts" in daemon.json; the packaged', 'docker.service passes -H fd://, which dockerd refuses next to "hosts".'];
  const flags = (hosts ?? []).map((host) => ` -H ${editorFor('systemd').quoteWord(host)}`).join('');
  return execStartDropIn(`${stockExecStartWithoutHosts}${flags}`, [...comments, 'On Debian/Ubuntu docker.io the binary is /usr/sbin/dockerd.'], eol);
}

export const hostsUnderStockUnit: DockerdRule = {
  meta: {
    id: 'hosts-under-stock-unit',
    severity: 'warning',
    title: '"hosts" in daemon.json while docker.service passes -H fd://',
    summary: 'The docker.service of Docker CE, Debian, Ubuntu and Fedora starts dockerd with -H fd://; with "hosts" also in daemon.json dockerd refuses to start (flag and file both set the option).',
    howToFix: 'Add a docker.service drop-in that clears ExecStart= and starts dockerd without -H, or move the hosts into a drop-in.',
    preset: 'recommended',
    fixable: true,
    kinds: ['daemon-json'],
  },
  scope: 'dockerd',
  check(settings, context) {
    if (context.env.platform === 'windows') return;
    const info = context.machine;
    // A docker.service of the workspace decides: flag-file-conflict reports its -H, if any.
    if (info && info.service.origin === 'workspace') return;
    if (settings.entries.some((entry) => entry.name === 'rootless' && entry.value === true)) return;
    for (const hosts of settings.entries.filter((entry) => entry.name === 'hosts' && entry.origin === 'config-file')) {
      // Rootless dockerd reads ~/.config/docker/daemon.json and is started by its own unit.
      if (/\/\.config\/docker\//.test(pathOf(hosts.uri))) continue;
      // The snap's daemon.json: snapd starts the snap's dockerd with its own command line, no -H fd://.
      if (/(^|\/)var\/snap\/docker\/[^/]+\/config\/daemon\.json$/.test(pathOf(hosts.uri))) continue;
      const target = newDropInUri(hosts.uri, (uri) => context.files.has(uri));
      const eol = context.files.get(hosts.uri)?.lines.eol() ?? '\n';
      const fixes: Fix[] = [];
      if (target) {
        fixes.push({
          title: 'Add a docker.service drop-in that starts dockerd without -H fd://',
          preferred: true,
          changes: [{ uri: target, create: true, edits: [{ start: 0, end: 0, newText: dropInText(eol) }] }],
        });
        const listed = Array.isArray(hosts.value) && hosts.value.length > 0 && hosts.value.every((host) => typeof host === 'string') ? (hosts.value as string[]) : undefined;
        const removal = removeEntryFix(context, hosts, 'remove hosts')[0];
        if (listed && removal) {
          fixes.push({
            title: 'Move the hosts to a new docker.service drop-in (-H flags)',
            changes: [...removal.changes, { uri: target, create: true, edits: [{ start: 0, end: 0, newText: dropInText(eol, listed) }] }],
          });
        }
      }
      context.report({
        uri: hosts.uri,
        span: hosts.nameSpan,
        message:
          `"hosts" is set here, but the packaged docker.service starts dockerd with -H fd://: dockerd then refuses to start ("specified both as a flag and in the configuration file: hosts"). ` +
          `Add a drop-in (/etc/systemd/system/docker.service.d/override.conf) with an empty "ExecStart=" and an ExecStart= without -H.` +
          (info ? '' : ' (Judged from this file alone: a drop-in elsewhere that already does this would make it fine.)'),
        fixes,
      });
    }
  },
};
