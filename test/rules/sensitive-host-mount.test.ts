import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('sensitive-host-mount', {
  valid: [
    {
      name: 'a file under /etc (localtime) and app data',
      files: { [compose]: 'services:\n  a:\n    image: x\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - ./data:/data\n      - /srv/app:/srv\n' },
    },
    { name: 'a named volume called etc', files: { [compose]: 'services:\n  a:\n    image: x\n    volumes:\n      - etc:/etc\nvolumes:\n  etc: {}\n' } },
    { name: "the socket itself is docker-socket-mount's", files: { [compose]: 'services:\n  a:\n    image: x\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' } },
  ],
  invalid: [
    {
      name: 'the host root and /etc, short syntax (/var/run holds the socket: docker-socket-mount)',
      files: { [compose]: 'services:\n  a:\n    image: x\n    volumes:\n      - /:/host:ro\n      - /etc/:/host-etc\n      - //var/run:/var/run\n' },
      errors: [
        { line: 5, column: 9, message: 'whole host filesystem' },
        { line: 6, message: '/etc read-write' },
      ],
    },
    {
      name: 'long syntax bind of /var/lib/docker subpath',
      files: { [compose]: 'services:\n  a:\n    image: x\n    volumes:\n      - type: bind\n        source: /var/lib/docker/volumes\n        target: /v\n' },
      errors: [{ line: 6, column: 17, severity: 'warning', message: 'part of /var/lib/docker' }],
    },
    {
      name: 'read-only /proc and /sys for a monitoring agent: info',
      files: {
        [compose]: 'services:\n  node-exporter:\n    image: prom/node-exporter\n    volumes:\n      - /proc:/host/proc:ro\n      - /sys/fs/cgroup:/host/sys/fs/cgroup:ro\n      - /sys:/host/sys\n',
      },
      errors: [
        { line: 5, severity: 'info' },
        { line: 6, severity: 'info' },
        { line: 7, severity: 'warning' },
      ],
    },
  ],
});
