// The TLS remediation of a GitLab Runner config.toml: none is written, and the finding says why.
// The clients of a runner's dind are its jobs, and each project's .gitlab-ci.yml can set their
// DOCKER_HOST, DOCKER_TLS_CERTDIR and certificate volume too: turning TLS on in this file alone
// can cut them off. The daemon a runner's `host` names, and its certificates,
// are on another machine.

import type { Remedy } from '../remedy';
import type { Edge } from '../connectivity';

export function runnerTlsRemedy(edge?: Edge): Remedy {
  if (edge?.client.service.runsNoContainer) {
    return {
      declined: `the daemon at ${edge.client.target} and its certificates are not in this file: once it serves TLS on 2376, point host there and set tls_verify = true with tls_cert_path naming the folder of ca.pem, cert.pem and key.pem`,
    };
  }
  return {
    declined:
      "the jobs' .gitlab-ci.yml files also set DOCKER_HOST, DOCKER_TLS_CERTDIR and the certificate volume, and this file does not show them: moving dind and its clients to TLS here alone could cut those jobs off",
  };
}
