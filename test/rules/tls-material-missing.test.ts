import { defaultLintOptions } from '../../server/src/engine/config';
import { ruleTester } from '../helpers/rule-tester';

const baseEnv = defaultLintOptions().env;
const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('tls-material-missing', {
  valid: [
    {
      name: 'all three files in daemon.json',
      files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"], "tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' },
    },
    { name: 'a flag turned TLS on: default paths apply', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify\n' } },
    { name: 'tlsverify: false needs no CA', files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"], "tlsverify": false, "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' } },
    { name: 'no TLS, no files', files: { [daemonJson]: '{"debug": true}' } },
  ],
  invalid: [
    {
      name: 'tlsverify in daemon.json without any file',
      files: { [daemonJson]: '{\n  "hosts": ["tcp://127.0.0.1:2376"],\n  "tlsverify": true\n}\n' },
      errors: [{ line: 3, severity: 'error', message: 'could not load X509 key pair' }],
      output: {
        [daemonJson]:
          '{\n  "hosts": ["tcp://127.0.0.1:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
      },
    },
    {
      name: 'the certificate paths of the certificate command',
      options: { env: { ...baseEnv, tlsPaths: { tlscacert: '/srv/pki/ca.pem', tlscert: '/srv/pki/server.pem', tlskey: '/srv/pki/server-key.pem' } } },
      files: { [daemonJson]: '{"tls": true, "tlscacert": "/srv/pki/ca.pem"}' },
      errors: [{ line: 1, message: 'tlscert and tlskey are not set' }],
      output: { [daemonJson]: '{"tls": true, "tlscacert": "/srv/pki/ca.pem", "tlscert": "/srv/pki/server.pem", "tlskey": "/srv/pki/server-key.pem"}' },
    },
    {
      name: 'only the CA missing',
      files: { [daemonJson]: '{"tlsverify": true, "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' },
      errors: [{ line: 1, message: 'no CA of yours' }],
      output: { 'etc/docker/daemon.json': '{"tlsverify": true, "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem", "tlscacert": "/etc/docker/certs/ca.pem"}' },
    },
    {
      name: 'half a key pair on the command line',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify --tlscert=/c/cert.pem\n' },
      errors: [{ line: 3, message: 'tlskey is not set' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify --tlscert=/c/cert.pem --tlskey=/etc/docker/certs/server-key.pem\n' },
    },
  ],
});
