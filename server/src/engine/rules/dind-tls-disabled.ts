import { dockerdLaunch, isDindImage, tlsCertDirOf } from '../compose/dind';
import { notesSuffix, placeOf, serviceLabelStart } from '../compose/report';
import { removeEmptyCertDir, turnDindTlsOn } from '../compose/tls-remediation';
import { daemonOfService } from '../connectivity';
import { type ContainerKind, type Fix, containerKinds } from '../types';
import type { FileRule } from './types';

export const dindTlsDisabled: FileRule<ContainerKind> = {
  meta: {
    id: 'dind-tls-disabled',
    cwe: [306, 319],
    securitySeverity: 9.1,
    severity: 'error',
    title: 'docker:dind with TLS turned off',
    summary:
      'With DOCKER_TLS_CERTDIR empty, the docker:dind entrypoint starts dockerd on tcp://0.0.0.0:2375 without TLS: every container on its networks (and the host, if published, or every host interface with network_mode: host) can drive it as root.',
    howToFix: 'Remove the empty DOCKER_TLS_CERTDIR: the image then generates certificates under /certs and serves TLS on 2376; share /certs/client with the clients.',
    preset: 'recommended',
    fixable: true,
    kinds: [...containerKinds],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.containers?.services ?? []) {
      if (!isDindImage(service.image?.text)) continue;
      const certDir = tlsCertDirOf(service);
      const variable = certDir.variable;
      if (certDir.value !== '' || !variable?.value) continue;
      // A command starting with `dockerd` bypasses the entrypoint's defaults: no 2375 listener is added.
      const launch = dockerdLaunch(service);
      const addsListener = launch?.entrypointDefaults === true;
      // On the host's network stack (network_mode: host) 0.0.0.0 is every interface of the host itself.
      const reach =
        service.networkMode?.text === 'host'
          ? "on every host interface: with network_mode: host the container shares the host's network stack, so anyone who reaches the host reaches it"
          : 'from every container on its networks';
      // Removing a variable the user interpolates would drop their setting: only literal empties are fixed.
      const literal = variable.value.notes.length === 0;
      let fixes: Fix[] = [];
      let declined = '';
      if (literal) {
        // TLS on moves the listener from 2375 to 2376: the fix carries every client of this dind along, or is not offered.
        const daemon = addsListener ? daemonOfService(context.connectivity, service) : undefined;
        const remedy = !addsListener
          ? removeEmptyCertDir(file, service, variable)
          : daemon
            ? turnDindTlsOn(file, context.connectivity, daemon, variable)
            : { declined: 'its dockerd is not in the connectivity model' };
        if ('fix' in remedy) fixes = [remedy.fix];
        else declined = ` No fix is offered: ${remedy.declined}.`;
      }
      context.report({
        ...placeOf(file.uri, variable),
        severity: addsListener ? undefined : 'warning',
        message:
          (addsListener
            ? `${serviceLabelStart(service)} sets DOCKER_TLS_CERTDIR to empty: the docker:dind entrypoint then starts dockerd with --host=tcp://0.0.0.0:2375 and no TLS, reachable without authentication ${reach}.`
            : `${serviceLabelStart(service)} sets DOCKER_TLS_CERTDIR to empty; its command bypasses the entrypoint's listeners today, but any change back to the default command opens tcp://0.0.0.0:2375 without TLS.`) +
          ' Remove it: the image generates certificates under /certs and serves TLS on 2376; its clients then need port 2376, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and the client certificates.' +
          declined +
          notesSuffix(variable.value.notes),
        fixes,
      });
    }
  },
};
