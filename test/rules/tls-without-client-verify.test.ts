import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('tls-without-client-verify', {
  valid: [
    { name: 'tlsverify: true', files: { [daemonJson]: '{"hosts": ["tcp://0.0.0.0:2376"], "tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' } },
    {
      name: 'tls: true alone verifies clients',
      files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"], "tls": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' },
    },
    { name: 'tlsverify: false with only a unix socket: TLS applies to nothing', files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"], "tlsverify": false}' } },
    { name: 'no TLS at all is tcp-without-tls, not this rule', files: { [daemonJson]: '{"hosts": ["tcp://0.0.0.0:2375"]}' } },
  ],
  invalid: [
    {
      name: 'tlsverify: false with a tcp host',
      files: { [daemonJson]: '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": false,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n' },
      errors: [{ line: 3, column: 16, severity: 'error', message: 'without client authentication' }],
      output: { [daemonJson]: '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n' },
    },
    {
      name: 'an empty tlscacert names no CA: it is given the CA path',
      files: { [daemonJson]: '{\n  "hosts": ["tcp://10.0.0.5:2376"],\n  "tlsverify": false,\n  "tlscacert": "",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n' },
      errors: [{ line: 3 }],
      output: { [daemonJson]: '{\n  "hosts": ["tcp://10.0.0.5:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n' },
    },
    {
      name: 'tlsverify: false without tlscacert also gets the CA',
      files: { [daemonJson]: '{\n  "hosts": ["tcp://10.0.0.5:2376"],\n  "tlsverify": false,\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n' },
      errors: [{ line: 3 }],
      output: { [daemonJson]: '{\n  "hosts": ["tcp://10.0.0.5:2376"],\n  "tlsverify": true,\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem",\n  "tlscacert": "/etc/docker/certs/ca.pem"\n}\n' },
    },
    {
      name: 'a lone daemon.json with no hosts: the unit decides where it listens',
      files: { [daemonJson]: '{"tlsverify": false}' },
      errors: [{ line: 1, message: 'Judged from this file alone' }],
      output: { 'etc/docker/daemon.json': '{"tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem"}' },
    },
    {
      name: 'drop-in --tlsverify=false',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify=false --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n' },
      errors: [{ line: 3 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify=true --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n' },
    },
  ],
});
