// The TLS remediation of a GitLab Runner config.toml: none is written, and the finding says why.
// The clients of a runner's dind are its jobs, whose DOCKER_HOST, certificate volume and
// DOCKER_TLS_CERTDIR live in each project's .gitlab-ci.yml, not here: turning TLS on in this
// file alone would cut them off. The daemon a runner's `host` names, and its certificates,
// are on another machine.

import type { Remedy } from '../compose/tls-remediation';
import type { Edge } from '../connectivity';

export function runnerTlsRemedy(edge?: Edge): Remedy {
  if (edge?.client.service.runsNoContainer) {
    return {
      declined: `the daemon at ${edge.client.target} and its certificates are not in this file: once it serves TLS on 2376, point host there and set tls_verify = true with tls_cert_path naming the folder of ca.pem, cert.pem and key.pem`,
    };
  }
  return {
    declined: "the jobs that use this dind set DOCKER_HOST and the certificate volume in their projects' .gitlab-ci.yml, which this file does not show: turning TLS on here alone would cut them off",
  };
}
