import type { ComposeModel, ComposeService, EnvVar } from '../compose/model';
import { notesSuffix, placeOf } from '../compose/report';
import { isDockerCliImage, tlsCertDirOf } from '../compose/dind';
import { isSocketProxy } from '../compose/socket-proxy';
import { editorFor } from '../surface-edit';
import type { FileRule } from './types';
import { trimEndOf } from '../text';

function lastVariable(service: ComposeService, name: string): EnvVar | undefined {
  return [...service.environment].reverse().find((variable) => variable.name === name);
}

/** `tcp://proxy:2375` -> `proxy`. */
function hostOf(url: string): string {
  const rest = url.slice('tcp://'.length);
  if (rest.startsWith('[')) return rest.slice(1, rest.indexOf(']'));
  return rest.split(/[:/]/)[0];
}

/**
 * The official docker image's entrypoint (docker-entrypoint.sh) exports DOCKER_TLS_VERIFY=1 and
 * DOCKER_CERT_PATH=$DOCKER_TLS_CERTDIR/client (the image sets /certs) when that folder holds
 * ca.pem, cert.pem and key.pem. The image ships it empty: the certificates come from a mount
 * there, usually dind's client certificates (GitLab's and Docker's documented setup).
 */
function entrypointTurnsTlsOn(service: ComposeService): boolean {
  if (!isDockerCliImage(service.image?.text) || service.entrypoint) return false;
  const certDir = trimEndOf(tlsCertDirOf(service).value, '/');
  if (certDir === '') return false;
  return service.volumes.some((volume) => {
    const target = volume.target && trimEndOf(volume.target.text, '/');
    return target === certDir || target === `${certDir}/client`;
  });
}

interface ProxyTarget {
  service: ComposeService;
  /** Every network of the proxy is `internal: true`. */
  internalOnly: boolean;
}

/** The socket proxies of a document, by every name they answer to. */
function socketProxies(model: ComposeModel): Map<string, ProxyTarget> {
  const byHost = new Map<string, ProxyTarget>();
  for (const service of model.services) {
    if (!isSocketProxy(service)) continue;
    const internalOnly = service.networks.length > 0 && service.networks.every((network) => model.networks.get(network)?.internal === true);
    for (const host of service.hostnames) byHost.set(host, { service, internalOnly });
  }
  return byHost;
}

export const dockerHostPlainTcp: FileRule<'compose'> = {
  meta: {
    id: 'docker-host-plain-tcp',
    severity: 'warning',
    title: 'DOCKER_HOST over plain TCP',
    summary: 'A client with DOCKER_HOST=tcp://... and no DOCKER_TLS_VERIFY talks to the Docker API unencrypted and unauthenticated: whoever can reach that address has the same power.',
    howToFix: 'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (client certificates), or use ssh://, or a socket proxy on an internal network.',
    preset: 'recommended',
    fixable: true,
    kinds: ['compose'],
  },
  scope: 'file',
  check(file, context) {
    for (const model of file.compose?.models ?? []) {
      const proxies = socketProxies(model);
      for (const service of model.services) {
        const dockerHost = lastVariable(service, 'DOCKER_HOST');
        if (!dockerHost?.value || dockerHost.inherited || !/^tcp:\/\//i.test(dockerHost.value.text)) continue;
        const verify = lastVariable(service, 'DOCKER_TLS_VERIFY');
        // The docker CLI turns verification on for any non-empty DOCKER_TLS_VERIFY.
        if (verify?.value && verify.value.text !== '') continue;
        if (entrypointTurnsTlsOn(service)) continue;
        const url = dockerHost.value.text;
        const proxy = proxies.get(hostOf(url));
        const placed = placeOf(file.uri, dockerHost);
        if (proxy?.internalOnly) {
          context.report({
            ...placed,
            severity: 'info',
            message: `Service "${service.name}" reaches the Docker API at ${url} without TLS, through the socket proxy "${proxy.service.name}" on internal networks only: acceptable when its grants are minimal.` + notesSuffix(dockerHost.value.notes),
          });
          continue;
        }
        if (proxy) {
          // A socket proxy serves plain HTTP: DOCKER_TLS_VERIFY would only break the client, and
          // what an unauthenticated caller gets is the proxy's grants, not the whole daemon.
          context.report({
            ...placed,
            message:
              `Service "${service.name}" reaches the Docker API at ${url} through the socket proxy "${proxy.service.name}", which answers without authentication on networks that are not all internal: ` +
              'every container on them gets what the proxy grants. Put the proxy and its clients on an internal network (internal: true).' +
              notesSuffix(dockerHost.value.notes),
          });
          continue;
        }
        const edit = verify ? undefined : editorFor('compose').addVariableAfter(file.text, service, dockerHost, 'DOCKER_TLS_VERIFY', '1');
        context.report({
          ...placed,
          message:
            `Service "${service.name}" talks to the Docker API at ${url} without TLS (no DOCKER_TLS_VERIFY): the API is unauthenticated there, and anyone who reaches that address controls the daemon. ` +
            'Set DOCKER_TLS_VERIFY=1 with DOCKER_CERT_PATH pointing at client certificates, or use ssh://.' +
            envFileCaveat(service.envFiles) +
            notesSuffix(dockerHost.value.notes),
          fixes: edit ? [{ title: 'Add DOCKER_TLS_VERIFY=1 (the client then requires TLS with certificates from DOCKER_CERT_PATH or ~/.docker)', preferred: true, changes: [{ uri: file.uri, edits: [edit] }] }] : [],
        });
      }
    }
  },
};

/** The variables of an env_file reach the container too, and dockerd-lint does not read those files. */
function envFileCaveat(paths: string[]): string {
  return paths.length === 0 ? '' : ` Its env_file (${paths.join(', ')}) is not read: if it sets DOCKER_TLS_VERIFY, this does not apply.`;
}
