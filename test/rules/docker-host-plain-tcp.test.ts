import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

const proxy = (internal: boolean) =>
  'services:\n  app:\n    image: example/ci\n    environment:\n      DOCKER_HOST: tcp://socket-proxy:2375\n    networks: [socket]\n' +
  '  socket-proxy:\n    image: lscr.io/linuxserver/socket-proxy:latest\n    environment:\n      CONTAINERS: 1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n    networks: [socket]\n' +
  `networks:\n  socket:\n    internal: ${internal}\n`;

ruleTester('docker-host-plain-tcp', {
  valid: [
    { name: 'with DOCKER_TLS_VERIFY', files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n' } },
    { name: 'ssh and unix hosts', files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      A: x\n      DOCKER_HOST: ssh://deploy@build\n  b:\n    image: docker:cli\n    environment: [DOCKER_HOST=unix:///var/run/docker.sock]\n' } },
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
      output: { 'compose.yaml': 'services:\n  job:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n  other:\n    image: docker:27-cli\n    entrypoint: [docker]\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n    volumes:\n      - certs:/certs/client\n  off:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_TLS_CERTDIR: ""\n    volumes:\n      - certs:/certs/client\n  elsewhere:\n    image: alpine\n    environment:\n      DOCKER_HOST: tcp://docker:2376\n      DOCKER_TLS_VERIFY: "1"\n    volumes:\n      - certs:/certs/client\n' },
    },
    {
      name: 'map form: DOCKER_TLS_VERIFY added after DOCKER_HOST',
      files: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://dind:2375   # build daemon\n      OTHER: x\n' },
      errors: [{ line: 5, column: 7, severity: 'warning' }],
      output: { [compose]: 'services:\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://dind:2375   # build daemon\n      DOCKER_TLS_VERIFY: "1"\n      OTHER: x\n' },
    },
    {
      name: 'list form, quoted style kept',
      files: { [compose]: "services:\n  app:\n    image: docker:cli\n    environment:\n      - 'DOCKER_HOST=tcp://10.0.0.5:2375'\n" },
      errors: [{ line: 5, column: 9 }],
      output: { [compose]: "services:\n  app:\n    image: docker:cli\n    environment:\n      - 'DOCKER_HOST=tcp://10.0.0.5:2375'\n      - 'DOCKER_TLS_VERIFY=1'\n" },
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
      output: { 'compose.yaml': 'services:\n  app:\n    image: docker:cli\n    env_file: tls.env\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n  base:\n    image: docker:cli\n    env_file:\n      - path: ./base.env\n        required: false\n  job:\n    extends: base\n    env_file: [job.env]\n    environment: [DOCKER_HOST=tcp://dind:2376, DOCKER_TLS_VERIFY=1]\n  plain:\n    image: docker:cli\n    environment: [DOCKER_HOST=tcp://dind:2376, DOCKER_TLS_VERIFY=1]\n' },
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
      output: { 'compose.yaml': 'services:\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: ${DOCKER_HOST:-tcp://dind:2375}\n      DOCKER_TLS_VERIFY: "1"\n' },
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
      name: 'a socket proxy on the default network, as socket proxies\' READMEs show it',
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
