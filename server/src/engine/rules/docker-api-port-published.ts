import { serviceDockerd } from '../compose/dind';
import type { ComposeService, PortMapping } from '../compose/model';
import { isVerbatim } from '../compose/mapped-string';
import { editable, notesSuffix, placeOf } from '../compose/report';
import { isSocketProxy } from '../compose/socket-proxy';
import { insertMapEntryAfter } from '../compose/yaml-edit';
import { entryOf } from '../compose/yaml-tree';
import { isAllInterfaces, isLoopbackAddress } from '../dockerd/hosts';
import { tlsState } from '../dockerd/tls';
import type { ComposeFile } from '../document';
import { listItems } from '../settings';
import { spanUnion } from '../text';
import type { Fix, TextEdit } from '../types';
import { tcpHosts } from '../rule-kit/fixes';
import type { FileRule } from './types';

/**
 * Container ports that serve the Docker API without TLS: the plaintext listeners of a service
 * that runs dockerd, else the conventional plaintext port 2375.
 */
function plaintextApiPorts(service: ComposeService, uri: string): Set<number> {
  const settings = serviceDockerd(service, uri);
  if (!settings) return new Set([2375]);
  if (tlsState(settings).enabled) return new Set();
  return new Set(tcpHosts(listItems(settings, 'hosts'), 'linux').map(({ parsed }) => parsed.port ?? 2375));
}

function covered(mapping: PortMapping, ports: Set<number>): number | undefined {
  const range = mapping.target.range;
  if (!range || (mapping.protocol !== 'tcp' && mapping.protocol !== '')) return undefined;
  for (const port of ports) if (port >= range.from && port <= range.to) return port;
  return undefined;
}

export const dockerApiPortPublished: FileRule<'compose'> = {
  meta: {
    id: 'docker-api-port-published',
    severity: 'error',
    title: 'Docker API port published on the host',
    summary: 'Publishing a container\'s plaintext Docker API port (2375) on the host\'s interfaces lets anyone on the network run containers through it, which is root on that dockerd\'s host.',
    howToFix: 'Bind the published port to 127.0.0.1, or do not publish it and let other services reach it on an internal network.',
    preset: 'recommended',
    fixable: true,
    kinds: ['compose'],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.compose?.services ?? []) {
      if (isSocketProxy(service)) continue; // judged by socket-proxy-write-access
      const ports = plaintextApiPorts(service, file.uri);
      if (ports.size === 0) continue;
      for (const mapping of service.ports) {
        if (mapping.inherited) continue;
        const port = covered(mapping, ports);
        if (port === undefined) continue;
        const address = mapping.hostIp?.text;
        const where = mapping.published?.span ?? mapping.target.span;
        const placed = placeOf(file.uri, mapping, mapping.hostIp ? spanUnion(mapping.hostIp.span, where) : where);
        const published = mapping.published ? `host port ${mapping.published.text}` : 'a random host port';
        if (address && isLoopbackAddress(address)) {
          context.report({
            ...placed,
            severity: 'info',
            message: `Service "${service.name}" publishes its plaintext Docker API port ${port} on ${address} only: local processes (and web pages in a local browser) can still drive it.` + notesSuffix(mapping.notes),
          });
          continue;
        }
        const onWhat = !address || isAllInterfaces(address.replace(/^\[|\]$/g, '')) ? 'every host interface' : `host address ${address}`;
        context.report({
          ...placed,
          message:
            `Service "${service.name}" publishes its plaintext Docker API port ${port} on ${onWhat} (${published}): anyone who reaches it can run containers as root through this dockerd. Bind it to 127.0.0.1 or do not publish it.` +
            notesSuffix(mapping.notes),
          fixes: !address || isAllInterfaces(address.replace(/^\[|\]$/g, '')) ? loopbackFix(file, mapping) : [],
        });
      }
    }
  },
};

function loopbackFix(file: ComposeFile, mapping: PortMapping): Fix[] {
  if (!editable(mapping) || mapping.notes.length > 0) return [];
  if (mapping.value && !isVerbatim(mapping.value.mapped)) return [];
  const ipv6 = mapping.hostIp?.text.includes(':');
  const loopback = ipv6 ? '::1' : '127.0.0.1';
  let edit: TextEdit | undefined;
  if (mapping.syntax === 'long' && mapping.map) {
    // A host_ip written empty, null or all-interfaces is changed in place: a second one would be a duplicate key.
    const written = entryOf(mapping.map, 'host_ip');
    if (written && !written.via) {
      const value = written.value;
      if (value.type !== 'scalar' || value.style === 'block') return [];
      const quote = value.style === 'plain' ? '' : value.style === 'double' ? '"' : "'";
      const space = value.span.start === value.span.end && file.text[value.span.start - 1] === ':' ? ' ' : '';
      edit = { ...value.span, newText: `${space}${quote}${loopback}${quote}` };
    } else {
      // In a file that does not parse, where a map ends is the parser's guess: add nothing there.
      if ((file.compose?.syntaxErrors.length ?? 0) > 0) return [];
      const after = mapping.map.entries.filter((entry) => !entry.via).pop();
      if (!after) return [];
      edit = insertMapEntryAfter(file.text, mapping.map, after, `host_ip: ${loopback}`);
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
