import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const service = (ports: string, image = 'docker:27-dind', extra = '') => `services:\n  dind:\n    image: ${image}\n    privileged: true\n${extra}    ports:\n${ports}`;
const plaintext = '    environment:\n      DOCKER_TLS_CERTDIR: ""\n';

ruleTester('docker-api-port-published', {
  valid: [
    { name: 'dind with TLS (the default) publishing 2376', files: { [compose]: service('      - "2376:2376"\n') } },
    { name: 'an unknown image publishing 2376, the TLS convention', files: { [compose]: service('      - "2376:2376"\n', 'example/agent') } },
    { name: 'other ports of a plaintext dind', files: { [compose]: service('      - "8080:80"\n', 'docker:dind', plaintext) } },
    // Issue 19 item 7: a range that happens to include 2375 on a service that runs no daemon.
    {
      name: 'a web app publishing a range that covers 2375',
      files: { [compose]: 'services:\n  web:\n    image: nginx\n    ports:\n      - "9090-9091:80-8081"\n      - "70-8000"\n      - "2370-2380:2370-2380"\n' },
    },
    { name: 'expose is not publishing', files: { [compose]: 'services:\n  api:\n    image: example/api\n    expose: ["2375"]\n' } },
    { name: 'UDP 2375 is not the API', files: { [compose]: service('      - "2375:2375/udp"\n', 'example/api') } },
    {
      name: 'a socket proxy on a private network, not published',
      files: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      CONTAINERS: 1\n    networks: [socket]\n' },
    },
  ],
  invalid: [
    // Issue 19 item 4: a published socket proxy is an open Docker API.
    {
      name: 'a read-only socket proxy published on every interface',
      files: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      CONTAINERS: 1\n    ports:\n      - "2375:2375"\n' },
      errors: [
        {
          line: 7,
          severity: 'error',
          message:
            /^Socket proxy "proxy" publishes its Docker API port 2375 on every host interface \(host port 2375\): anyone who reaches it gets the proxy's grants without authentication: with CONTAINERS=1 it reveals every container's configuration/,
        },
      ],
      output: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      CONTAINERS: 1\n    ports:\n      - "127.0.0.1:2375:2375"\n' },
    },
    {
      name: 'a socket proxy with write grants, published: root from the network',
      files: { [compose]: 'services:\n  proxy:\n    image: lscr.io/linuxserver/socket-proxy\n    environment:\n      - POST=1\n      - EXEC=1\n    ports: ["2375:2375"]\n' },
      errors: [{ line: 7, message: 'with POST=1, EXEC=1 that is root on the host' }],
      output: { [compose]: 'services:\n  proxy:\n    image: lscr.io/linuxserver/socket-proxy\n    environment:\n      - POST=1\n      - EXEC=1\n    ports: ["127.0.0.1:2375:2375"]\n' },
    },
    {
      name: 'a socket proxy on network_mode: host listens on every host interface without ports:',
      files: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    network_mode: host\n    environment:\n      CONTAINERS: 1\n' },
      errors: [{ line: 4, column: 19, severity: 'error', message: 'network_mode: host' }],
      output: null,
    },
    {
      name: 'a socket proxy on loopback: info',
      files: { [compose]: 'services:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    ports: ["127.0.0.1:2376:2375"]\n' },
      errors: [{ line: 4, severity: 'info', message: 'Socket proxy "proxy"' }],
      output: null,
    },
    {
      name: 'short syntax on all interfaces: bound to 127.0.0.1, quoting kept',
      files: { [compose]: service('      - "2375:2375" # the API\n', 'docker:dind', plaintext) },
      errors: [{ line: 8, column: 10, severity: 'error', message: 'every host interface' }],
      output: { [compose]: service('      - "127.0.0.1:2375:2375" # the API\n', 'docker:dind', plaintext) },
    },
    {
      name: '127.0.0.1 is lowered to info',
      files: { [compose]: service("      - '127.0.0.1:2375:2375'\n", 'docker:dind', plaintext) },
      errors: [{ line: 8, column: 10, severity: 'info', message: '127.0.0.1 only' }],
      output: null,
    },
    {
      name: 'IPv6 loopback is lowered to info',
      files: { [compose]: service('      - "[::1]:2375:2375"\n', 'example/api') },
      errors: [{ line: 6, severity: 'info' }],
    },
    {
      name: '0.0.0.0 written out is replaced',
      files: { [compose]: service('      - 0.0.0.0:2375:2375\n', 'example/api') },
      errors: [{ line: 6, column: 9 }],
      output: { [compose]: service('      - 127.0.0.1:2375:2375\n', 'example/api') },
    },
    {
      name: 'IPv6 all-interfaces becomes ::1',
      files: { [compose]: service('      - "[::]:2375:2375"\n', 'example/api') },
      errors: [{ line: 6 }],
      output: { [compose]: service('      - "[::1]:2375:2375"\n', 'example/api') },
    },
    {
      name: 'a range that covers the port of a plaintext dind',
      files: { [compose]: service('      - "2370-2380:2370-2380"\n', 'docker:dind', plaintext) },
      errors: [{ line: 8, message: 'port 2375' }],
      output: { [compose]: service('      - "127.0.0.1:2370-2380:2370-2380"\n', 'docker:dind', plaintext) },
    },
    {
      // Not known to serve the API: judged by the convention, and not called a dockerd.
      name: 'container port 2375 of an unknown image',
      files: { [compose]: service('      - "2375:2375"\n', 'example/api') },
      errors: [{ line: 6, message: /^Service "dind" publishes container port 2375 \(the Docker API's plaintext port\) on every host interface \(host port 2375\): if it serves the Docker API/ }],
      output: { [compose]: service('      - "127.0.0.1:2375:2375"\n', 'example/api') },
    },
    {
      name: 'a bare container port publishes on a random host port of every interface',
      files: { [compose]: service('      - 2375\n', 'example/api') },
      errors: [{ line: 6, message: 'random host port' }],
      output: { [compose]: service('      - "127.0.0.1::2375"\n', 'example/api') },
    },
    {
      name: "long syntax without host_ip: host_ip added in the map's indentation",
      files: { [compose]: service('      - target: 2375\n        published: 2375\n        protocol: tcp\n', 'example/api') },
      errors: [{ line: 7, column: 20 }],
      output: { [compose]: service('      - target: 2375\n        published: 2375\n        protocol: tcp\n        host_ip: 127.0.0.1\n', 'example/api') },
    },
    {
      name: 'long syntax with host_ip 0.0.0.0',
      files: { [compose]: service('      - target: 2375\n        host_ip: "0.0.0.0"\n        published: "12375"\n', 'example/api') },
      errors: [{ line: 7 }],
      output: { [compose]: service('      - target: 2375\n        host_ip: "127.0.0.1"\n        published: "12375"\n', 'example/api') },
    },
    {
      // Long-syntax keys come in any order: the span runs from the first part to the last.
      name: 'long syntax with host_ip after published: one span over both, forwards',
      files: { [compose]: service('      - published: 2375\n        target: 2375\n        host_ip: 0.0.0.0\n', 'example/api') },
      errors: [{ line: 6, column: 20 }],
      output: { [compose]: service('      - published: 2375\n        target: 2375\n        host_ip: 127.0.0.1\n', 'example/api') },
    },
    {
      name: 'long syntax with host_ip written empty: filled in, not added twice',
      files: { [compose]: service('      - published: 2375\n        target: 2375\n        host_ip:\n', 'example/api') },
      errors: [{ line: 6, column: 20 }],
      output: { [compose]: service('      - published: 2375\n        target: 2375\n        host_ip: 127.0.0.1\n', 'example/api') },
    },
    {
      name: 'long syntax with host_ip "" and null in a flow map',
      files: { [compose]: service('      - {target: 2375, host_ip: "", published: 2375}\n      - {target: 2375, host_ip: ~, published: 12375}\n', 'example/api') },
      errors: [{ line: 6 }, { line: 7 }],
      output: { [compose]: service('      - {target: 2375, host_ip: "127.0.0.1", published: 2375}\n      - {target: 2375, host_ip: 127.0.0.1, published: 12375}\n', 'example/api') },
    },
    {
      name: 'plaintext dind publishing 2376 is also the API without TLS',
      files: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["--host=tcp://0.0.0.0:2376", "--tls=false"]\n    environment:\n      - DOCKER_TLS_CERTDIR=\n    ports: ["2376:2376"]\n',
      },
      errors: [{ line: 8, message: 'port 2376' }],
      output: {
        [compose]:
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["--host=tcp://0.0.0.0:2376", "--tls=false"]\n    environment:\n      - DOCKER_TLS_CERTDIR=\n    ports: ["127.0.0.1:2376:2376"]\n',
      },
    },
    {
      name: 'interpolated host port: judged by its default, no fix',
      files: { [compose]: service('      - "${API_PORT:-2375}:2375"\n', 'example/api') },
      errors: [{ line: 6, message: 'judged by the default' }],
      output: null,
    },
    {
      name: 'through an alias: reported at the use site, no fix',
      files: { [compose]: 'x-ports: &api-ports\n  - "2375:2375"\nservices:\n  api:\n    image: example/api\n    ports: *api-ports\n' },
      errors: [{ line: 6, column: 12 }],
      output: null,
    },
  ],
});
