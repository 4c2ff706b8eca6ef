import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

/** A dind service with TLS on (the image default), sharing its client certificates. */
const dindTls = 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    hostname: dind\n    volumes:\n      - certs:/certs/client\n';
const certsVolume = 'volumes:\n  certs: {}\n';
/** A pod whose docker CLI container talks to the sidecar on plain 2375. */
const podClientOn2375 =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci\nspec:\n  containers:\n    - name: build\n      image: docker:27-cli\n      env:\n        - name: DOCKER_HOST\n          value: tcp://localhost:2375\n';
/** A dind sidecar with the image's TLS defaults (verified TLS on 2376 only). */
const sidecarTls = '    - name: dind\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n';

ruleTester('docker-host-mismatch', {
  valid: [
    {
      name: 'verified TLS on 2376 against the hostname the certificate carries',
      files: {
        [compose]: `${dindTls}  runner:\n    image: example/runner\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: /certs/client\n    volumes:\n      - certs:/certs/client:ro\n${certsVolume}`,
      },
    },
    {
      name: 'the alias docker is in every dind certificate',
      files: {
        [compose]:
          'services:\n  engine:\n    image: docker:dind\n    privileged: true\n    networks:\n      ci:\n        aliases: [docker]\n    volumes:\n      - certs:/certs/client\n  job:\n    image: docker:27-cli\n    networks: [ci]\n    volumes:\n      - certs:/certs/client:ro\nnetworks:\n  ci: {}\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'a name added with DOCKER_TLS_SAN',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_SAN: DNS:dind\n    volumes: [certs:/certs/client]\n  app:\n    image: example/app\n    environment: [DOCKER_HOST=tcp://dind:2376, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH=/c]\n    volumes: [certs:/c]\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'plain client on plain dind: connects (other rules judge the missing TLS)',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
    },
    {
      name: 'an address outside the stack is not judged',
      files: { [compose]: 'services:\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://build-host.example:2375\n' },
    },
    {
      name: 'a socket proxy on 2375 without TLS',
      files: {
        [compose]:
          'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    volumes: [/var/run/docker.sock:/var/run/docker.sock:ro]\n  app:\n    image: example/app\n    environment: [DOCKER_HOST=tcp://proxy:2375]\n',
      },
    },
    {
      name: 'a dind port other than the API ports is not judged',
      files: { [compose]: 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    ports: ["8080:8080"]\n' },
    },
  ],
  invalid: [
    {
      name: 'the examples/bad case after dind TLS was turned on: 2375 reaches nothing',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n  runner:\n    image: gitlab/gitlab-runner:latest\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n      - DOCKER_TLS_VERIFY=1\n',
      },
      errors: [{ line: 8, column: 9, severity: 'error', message: 'serves nothing on port 2375' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n    volumes:\n      - dind-certs:/certs/client\n    privileged: true\n  runner:\n    image: gitlab/gitlab-runner:latest\n    volumes:\n      - dind-certs:/certs/client:ro\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n\nvolumes:\n  dind-certs: {}\n',
      },
    },
    {
      name: 'plain HTTP to the TLS port',
      files: { [compose]: `${dindTls}  runner:\n    image: example/runner\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n${certsVolume}` },
      errors: [{ line: 11, message: 'HTTP request to an HTTPS server' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    hostname: dind\n    volumes:\n      - certs:/certs/client\n  runner:\n    image: example/runner\n    volumes:\n      - certs:/certs/client:ro\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'verification without client certificates',
      files: { [compose]: `${dindTls}  runner:\n    image: example/runner\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n${certsVolume}` },
      errors: [{ line: 11, message: 'requires a client certificate' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    hostname: dind\n    volumes:\n      - certs:/certs/client\n  runner:\n    image: example/runner\n    volumes:\n      - certs:/certs/client:ro\n    environment:\n      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'verifies the service name, which the generated certificate does not carry',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    volumes:\n      - certs:/certs/client\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n    volumes:\n      - certs:/certs/client:ro\nvolumes:\n  certs: {}\n',
      },
      errors: [{ line: 10, message: 'x509 name error' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    hostname: dind\n    privileged: true\n    volumes:\n      - certs:/certs/client\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n    volumes:\n      - certs:/certs/client:ro\nvolumes:\n  certs: {}\n',
      },
    },
    {
      name: 'TLS client against a plaintext dind',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n      - DOCKER_TLS_VERIFY=1\n',
      },
      errors: [{ line: 10, message: 'serves plain HTTP' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    hostname: dind\n    volumes:\n      - dind-certs:/certs/client\n    privileged: true\n  runner:\n    image: example/runner\n    volumes:\n      - dind-certs:/certs/client:ro\n    environment:\n      - DOCKER_HOST=tcp://dind:2376\n      - DOCKER_TLS_VERIFY=1\n      - DOCKER_CERT_PATH=/certs/client\n\nvolumes:\n  dind-certs: {}\n',
      },
    },
    {
      name: 'the CLI image default tcp://docker:2375 against a TLS dind aliased docker',
      files: {
        [compose]: 'services:\n  engine:\n    image: docker:dind\n    privileged: true\n    networks:\n      default:\n        aliases: [docker]\n  job:\n    image: docker:27-cli\n',
      },
      errors: [{ line: 9, message: 'entrypoint default' }],
      output: {
        [compose]:
          'services:\n  engine:\n    image: docker:dind\n    volumes:\n      - engine-certs:/certs/client\n    privileged: true\n    networks:\n      default:\n        aliases: [docker]\n  job:\n    image: docker:27-cli\n    volumes:\n      - engine-certs:/certs/client:ro\n\nvolumes:\n  engine-certs: {}\n',
      },
    },
    {
      name: 'a published API port that maps to nothing',
      files: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    ports:\n      - "127.0.0.1:2375:2375"\n' },
      errors: [{ line: 6, severity: 'warning', message: 'does not listen' }],
      output: { [compose]: 'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    ports:\n      - "127.0.0.1:2376:2376"\n' },
    },
    {
      name: 'a machine in the files listening on that address without TLS',
      files: {
        'etc/docker/daemon.json': '{ "hosts": ["unix:///var/run/docker.sock", "tcp://10.0.0.5:2375"] }\n',
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n',
        [compose]: 'services:\n  runner:\n    image: example/runner\n    environment:\n      - DOCKER_HOST=tcp://10.0.0.5:2376\n',
      },
      errors: [{ file: compose, line: 5, message: 'No fix is offered' }],
    },
    {
      name: 'a GitLab CI job on 2375 of a dind writing its certificates outside /certs/client: declined, the runner shares only that folder',
      files: {
        '.gitlab-ci.yml': 'build:\n  image: docker:27\n  services:\n    - docker:27-dind\n  variables:\n    DOCKER_TLS_CERTDIR: "/tls"\n    DOCKER_HOST: tcp://docker:2375\n  script: docker build .\n',
      },
      errors: [
        {
          file: '.gitlab-ci.yml',
          line: 7,
          message: 'No fix is offered: service "docker:27-dind" of job "build" writes its client certificates to /tls/client, not to /certs/client, which the runner shares with the job.',
        },
      ],
      output: null,
    },
    {
      name: 'a Kubernetes client on 2375 of a sidecar that serves TLS: moved to 2376 with the client certificates in an emptyDir both mount',
      files: { 'pod.yaml': `${podClientOn2375}${sidecarTls}` },
      errors: [{ file: 'pod.yaml', line: 10, message: 'serves nothing on port 2375' }],
      output: {
        'pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci\nspec:\n  containers:\n    - name: build\n      image: docker:27-cli\n      env:\n        - name: DOCKER_HOST\n          value: tcp://localhost:2376\n        - name: DOCKER_TLS_VERIFY\n          value: "1"\n        - name: DOCKER_CERT_PATH\n          value: /certs/client\n      volumeMounts:\n        - name: dind-certs\n          mountPath: /certs/client\n          readOnly: true\n    - name: dind\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n      volumeMounts:\n        - name: dind-certs\n          mountPath: /certs/client\n  volumes:\n    - name: dind-certs\n      emptyDir: {}\n',
      },
    },
    {
      name: "a Kubernetes sidecar keeping /certs in a volume: the client mounts only its client folder (subPath), not dind's CA key",
      files: {
        'pod.yaml': `${podClientOn2375}${sidecarTls}      env:\n        - name: DOCKER_TLS_CERTDIR\n          value: /certs\n      volumeMounts:\n        - name: certs\n          mountPath: /certs\n  volumes:\n    - name: certs\n      emptyDir: {}\n`,
      },
      errors: [{ file: 'pod.yaml', line: 10, message: 'serves nothing on port 2375' }],
      output: {
        'pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci\nspec:\n  containers:\n    - name: build\n      image: docker:27-cli\n      env:\n        - name: DOCKER_HOST\n          value: tcp://localhost:2376\n        - name: DOCKER_TLS_VERIFY\n          value: "1"\n        - name: DOCKER_CERT_PATH\n          value: /certs/client\n      volumeMounts:\n        - name: certs\n          mountPath: /certs/client\n          subPath: client\n          readOnly: true\n    - name: dind\n      image: docker:27-dind\n      securityContext:\n        privileged: true\n      env:\n        - name: DOCKER_TLS_CERTDIR\n          value: /certs\n      volumeMounts:\n        - name: certs\n          mountPath: /certs\n  volumes:\n    - name: certs\n      emptyDir: {}\n',
      },
    },
    {
      name: 'a Kubernetes sidecar serving TLS with certificates of its own: declined, the client could not get them',
      files: {
        'pod.yaml': `${podClientOn2375}    - name: dind\n      image: docker:27-dind\n      args: ["dockerd", "--host=tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/tls/ca.pem", "--tlscert=/tls/cert.pem", "--tlskey=/tls/key.pem"]\n      securityContext:\n        privileged: true\n`,
      },
      errors: [
        {
          file: 'pod.yaml',
          line: 10,
          message: 'No fix is offered: container "dind" of Pod "ci" does not serve TLS with certificates it generates, so where this client\'s certificates would come from is unknown.',
        },
      ],
      output: null,
    },
  ],
});
