import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintCase, ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('tcp-without-tls', {
  valid: [
    { name: 'unix socket only', files: { [daemonJson]: '{ "hosts": ["unix:///var/run/docker.sock"] }' } },
    {
      name: 'tcp with tlsverify and certificates',
      files: {
        [daemonJson]: JSON.stringify({ hosts: ['tcp://0.0.0.0:2376'], tlsverify: true, tlscacert: '/c/ca.pem', tlscert: '/c/cert.pem', tlskey: '/c/key.pem' }, null, 2),
      },
    },
    { name: 'tls: true alone also verifies clients', files: { [daemonJson]: '{ "hosts": ["tcp://127.0.0.1:2376"], "tls": true }' } },
    { name: 'tlsverify: false is tls-without-client-verify, not this rule', files: { [daemonJson]: '{ "hosts": ["tcp://0.0.0.0:2376"], "tlsverify": false }' } },
    { name: 'no hosts at all', files: { [daemonJson]: '{ "debug": true }' } },
    { name: 'fd:// and unix:// are not TCP', files: { [daemonJson]: '{ "hosts": ["fd://", "unix://"] }' } },
    {
      name: 'merged host: -H in the drop-in, TLS in the daemon.json beside it',
      files: {
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://10.0.0.5:2376\n',
        [daemonJson]: '{"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}',
      },
    },
  ],
  invalid: [
    {
      name: 'all interfaces, no TLS',
      files: { [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n' },
      errors: [{ line: 2, column: 44, severity: 'error', message: 'tcp://0.0.0.0:2375' }],
      output: {
        [daemonJson]:
          '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
      },
    },
    {
      name: '"tcp://" alone means localhost:2375, still plaintext',
      files: { [daemonJson]: '{"hosts": ["tcp://"]}' },
      errors: [{ line: 1, message: /tcp:\/\/localhost:2375 .*on loopback.*a 1 s delay: deprecated, it may fail to start in future versions/ }],
      output: {
        'etc/docker/daemon.json':
          '{"hosts": ["tcp://localhost:2376"], "tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      },
    },
    {
      name: 'a bare ":2375" is TCP on localhost',
      files: { [daemonJson]: '{"hosts": [":2375"]}' },
      errors: [{ line: 1, message: 'tcp://localhost:2375' }],
      output: {
        'etc/docker/daemon.json':
          '{"hosts": ["tcp://localhost:2376"], "tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      },
    },
    {
      name: 'tls: false switches it off explicitly',
      files: { [daemonJson]: '{"hosts": ["tcp://10.1.2.3:2375"], "tls": false}' },
      errors: [{ line: 1, message: /switched off explicitly \("tls": false\).*a 1 s delay/ }],
      output: {
        'etc/docker/daemon.json':
          '{"hosts": ["tcp://10.1.2.3:2376"], "tls": false, "tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      },
    },
    {
      name: 'a non-loopback address without explicit TLS: 1 s + 15 s delay',
      files: { [daemonJson]: '{"hosts": ["tcp://10.1.2.3:2375"]}' },
      errors: [{ line: 1, message: 'a 16 s delay' }],
      output: {
        'etc/docker/daemon.json':
          '{"hosts": ["tcp://10.1.2.3:2376"], "tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      },
    },
    {
      name: 'merged host: the finding is in the drop-in, and tls: false in daemon.json is related',
      files: {
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://10.0.0.5:2375\n',
        [daemonJson]: '{"tls": false}',
      },
      errors: [{ file: dropIn, line: 3, message: /switched off explicitly(?!.*Judged from this file alone)/ }],
      output: {
        'etc/systemd/system/docker.service.d/override.conf':
          '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///var/run/docker.sock -H tcp://10.0.0.5:2376 --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem\n',
      },
    },
    {
      // Each ExecStart= command is its own dockerd: the second one's --tlsverify=false is not this host's.
      name: 'two commands in a drop-in: the TLS flags go on the command that listens',
      files: {
        [dropIn]:
          '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376\nExecStart=/usr/bin/dockerd --tlsverify=false --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n',
      },
      errors: [{ line: 3, message: 'TLS is not turned on' }],
      output: {
        [dropIn]:
          '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem\nExecStart=/usr/bin/dockerd --tlsverify=false --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n',
      },
    },
    {
      // An empty --tlscert= names no file: kept as it was, TLS would then miss its certificate.
      name: 'a certificate flag written empty is given the certificate path',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlscert=\n' },
      errors: [{ line: 3, message: 'TLS is not turned on' }],
      output: {
        [dropIn]:
          '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlskey=/etc/docker/certs/server-key.pem --tlscert=/etc/docker/certs/server-cert.pem\n',
      },
    },
    {
      name: 'a lone daemon.json says that flags elsewhere could change the verdict',
      files: { [daemonJson]: '{"hosts": ["tcp://0.0.0.0:2375"]}' },
      errors: [{ line: 1, message: 'Judged from this file alone' }],
      output: {
        'etc/docker/daemon.json':
          '{"hosts": ["tcp://0.0.0.0:2376"], "tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      },
    },
  ],
});

it('tcp-without-tls points at the entry that switched TLS off, in the other file', () => {
  const results = lintCase({
    [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://10.0.0.5:2375\n',
    [daemonJson]: '{"tls": false}',
  });
  const finding = results.flatMap((result) => result.findings).find((f) => f.ruleId === 'tcp-without-tls');
  assert.ok(finding);
  assert.deepEqual(
    finding.related.map((related) => [related.uri.endsWith(daemonJson), related.span]),
    [[true, { start: 1, end: 13 }]],
  );
});

ruleTester('tcp-without-tls', {
  valid: [
    {
      name: "Compose: the host the dind entrypoint implies is dind-tls-disabled's finding, not reported twice",
      files: { 'compose.yaml': 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n' },
    },
  ],
  invalid: [
    {
      name: 'Compose: a dind command with plaintext tcp',
      files: { 'compose.yaml': 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2375"]\n' },
      errors: [{ line: 5, message: 'tcp://0.0.0.0:2375' }],
      output: {
        'compose.yaml':
          'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert=/etc/docker/certs/ca.pem", "--tlscert=/etc/docker/certs/server-cert.pem", "--tlskey=/etc/docker/certs/server-key.pem"]\n',
      },
    },
  ],
});
