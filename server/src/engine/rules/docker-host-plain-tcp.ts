import { type ContainerKind, containerKinds } from '../types';
import type { ComposeModel, ComposeService } from '../compose/model';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { clientRemedy } from '../compose/tls-remediation';
import { stacksOf } from '../connectivity';
import type { FileRule } from './types';

/** Every network of the proxy is `internal: true`. */
function internalOnly(model: ComposeModel | undefined, service: ComposeService): boolean {
  return !!model && service.networks.length > 0 && service.networks.every((network) => model.networks.get(network)?.internal === true);
}

export const dockerHostPlainTcp: FileRule<ContainerKind> = {
  meta: {
    id: 'docker-host-plain-tcp',
    cwe: [319],
    severity: 'warning',
    title: 'DOCKER_HOST over plain TCP',
    summary: 'A client with DOCKER_HOST=tcp://... and no DOCKER_TLS_VERIFY talks to the Docker API unencrypted and unauthenticated: whoever can reach that address has the same power.',
    howToFix: 'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (client certificates), or use ssh://, or a socket proxy on an internal network.',
    preset: 'recommended',
    fixable: true,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const stack of stacksOf(context.connectivity, file.uri)) {
      for (const edge of stack.edges) {
        const { client } = edge;
        const settings = client.settings;
        const dockerHost = settings?.variable;
        if (!settings || client.kind !== 'docker-host' || client.scheme !== 'tcp' || !dockerHost?.value || dockerHost.inherited || settings.tls) continue;
        const url = dockerHost.value.text;
        const placed = placeOf(file.uri, dockerHost);
        const proxy = edge.daemon?.kind === 'socket-proxy' ? edge.daemon : undefined;
        if (proxy?.service) {
          if (internalOnly(stack.model, proxy.service)) {
            context.report({
              ...placed,
              severity: 'info',
              message:
                `${serviceLabelStart(client)} reaches the Docker API at ${url} without TLS, through the socket proxy "${proxy.service.name}" on internal networks only: acceptable when its grants are minimal.` +
                notesSuffix(dockerHost.value.notes),
            });
            continue;
          }
          // A socket proxy serves plain HTTP: DOCKER_TLS_VERIFY would only break the client, and
          // what an unauthenticated caller gets is the proxy's grants, not the whole daemon.
          context.report({
            ...placed,
            message:
              `${serviceLabelStart(client)} reaches the Docker API at ${url} through the socket proxy "${proxy.service.name}", which answers without authentication on networks that are not all internal: ` +
              'every container on them gets what the proxy grants. Put the proxy and its clients on an internal network (internal: true).' +
              notesSuffix(dockerHost.value.notes),
          });
          continue;
        }
        const remedy = clientRemedy(file, context.connectivity, edge);
        context.report({
          ...placed,
          message:
            `${serviceLabelStart(client)} talks to the Docker API at ${url} without TLS (no DOCKER_TLS_VERIFY): the API is unauthenticated there, and anyone who reaches that address controls the daemon. ` +
            'Set DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH pointing at client certificates, or use ssh://.' +
            envFileCaveat(client.service.envFiles) +
            ('declined' in remedy ? ` No fix is offered: ${remedy.declined}.` : '') +
            notesSuffix(dockerHost.value.notes),
          fixes: 'fix' in remedy ? [remedy.fix] : [],
        });
      }
    }
  },
};

/** The variables of an env_file reach the container too, and dockerd-lint does not read those files. */
function envFileCaveat(paths: string[]): string {
  return paths.length === 0 ? '' : ` Its env_file (${paths.join(', ')}) is not read: if it sets DOCKER_TLS_VERIFY, this does not apply.`;
}
