import { serviceDockerd } from '../compose/dind';
import type { ComposeService, PortMapping } from '../compose/model';
import { isVerbatim } from '../compose/mapped-string';
import { editable, notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { grantsSection, isSocketProxy, socketProxyPort, writeAccessGrants } from '../compose/socket-proxy';
import { entryOf } from '../compose/yaml-tree';
import { isAllInterfaces, isLoopbackAddress } from '../dockerd/hosts';
import { tlsState } from '../dockerd/tls';
import type { ContainerFile } from '../document';
import { listItems } from '../settings';
import { spanUnion } from '../text';
import { type ContainerKind, type Fix, type TextEdit, containerKinds } from '../types';
import { tcpHosts } from '../rule-kit/fixes';
import { editorFor } from '../surface-edit';
import type { FileRule } from './types';

/** What serves the Docker API in a service: a dockerd it runs, a socket proxy, or nothing known. */
type ApiServer = { kind: 'dockerd' | 'socket-proxy' | 'unknown'; ports: Set<number> };

/**
 * Container ports that serve the Docker API without TLS: the plaintext listeners of a service
 * that runs dockerd, a socket proxy's 2375 (HAProxy there speaks plain HTTP), else the
 * conventional plaintext port 2375.
 */
function apiServerOf(service: ComposeService, file: ContainerFile): ApiServer {
  if (isSocketProxy(service)) return { kind: 'socket-proxy', ports: new Set([socketProxyPort]) };
  const settings = serviceDockerd(service, file.uri, file.kind);
  if (!settings) return { kind: 'unknown', ports: new Set([2375]) };
  if (tlsState(settings).enabled) return { kind: 'dockerd', ports: new Set() };
  return { kind: 'dockerd', ports: new Set(tcpHosts(listItems(settings, 'hosts'), 'linux').map(({ parsed }) => parsed.port ?? 2375)) };
}

/**
 * The API port a mapping publishes. A range is judged only where the service is known to serve
 * the API (a dockerd, a proxy): elsewhere "70-8000" covering 2375 says nothing about it.
 */
function covered(mapping: PortMapping, server: ApiServer): number | undefined {
  const range = mapping.target.range;
  if (!range || (mapping.protocol !== 'tcp' && mapping.protocol !== '')) return undefined;
  if (server.kind === 'unknown' && range.from !== range.to) return undefined;
  for (const port of server.ports) if (port >= range.from && port <= range.to) return port;
  return undefined;
}

/** What anyone who reaches the port gets, by what serves it. */
function exposure(service: ComposeService, server: ApiServer): string {
  if (server.kind === 'socket-proxy') {
    const grants = writeAccessGrants(service).map((grant) => `${grant.name}=${grant.value?.text}`);
    return (
      "anyone who reaches it gets the proxy's grants without authentication" +
      (grants.length > 0
        ? `, and with ${grants.join(', ')} that is root on the host.`
        : grantsSection(service, 'CONTAINERS')
          ? ": with CONTAINERS=1 it reveals every container's configuration, secrets in environment variables included."
          : ': whatever its read grants show.')
    );
  }
  if (server.kind === 'dockerd') return 'anyone who reaches it can run containers as root through this dockerd.';
  return 'if it serves the Docker API (a dockerd, a socket relay), anyone who reaches it can run containers as root on that host.';
}

/** How the published port is named: only a service known to run dockerd or a proxy is said to serve the API. */
function portName(server: ApiServer, port: number): string {
  if (server.kind === 'socket-proxy') return `its Docker API port ${port}`;
  if (server.kind === 'dockerd') return `its plaintext Docker API port ${port}`;
  return `container port ${port} (the Docker API's plaintext port)`;
}

export const dockerApiPortPublished: FileRule<ContainerKind> = {
  meta: {
    id: 'docker-api-port-published',
    cwe: [306, 1327],
    cis: ['5.14'],
    securitySeverity: 9.8,
    severity: 'error',
    title: 'Docker API port published on the host',
    summary:
      "Publishing a container's plaintext Docker API port (2375: a dockerd, or a Docker socket proxy) on the host's interfaces lets anyone on the network use that API without authentication; with write access that is root on the host.",
    howToFix: 'Bind the published port to 127.0.0.1, or do not publish it and let other services reach it on an internal network.',
    preset: 'recommended',
    fixable: true,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      const server = apiServerOf(service, file);
      if (server.ports.size === 0) continue;
      const who = server.kind === 'socket-proxy' ? `Socket proxy "${service.name}"` : `${serviceLabelStart(service)}`;
      const inheritedNetworkMode = service.extendsService && file.containers?.services.find((base) => base.name === service.extendsService)?.networkMode === service.networkMode;
      if (server.kind === 'socket-proxy' && service.networkMode?.text === 'host' && !inheritedNetworkMode) {
        // On the host's network stack the proxy's listener is on every host interface, no ports: needed.
        context.report({
          ...placeOf(file.uri, service.networkMode),
          message:
            `${who} runs with network_mode: host, so ${portName(server, socketProxyPort)} listens on every host interface: ${exposure(service, server)} Put it on a private network and let its clients reach it there.` +
            notesSuffix(service.networkMode.notes),
        });
      }
      for (const mapping of service.ports) {
        if (mapping.inherited) continue;
        const port = covered(mapping, server);
        if (port === undefined) continue;
        const address = mapping.hostIp?.text;
        const where = mapping.published?.span ?? mapping.target.span;
        const placed = placeOf(file.uri, mapping, mapping.hostIp ? spanUnion(mapping.hostIp.span, where) : where);
        const published = mapping.published ? `host port ${mapping.published.text}` : 'a random host port';
        if (address && isLoopbackAddress(address)) {
          context.report({
            ...placed,
            severity: 'info',
            message: `${who} publishes ${portName(server, port)} on ${address} only: local processes (and web pages in a local browser) can still drive it.` + notesSuffix(mapping.notes),
          });
          continue;
        }
        const onWhat = !address || isAllInterfaces(address.replace(/^\[|\]$/g, '')) ? 'every host interface' : `host address ${address}`;
        context.report({
          ...placed,
          message: `${who} publishes ${portName(server, port)} on ${onWhat} (${published}): ${exposure(service, server)} Bind it to 127.0.0.1 or do not publish it.` + notesSuffix(mapping.notes),
          // On the host's network stack the port is not published but served directly: a host address changes nothing.
          fixes: service.networkMode?.text !== 'host' && (!address || isAllInterfaces(address.replace(/^\[|\]$/g, ''))) ? loopbackFix(file, mapping) : [],
        });
      }
    }
  },
};

