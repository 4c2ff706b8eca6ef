import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

const proxy = (internal: boolean) =>
  'services:\n  app:\n    image: example/ci\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n    networks: [socket]\n' +
  '  socket-proxy:\n    image: lscr.io/linuxserver/socket-proxy:latest\n    environment:\n      CONTAINERS: 1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n    networks: [socket]\n' +
  `networks:\n  socket:\n    internal: ${internal}\n`;

ruleTester('docker-host-plain-tcp', {
  valid: [
    {
      name: 'with DOCKER_TLS_VERIFY',
      files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n' },
    },
    {
      name: 'ssh and unix hosts',
      files: {
        [compose]:
          'services:\n  app:\n    image: docker:cli\n    environment:\n      A: x\n      DOCKER_HOST: ssh://deploy@build\n  b:\n    image: docker:cli\n    environment: [DOCKER_HOST=unix:///var/run/docker.sock]\n',
      },
    },
    {
      // docker-entrypoint.sh of the docker image sets DOCKER_TLS_VERIFY=1 when $DOCKER_TLS_CERTDIR/client holds the certificates.
      name: 'the docker image with dind client certificates mounted under DOCKER_TLS_CERTDIR',
      files: {
        [compose]:
          'services:\n  job:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: /certs\n    volumes:\n      - certs:/certs/client:ro\n' +
          '  deploy:\n    image: docker\n    environment: [DOCKER_HOST=tcp://docker:2376]\n    volumes: [certs:/certs/client]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'the docker image without certificates mounted, or with its entrypoint replaced: its entrypoint cannot turn TLS on',
      files: {
        [compose]:
          'services:\n  job:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n' +
          '  other:\n    image: docker:27-cli\n    entrypoint: [docker]\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n    volumes:\n      - certs:/certs/client\n' +
          '  off:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_CERTDIR: ""\n    volumes:\n      - certs:/certs/client\n' +
          '  elsewhere:\n    image: alpine\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n    volumes:\n      - certs:/certs/client\n',
      },
      errors: [{ line: 5 }, { line: 10 }, { line: 16 }, { line: 23 }],
      output: null,
    },
    {
      // DOCKER_TLS_VERIFY alone would cut the client off: no certificates, and no telling whether the daemon serves TLS.
      name: 'a daemon outside the files: reported, no fix, and the message says why',
      files: { [compose]: "services:\n  app:\n    image: docker:cli\n    environment:\n      - 'DOCKER_HOST=tcp://10.0.0.5:2375'\n" },
      errors: [{ line: 5, column: 9, message: 'No fix is offered: 10.0.0.5 is not a daemon in the files at hand' }],
      output: null,
    },
    {
      name: 'a client of a dind that serves TLS: moved to verified TLS on a certificate name, certificates shared and declared',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://dind:2375   # build daemon\n      OTHER: x\n',
      },
      errors: [{ line: 8, column: 7, severity: 'warning' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n    volumes:\n      - dind-certs:/certs/client\n    privileged: true\n  app:\n    image: docker:cli\n    volumes:\n      - dind-certs:/certs/client:ro\n' +
          '    environment:\n      DOCKER_HOST: tcp://dind:2376   # build daemon\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\n      OTHER: x\n\nvolumes:\n  dind-certs: {}\n',
      },
    },
    {
      name: 'a client of a dind with TLS off: the same fix as dind-tls-disabled (dind and client move together)',
      files: {
        [compose]:
          'services:\n  docker:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_TLS_CERTDIR=, DOCKER_DRIVER=overlay2]\n    volumes: [certs:/certs]\n  app:\n    image: example/app\n    environment: [DOCKER_HOST=tcp://docker:2375]\nvolumes:\n  certs:\n',
      },
      errors: [{ line: 9 }],
      output: {
        [compose]:
          'services:\n  docker:\n    image: docker:dind\n    privileged: true\n    environment: [DOCKER_DRIVER=overlay2]\n    volumes: [certs:/certs]\n  app:\n    image: example/app\n    volumes:\n      - certs:/certs:ro\n    environment: [DOCKER_HOST=tcp://docker:2376, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH=/certs/client]\nvolumes:\n  certs:\n',
      },
    },
    {
      name: 'env_file is named in the message (its variables are not read), own or inherited through extends; without one, not a word of it',
      files: {
        [compose]:
          'services:\n  app:\n    image: docker:cli\n    env_file: tls.env\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n' +
          '  base:\n    image: docker:cli\n    env_file:\n      - path: ./base.env\n        required: false\n' +
          '  job:\n    extends: base\n    env_file: [job.env]\n    environment: [DOCKER_HOST=tcp://dind:2376]\n' +
          '  plain:\n    image: docker:cli\n    environment: [DOCKER_HOST=tcp://dind:2376]\n',
      },
      errors: [
        { line: 6, message: 'Its env_file (tls.env) is not read: if it sets DOCKER_TLS_VERIFY, this does not apply.' },
        { line: 15, message: 'env_file (./base.env, job.env)' },
        { line: 18, message: /^(?![\s\S]*env_file)/ },
      ],
      output: null,
    },
    {
      name: 'an empty DOCKER_TLS_VERIFY does not turn verification on',
      files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: ""\n' },
      errors: [{ line: 5 }],
      output: null,
    },
    {
      name: 'interpolated default',
      files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: ${DOCKER_HOST:-tcp://dind:2375}\n' },
      errors: [{ line: 5, message: 'judged by the default' }],
      output: null,
    },
    {
      name: 'a socket proxy on an internal network: info',
      files: { [compose]: proxy(true) },
      errors: [{ line: 5, severity: 'info', message: 'socket proxy "socket-proxy"' }],
    },
    {
      // The proxy speaks plain HTTP: adding DOCKER_TLS_VERIFY would break the client, so no fix.
      name: 'a socket proxy on a network that is not internal: warning about the proxy, no TLS fix',
      files: { [compose]: proxy(false) },
      errors: [{ line: 5, severity: 'warning', message: 'through the socket proxy "socket-proxy"' }],
      output: null,
    },
    {
      name: "a socket proxy on the default network, as socket proxies' READMEs show it",
      files: {
        [compose]:
          'services:\n  socket-proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      CONTAINERS: 1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n' +
          '  kuma:\n    image: louislam/uptime-kuma:1\n    environment:\n      - DOCKER_HOST=tcp://socket-proxy:2375\n',
      },
      errors: [{ line: 11, severity: 'warning', message: 'internal network' }],
      output: null,
    },
  ],
});
