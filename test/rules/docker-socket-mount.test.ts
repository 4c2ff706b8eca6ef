import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('docker-socket-mount', {
  valid: [
    {
      name: 'a named volume called docker.sock is not the host socket',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      - docker.sock:/var/run/docker.sock\nvolumes:\n  docker.sock: {}\n' },
    },
    { name: 'an anonymous volume at the socket path binds nothing', files: { [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      - /var/run/docker.sock\n' } },
    { name: 'another host file bound onto the socket path in the container', files: { [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      - ./fake.sock:/var/run/docker.sock\n' } },
    {
      name: 'long syntax type volume named docker.sock',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      - type: volume\n        source: docker.sock\n        target: /var/run/docker.sock\n' },
    },
    {
      name: 'a read-only socket proxy on an internal network',
      files: {
        [compose]:
          'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy:0.3\n    environment:\n      CONTAINERS: 1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n    networks: [socket]\nnetworks:\n  socket:\n    internal: true\n',
      },
    },
    {
      name: 'suppressed on the line',
      files: { [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      # dockerd-lint-disable-next-line docker-socket-mount\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
    },
    {
      name: 'suppressed for the file',
      files: { [compose]: '# dockerd-lint-disable docker-socket-mount\nservices:\n  app:\n    image: alpine\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
    },
  ],
  invalid: [
    // Issue 19 item 8: the folders that hold the socket are the same exposure as the socket.
    {
      name: 'a bind of /var/run or /run holds the Docker socket',
      files: { [compose]: 'services:\n  agent:\n    image: x\n    volumes:\n      - /var/run:/var/run\n      - /run/:/host/run:ro\n' },
      errors: [
        { line: 5, column: 9, severity: 'error', message: /mounts \/var\/run, the folder that holds the Docker socket \(\/var\/run\/docker\.sock\)/ },
        { line: 6, column: 9, severity: 'error', message: /mounts \/run, the folder that holds the Docker socket \(\/run\/docker\.sock\).*read-only, which does not help/ },
      ],
      output: null,
    },
    {
      name: 'a variable host path onto the socket path: judged by the target, with lower certainty',
      files: {
        [compose]: 'services:\n  app:\n    image: alpine\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n      - type: bind\n        source: ${HOST_SOCKET}\n        target: /run/docker.sock\n',
      },
      errors: [
        { line: 5, column: 9, severity: 'warning', message: /mounts \$\{SOCK\} onto \/var\/run\/docker\.sock.*judged by its target/ },
        { line: 8, severity: 'warning', message: /judged by its target/ },
      ],
      output: null,
    },
    {
      // The child inherits the mount through extends: one finding, on the base (kills dropping the `inherited` check).
      name: 'extends: reported on the base service only',
      files: { [compose]: 'services:\n  base:\n    image: x\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n  child:\n    extends: base\n' },
      errors: [{ line: 5, message: 'Service "base"' }],
      output: null,
    },
    {
      name: 'short syntax, read-only: the span is the host path, the message says :ro does not help',
      files: { [compose]: 'services:\n  app:\n    image: portainer/portainer-ce\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n' },
      errors: [{ line: 5, column: 9, severity: 'error', message: 'does not help' }],
      output: null,
    },
    {
      name: 'quoted short syntax keeps the exact span inside the quotes',
      files: { [compose]: 'services:\n  app:\n    image: x\n    volumes: ["//var/run/docker.sock:/var/run/docker.sock"]\n' },
      errors: [{ line: 4, column: 16, message: '/var/run/docker.sock' }],
    },
    {
      name: 'long syntax bind of /run/docker.sock',
      files: { [compose]: 'services:\n  app:\n    image: x\n    volumes:\n      - type: bind\n        source: /run/docker.sock\n        target: /var/run/docker.sock\n        read_only: true\n' },
      errors: [{ line: 6, column: 17, message: 'read-only' }],
    },
    {
      name: 'interpolation default is judged, and the message says so',
      files: { [compose]: 'services:\n  app:\n    image: x\n    volumes:\n      - ${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n' },
      errors: [{ line: 5, column: 24, message: 'judged by the default of ${DOCKER_SOCK:-/var/run/docker.sock}' }],
    },
    {
      name: 'through a merge key: reported at the alias use site',
      files: { [compose]: 'x-docker: &docker\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  ci:\n    image: x\n    <<: *docker\n' },
      errors: [{ line: 7, column: 9, message: 'Service "ci"' }],
    },
    {
      name: 'containerd and podman sockets, rootless docker socket',
      files: {
        [compose]:
          'services:\n  app:\n    image: x\n    volumes:\n      - /run/containerd/containerd.sock:/run/containerd/containerd.sock\n      - /run/podman/podman.sock:/var/run/docker.sock\n      - $XDG_RUNTIME_DIR/docker.sock:/var/run/docker.sock\n',
      },
      errors: [{ line: 5 }, { line: 6 }, { line: 7, message: 'socket $XDG_RUNTIME_DIR/docker.sock' }],
    },
    {
      name: 'a named volume that binds the socket through driver_opts',
      files: {
        [compose]:
          'services:\n  app:\n    image: x\n    volumes:\n      - sock:/var/run/docker.sock\nvolumes:\n  sock:\n    driver_opts:\n      type: none\n      o: bind\n      device: /var/run/docker.sock\n',
      },
      errors: [{ line: 11, message: 'named volume "sock"' }],
    },
    // Issue 15 item 6: a service whose Docker client names a daemon of the stack (DOCKER_HOST)
    // does not reach a daemon through the mount: the preferred fix removes it.
    {
      name: 'a merge key that brings only the mount, to a client of dind: the merge key and the unused anchor go',
      files: {
        [compose]:
          '# the stack\nx-docker-access: &docker-access\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock:ro   # ro\n\nservices:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:latest\n    <<: *docker-access\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
      errors: [{ line: 14, column: 9, message: /Service "runner" mounts/ }],
      output: {
        [compose]:
          '# the stack\n\nservices:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:latest\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
    },
    {
      name: "the service's own mount, next to others, to a client of dind: only the mount goes",
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  ci:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - ./src:/src\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
      errors: [{ line: 10, column: 9 }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  ci:\n    image: docker:27-cli\n    volumes:\n      - ./src:/src\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
    },
    {
      name: 'the only mount of a client of dind: the volumes key goes',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  ci:\n    image: docker:27-cli\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
      errors: [{ line: 9 }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  ci:\n    image: docker:27-cli\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
    },
    {
      name: 'gitlab-runner: the fix says what it assumes of config.toml',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:v17.5.0\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - ./config:/etc/gitlab-runner\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
      errors: [{ line: 10, message: /Service "runner" mounts/ }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:v17.5.0\n    volumes:\n      - ./config:/etc/gitlab-runner\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n',
      },
    },
    {
      // What dind-tls-disabled's fix leaves when it gives the runner a volumes list of its own: a copy of the anchor's.
      name: 'an own copy of the mount an overridden anchor holds: the mount, the merge key and the unused anchor go',
      files: {
        [compose]:
          'x-docker-access: &docker-access\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock:ro\nservices:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:latest\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n      - ./config:/etc/gitlab-runner\n    <<: *docker-access\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
      errors: [{ line: 13, message: /Service "runner" mounts/ }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  runner:\n    image: gitlab/gitlab-runner:latest\n    volumes:\n      - ./config:/etc/gitlab-runner\n    environment:\n      - DOCKER_HOST=tcp://dind:2375\n',
      },
    },
    {
      name: 'an anchor two services merge, that also brings other keys: no fix, the message says why',
      files: {
        [compose]:
          'x-access: &access\n  restart: always\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\nservices:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n  a:\n    image: docker:27-cli\n    <<: *access\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n  b:\n    image: alpine\n    <<: *access\n',
      },
      errors: [
        { line: 13, message: /No fix is offered: the mount comes from &access, which other services merge too/ },
        { line: 18, message: 'Service "b"' },
      ],
      output: null,
    },
    {
      name: 'DOCKER_HOST names a daemon outside the files: the mount stays',
      files: {
        [compose]:
          'services:\n  ci:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    environment:\n      DOCKER_HOST: tcp://build.example:2376\n      DOCKER_TLS_VERIFY: "1"\n',
      },
      errors: [{ line: 5, message: /No fix is offered: .*build\.example/ }],
      output: null,
    },
    {
      name: 'network_mode: host: no socket proxy is reachable by name, the message says why no fix',
      files: { [compose]: 'services:\n  traefik:\n    image: traefik:v3.1\n    network_mode: host\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
      errors: [{ line: 6, message: /network_mode: host.*cannot reach a socket proxy by its service name.*No fix is offered/ }],
      output: null,
    },
    {
      name: 'a socket proxy with POST=1 is not exempt',
      files: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      - POST=1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' },
      // Issue 19 item 4: the proxy is the advice; it is told to keep its grants read-only instead.
      errors: [{ line: 7, message: /is a socket proxy with write grants \(POST=1\).*socket-proxy-write-access/ }],
    },
  ],
});