function loopbackFix(file: ContainerFile, mapping: PortMapping): Fix[] {
  if (!editable(mapping) || mapping.notes.length > 0) return [];
  if (mapping.value && !isVerbatim(mapping.value.mapped)) return [];
  const ipv6 = mapping.hostIp?.text.includes(':');
  const loopback = ipv6 ? '::1' : '127.0.0.1';
  let edit: TextEdit | undefined;
  if (mapping.syntax === 'long' && mapping.map) {
    // A host_ip written empty, null or all-interfaces is changed in place: a second one would be a duplicate key.
    // A pod's port names the address `hostIP`, Compose's long syntax `host_ip`.
    const hostIpKey = file.kind === 'kubernetes' ? 'hostIP' : 'host_ip';
    const written = entryOf(mapping.map, hostIpKey);
    if (written && !written.via) {
      const value = written.value;
      if (value.type !== 'scalar' || value.style === 'block') return [];
      const quote = value.style === 'plain' ? '' : value.style === 'double' ? '"' : "'";
      const space = value.span.start === value.span.end && file.text[value.span.start - 1] === ':' ? ' ' : '';
      edit = { ...value.span, newText: `${space}${quote}${loopback}${quote}` };
    } else {
      // In a file that does not parse, where a map ends is the parser's guess: add nothing there.
      if ((file.containers?.syntaxErrors.length ?? 0) > 0) return [];
      const after = mapping.map.entries.filter((entry) => !entry.via).pop();
      if (!after) return [];
      edit = editorFor(file.kind).insertMapEntryAfter(file.text, mapping.map, after, `${hostIpKey}: ${loopback}`);
    }
  } else if (mapping.hostIp) {
    edit = { ...mapping.hostIp.span, newText: loopback };
  } else if (mapping.syntax === 'short' && mapping.value) {
    if (mapping.value.node.style === 'block') return [];
    const at = mapping.published?.span.start ?? mapping.target.span.start;
    edit = { start: at, end: at, newText: mapping.published ? '127.0.0.1:' : '127.0.0.1::' };
    // `- 2375:2375` unquoted stays a string; a bare number needs quotes once it has colons.
    if (mapping.value.node.style === 'plain' && typeof mapping.value.node.value === 'number') {
      const span = mapping.value.node.span;
      edit = { ...span, newText: `"127.0.0.1::${file.text.slice(span.start, span.end)}"` };
    }
  }
  if (!edit) return [];
  return [{ title: `Publish on ${loopback} only`, preferred: true, changes: [{ uri: file.uri, edits: [edit] }] }];
}
