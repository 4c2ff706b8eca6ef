// Section-A rules on Compose services that run dockerd: the dind entrypoint's implied options
// and the command's own flags go through the same dockerd-settings model as daemon.json.

import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('tcp-without-tls', {
  valid: [
    { name: 'dind with the default DOCKER_TLS_CERTDIR: 2376 with --tlsverify', files: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n' } },
    { name: 'dind command with flags only keeps the TLS defaults', files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["--mtu=1400"]\n' } },
    {
      name: 'dockerd on its unix socket only',
      files: {
        [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n    command: dockerd --host=unix:///var/run/docker.sock\n',
      },
    },
    // The plaintext listener the dind entrypoint adds for an empty DOCKER_TLS_CERTDIR is
    // dind-tls-disabled's finding (reported at the variable); tcp-without-tls does not repeat it.
    {
      name: 'empty DOCKER_TLS_CERTDIR is left to dind-tls-disabled',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n' },
    },
    {
      name: 'empty DOCKER_TLS_CERTDIR plus --tls=false is left to dind-tls-disabled too',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_TLS_CERTDIR=]\n    command: ["--tls=false"]\n' },
    },
    { name: 'a client image is not dockerd', files: { [compose]: 'services:\n  cli:\n    image: docker:27-cli\n    command: docker -H tcp://dind:2375 ps\n' } },
  ],
  invalid: [
    {
      name: 'dockerd flags in a command list: TLS flags added as list items',
      files: {
        [compose]: 'services:\n  engine:\n    image: docker:dind\n    privileged: true\n    command:\n      - dockerd\n      - --host=tcp://0.0.0.0:2375\n      - --host=unix:///var/run/docker.sock\n',
      },
      errors: [{ line: 7, column: 16, message: 'tcp://0.0.0.0:2375' }],
      output: {
        [compose]:
          'services:\n  engine:\n    image: docker:dind\n    privileged: true\n    command:\n      - dockerd\n      - --host=tcp://0.0.0.0:2376\n      - --tlsverify\n      - --tlscacert=/etc/docker/certs/ca.pem\n      - --tlscert=/etc/docker/certs/server-cert.pem\n      - --tlskey=/etc/docker/certs/server-key.pem\n      - --host=unix:///var/run/docker.sock\n',
      },
    },
    {
      name: 'dockerd flags in a command string, split like a shell',
      files: { [compose]: 'services:\n  engine:\n    image: example/engine\n    privileged: true\n    entrypoint: dockerd -H "tcp://0.0.0.0:2375"\n' },
      errors: [{ line: 5, column: 28, message: 'tcp://0.0.0.0:2375' }],
      output: {
        [compose]:
          'services:\n  engine:\n    image: example/engine\n    privileged: true\n    entrypoint: dockerd -H "tcp://0.0.0.0:2376" --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem\n',
      },
    },
  ],
});
