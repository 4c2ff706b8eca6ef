import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('dind-tls-disabled', {
  valid: [
    { name: 'dind with the image default (/certs)', files: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n' } },
    { name: 'dind with its own cert dir', files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: /certs\n' } },
    {
      name: 'passed from the shell (no value): the image default stays when unset',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      - DOCKER_TLS_CERTDIR\n' },
    },
    { name: 'not a dind image', files: { [compose]: 'services:\n  app:\n    image: example/app\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n' } },
    { name: 'a default that is not empty', files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ${CERTS:-/certs}\n' } },
  ],
  invalid: [
    {
      // Issue 19 item 8: on the host's network stack the listener is on the host's interfaces.
      name: 'network_mode: host: the plaintext listener is on every host interface',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    network_mode: host\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n' },
      errors: [{ line: 7, severity: 'error', message: /reachable without authentication on every host interface: with network_mode: host/ }],
      output: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    network_mode: host\n' },
    },
    {
      name: 'map form, empty string: the entry is removed, the rest kept',
      files: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""  # no TLS\n      DOCKER_DRIVER: overlay2\n' },
      errors: [{ line: 6, column: 7, severity: 'error', message: 'tcp://0.0.0.0:2375' }],
      output: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_DRIVER: overlay2\n' },
    },
    {
      name: 'list form, the only variable: the environment key goes too',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      - DOCKER_TLS_CERTDIR=\n    ports:\n      - "2376:2376"\n' },
      errors: [{ line: 6, column: 9 }],
      output: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    ports:\n      - "2376:2376"\n' },
    },
    {
      name: 'flow list form',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_TLS_CERTDIR=, DOCKER_DRIVER=overlay2]\n' },
      errors: [{ line: 5 }],
      output: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_DRIVER=overlay2]\n' },
    },
    {
      name: 'empty default of an unset variable: reported, not removed',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ${CERTDIR:-}\n' },
      errors: [{ line: 6, message: 'judged by the default of ${CERTDIR:-}' }],
      output: null,
    },
    {
      name: 'through a merge key',
      files: { [compose]: 'x-env: &plain\n  environment:\n    DOCKER_TLS_CERTDIR: ""\nservices:\n  dind:\n    image: docker:dind\n    privileged: true\n    <<: *plain\n' },
      errors: [{ line: 8, column: 9 }],
      output: null,
    },
    {
      name: 'the stack moves with it: the client to verified TLS on a certificate name, certificates shared and declared, the published port follows',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n    ports:\n      - "127.0.0.1:2375:2375"\n  runner:\n    image: gitlab/gitlab-runner:latest\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
      errors: [{ line: 6, message: 'its clients then need port 2376' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n    volumes:\n      - dind-certs:/certs/client\n    privileged: true\n    ports:\n      - "127.0.0.1:2376:2376"\n  runner:\n    image: gitlab/gitlab-runner:latest\n    volumes:\n      - dind-certs:/certs/client:ro\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n\nvolumes:\n  dind-certs: {}\n',
      },
    },
    {
      name: 'a client reaching it as docker through the CLI image defaults gets the certificates where its entrypoint looks',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_TLS_CERTDIR=]\n    volumes: [certs:/certs]\n    networks:\n      default:\n        aliases: [docker]\n  job:\n    image: docker:cli\n    volumes: [./src:/src]\nvolumes:\n  certs: {}\n',
      },
      errors: [{ line: 5 }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    volumes: [certs:/certs]\n    networks:\n      default:\n        aliases: [docker]\n  job:\n    image: docker:cli\n    volumes: [./src:/src, certs:/certs:ro]\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'a client whose DOCKER_HOST comes from an anchor cannot be moved: no fix, and the message says why',
      files: {
        [compose]:
          'x-client: &client\n  DOCKER_HOST: tcp://dind:2375\nservices:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: example/runner\n    environment: *client\n',
      },
      errors: [{ line: 8, message: 'No fix is offered: DOCKER_HOST is not written as a plain value' }],
      output: null,
    },
    {
      name: 'a command that runs dockerd directly bypasses the entrypoint: warning',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: dockerd --host=unix:///var/run/docker.sock\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n      DOCKER_DRIVER: overlay2\n',
      },
      errors: [{ line: 7, severity: 'warning', message: 'bypasses' }],
      output: {
        'compose.yaml': 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: dockerd --host=unix:///var/run/docker.sock\n    environment:\n      DOCKER_DRIVER: overlay2\n',
      },
    },
  ],
});
