// How each container surface moves a dind and its clients to TLS. The TLS rules
// (dind-tls-disabled, docker-host-plain-tcp, docker-host-mismatch) judge every surface alike;
// only the remedy knows the surface: where a variable goes, how certificates are shared, and
// what the file cannot show (then the remedy declines, and the finding says why).

import type { ComposeService, EnvVar, PortMapping } from '../compose/model';
import * as compose from '../compose/tls-remediation';
import type { Remedy } from '../remedy';
import type { Daemon, Edge } from '../connectivity';
import type { ContainerFile } from '../document';
import * as githubActions from '../github-actions/tls-remediation';
import * as gitlabCi from '../gitlab-ci/tls-remediation';
import { runnerTlsRemedy } from '../gitlab-runner/tls-remediation';
import * as kubernetes from '../kubernetes/tls-remediation';
import type { RuleContext } from '../rules/types';
import type { ContainerKind } from '../types';

export interface TlsRemedies {
  /** The dind entrypoint listens on tcp://0.0.0.0:2375 because DOCKER_TLS_CERTDIR is empty: TLS on, every client moved along. */
  turnDindTlsOn(file: ContainerFile, context: RuleContext, daemon: Daemon, certDir: EnvVar): Remedy;
  /** The dind's command bypasses the entrypoint's listener: only the empty DOCKER_TLS_CERTDIR goes. */
  removeEmptyCertDir(file: ContainerFile, service: ComposeService, certDir: EnvVar): Remedy;
  /** A client on plain TCP, or on a broken edge, moved to its daemon's TLS listener. */
  moveClient(file: ContainerFile, context: RuleContext, edge: Edge): Remedy;
  /** A dind that serves TLS on 2376 while 2375 is published: publish 2376 instead. */
  publishTlsPort(file: ContainerFile, context: RuleContext, daemon: Daemon, mapping: PortMapping): Remedy;
}

const composeRemedies: TlsRemedies = {
  turnDindTlsOn: (_file, context, daemon, certDir) => compose.turnDindTlsOn(context, daemon, certDir),
  removeEmptyCertDir: compose.removeEmptyCertDir,
  moveClient: (_file, context, edge) => compose.clientRemedy(context, edge),
  publishTlsPort: (_file, context, daemon, mapping) => compose.publishTlsPort(context, daemon, mapping),
};

const remedies: { readonly [K in ContainerKind]: TlsRemedies } = {
  compose: composeRemedies,
  'github-actions': {
    turnDindTlsOn: (file, context, daemon, certDir) => githubActions.turnDindTlsOnInJob(file, context.connectivity, daemon, certDir),
    removeEmptyCertDir: compose.removeEmptyCertDir,
    moveClient: (file, context, edge) => githubActions.clientRemedyInJob(file, context.connectivity, edge),
    publishTlsPort: () => githubActions.publishTlsPortInJob(),
  },
  'gitlab-ci': {
    // GitLab's own remediation: the job's DOCKER_HOST, DOCKER_TLS_CERTDIR and certificate path together.
    turnDindTlsOn: (file, context, _daemon, certDir) => gitlabCi.turnGitlabDindTlsOn(file, context.connectivity, certDir),
    removeEmptyCertDir: compose.removeEmptyCertDir,
    moveClient: (file, context, edge) => gitlabCi.gitlabClientRemedy(file, context.connectivity, edge),
    publishTlsPort: () => ({ declined: 'GitLab CI services publish no ports' }),
  },
  kubernetes: {
    turnDindTlsOn: (file, context, daemon, certDir) => kubernetes.turnSidecarTlsOn(file, context.connectivity, daemon, certDir),
    removeEmptyCertDir: (file, _service, certDir) => kubernetes.setSidecarCertDir(file, certDir),
    moveClient: (file, context, edge) => kubernetes.podClientRemedy(file, context.connectivity, edge),
    publishTlsPort: () => ({ declined: 'the hostPort serves clients outside the pod that these files do not show' }),
  },
  'gitlab-runner': {
    turnDindTlsOn: () => runnerTlsRemedy(),
    removeEmptyCertDir: () => runnerTlsRemedy(),
    moveClient: (_file, _context, edge) => runnerTlsRemedy(edge),
    publishTlsPort: () => runnerTlsRemedy(),
  },
};

export function tlsRemediesFor(kind: ContainerKind): TlsRemedies {
  return remedies[kind];
}
