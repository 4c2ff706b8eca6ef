import { type ContainerKind, containerKinds } from '../types';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import type { Remedy } from '../remedy';
import { type Edge, isBroken, stacksOf, tlsWords } from '../connectivity';

import { tlsRemediesFor } from '../rule-kit/tls-remedies';
import type { FileRule } from './types';

function fixesOf(remedy: Remedy) {
  return 'fix' in remedy ? { fixes: [remedy.fix], why: '' } : { fixes: [], why: ` No fix is offered: ${remedy.declined}.` };
}

function origin(edge: Edge): string {
  const settings = edge.client.settings;
  if (settings?.origin === 'entrypoint default') return " (the docker image's entrypoint default)";
  return settings?.variable ? ' (DOCKER_HOST)' : '';
}

export const dockerHostMismatch: FileRule<ContainerKind> = {
  meta: {
    id: 'docker-host-mismatch',
    severity: 'error',
    title: 'Client names a Docker API its daemon does not serve',
    summary:
      "A client (DOCKER_HOST, the docker image's defaults) names a dockerd of the same stack or machine on a port it does not listen on, with TLS settings the listener does not agree with, or verifies a name its certificate does not carry: the client cannot connect.",
    howToFix:
      'Point the client at a listener the daemon serves, with the same TLS mode, client certificates when it verifies clients, and a name its certificate carries (for docker:dind: `docker`, its `hostname:`, or a DOCKER_TLS_SAN entry).',
    preset: 'recommended',
    fixable: true,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const stack of stacksOf(context.connectivity, file.uri)) {
      for (const edge of stack.edges) {
        // A project's stack spans its files: each file reports its own clients and daemons.
        if (!isBroken(edge) || edge.client.uri !== file.uri) continue;
        const client = edge.client;
        const notes = client.settings?.notes ?? [];
        const item = client.settings?.variable ?? { span: client.span };
        const { fixes, why } = fixesOf(tlsRemediesFor(file.kind).moveClient(file, context, edge));
        context.report({
          ...placeOf(file.uri, item),
          message: `${serviceLabelStart(client.service)} connects to ${client.target}${origin(edge)}, but ${edge.reason}.` + why + notesSuffix(notes),
          fixes,
        });
      }
      for (const daemon of stack.daemons) {
        if (daemon.uri !== file.uri) continue;
        for (const published of daemon.published) {
          if (published.listener) continue;
          const { mapping } = published;
          const servesTls = daemon.listeners.some((listener) => listener.port === 2376 && listener.tls !== 'none');
          const { fixes, why } = published.port === 2375 && servesTls ? fixesOf(tlsRemediesFor(file.kind).publishTlsPort(file, context, daemon, mapping)) : { fixes: [], why: '' };
          context.report({
            ...placeOf(file.uri, mapping, mapping.target.span),
            severity: 'warning',
            message:
              `${daemon.service ? serviceLabelStart(daemon.service) : daemon.label} publishes container port ${published.port}, where its dockerd does not listen (${
                daemon.listeners
                  .filter((l) => l.scheme === 'tcp')
                  .map((l) => `${l.address}, ${tlsWords(l.tls)}`)
                  .join('; ') || 'no TCP listener'
              }): ` +
              'clients on the host reach nothing there. Publish the port dockerd serves, or remove the mapping.' +
              why +
              notesSuffix(mapping.notes),
            fixes,
          });
        }
      }
    }
  },
};
