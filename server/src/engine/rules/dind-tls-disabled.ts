import { dockerdLaunch, isDindImage, tlsCertDirOf } from '../compose/dind';
import { notesSuffix, placeOf } from '../compose/report';
import { editorFor } from '../surface-edit';
import type { FileRule } from './types';

export const dindTlsDisabled: FileRule<'compose'> = {
  meta: {
    id: 'dind-tls-disabled',
    severity: 'error',
    title: 'docker:dind with TLS turned off',
    summary:
      'With DOCKER_TLS_CERTDIR empty, the docker:dind entrypoint starts dockerd on tcp://0.0.0.0:2375 without TLS: every container on its networks (and the host, if published, or every host interface with network_mode: host) can drive it as root.',
    howToFix: 'Remove the empty DOCKER_TLS_CERTDIR: the image then generates certificates under /certs and serves TLS on 2376; share /certs/client with the clients.',
    preset: 'recommended',
    fixable: true,
    kinds: ['compose'],
  },
  scope: 'file',
  check(file, context) {
    for (const service of file.compose?.services ?? []) {
      if (!isDindImage(service.image?.text)) continue;
      const certDir = tlsCertDirOf(service);
      const variable = certDir.variable;
      if (certDir.value !== '' || !variable?.value) continue;
      // A command starting with `dockerd` bypasses the entrypoint's defaults: no 2375 listener is added.
      const launch = dockerdLaunch(service);
      const addsListener = launch?.entrypointDefaults === true;
      // On the host's network stack (network_mode: host) 0.0.0.0 is every interface of the host itself.
      const reach = service.networkMode?.text === 'host' ? 'on every host interface: with network_mode: host the container shares the host\'s network stack, so anyone who reaches the host reaches it' : 'from every container on its networks';
      // Removing a variable the user interpolates would drop their setting: only literal empties are fixed.
      const edit = variable.value.notes.length === 0 ? editorFor('compose').removeVariable(file.text, service, variable) : undefined;
      context.report({
        ...placeOf(file.uri, variable),
        severity: addsListener ? undefined : 'warning',
        message:
          (addsListener
            ? `Service "${service.name}" sets DOCKER_TLS_CERTDIR to empty: the docker:dind entrypoint then starts dockerd with --host=tcp://0.0.0.0:2375 and no TLS, reachable without authentication ${reach}.`
            : `Service "${service.name}" sets DOCKER_TLS_CERTDIR to empty; its command bypasses the entrypoint's listeners today, but any change back to the default command opens tcp://0.0.0.0:2375 without TLS.`) +
          ' Remove it: the image generates certificates under /certs and serves TLS on 2376.' +
          notesSuffix(variable.value.notes),
        fixes: edit ? [{ title: 'Remove the empty DOCKER_TLS_CERTDIR (TLS with generated certificates)', preferred: true, changes: [{ uri: file.uri, edits: [edit] }] }] : [],
      });
    }
  },
};
