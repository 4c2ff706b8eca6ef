import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const proxy = (environment: string, extra = '') =>
  `services:\n  proxy:\n    image: ghcr.io/tecnativa/docker-socket-proxy:v0.3.0\n    environment:\n${environment}    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock:ro\n${extra}`;

ruleTester('socket-proxy-write-access', {
  valid: [
    { name: 'read-only grants on an internal network', files: { [compose]: proxy('      CONTAINERS: 1\n      POST: 0\n', '    networks: [internal]\nnetworks:\n  internal:\n    internal: true\n') } },
    // Issue 19 item 4: a published proxy is an open Docker API, reported by docker-api-port-published.
    { name: 'published on every interface: docker-api-port-published reports it', files: { [compose]: proxy('      CONTAINERS: 1\n', '    ports:\n      - 2375:2375\n') } },
    { name: 'published on loopback only', files: { [compose]: proxy('      CONTAINERS: 1\n', '    ports: ["127.0.0.1:2375:2375"]\n') } },
    { name: "POST=true is not a true value for HAProxy's bool match", files: { [compose]: proxy('      - POST=true\n') } },
    { name: 'not a socket proxy', files: { [compose]: 'services:\n  app:\n    image: example/app\n    environment:\n      POST: 1\n' } },
  ],
  invalid: [
    {
      name: 'POST=1 in list form',
      files: { [compose]: proxy('      - CONTAINERS=1\n      - POST=1\n') },
      errors: [{ line: 6, column: 9, message: 'POST=1' }],
    },
    {
      name: 'EXEC and ALLOW_START (linuxserver)',
      files: { [compose]: 'services:\n  proxy:\n    image: lscr.io/linuxserver/socket-proxy\n    environment:\n      EXEC: 1\n      ALLOW_START: "1"\n' },
      errors: [
        { line: 5, message: 'exec' },
        { line: 6, message: 'starting' },
      ],
    },
    {
      name: 'grant through a merge key',
      files: { [compose]: 'x-write: &write\n  POST: 1\nservices:\n  proxy:\n    image: tecnativa/docker-socket-proxy\n    environment:\n      <<: *write\n      CONTAINERS: 1\n' },
      errors: [{ line: 7, column: 11 }],
    },
  ],
});
