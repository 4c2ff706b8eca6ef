import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fixAll } from '../../server/src/engine/fix';
import { lintCase, optionsOf, ruleTester, sourcesOf } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const certs = '"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"';

ruleTester('tcp-all-interfaces', {
  valid: [
    { name: 'loopback with TLS', files: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:2376"], ${certs}}` } },
    { name: '"tcp://" means localhost', files: { [daemonJson]: '{"hosts": ["tcp://"]}' } },
    { name: 'a bare ":2375" means localhost', files: { [daemonJson]: '{"hosts": [":2375"]}' } },
    { name: '[::1]', files: { [daemonJson]: `{"hosts": ["tcp://[::1]:2376"], ${certs}}` } },
    { name: 'another 127/8 address', files: { [daemonJson]: `{"hosts": ["tcp://127.0.1.1:2376"], ${certs}}` } },
    { name: 'a named interface address with TLS is the recommended setup', files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], ${certs}}` } },
    { name: 'a host name', files: { [daemonJson]: `{"hosts": ["tcp://docker-01.lan:2376"], ${certs}}` } },
    { name: 'unix:// and fd://', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///var/run/docker.sock\n' } },
  ],
  invalid: [
    {
      name: '0.0.0.0 even with TLS',
      files: { [daemonJson]: `{"hosts": ["tcp://0.0.0.0:2376"], ${certs}}` },
      errors: [{ line: 1, column: 12, severity: 'warning', message: 'every network interface' }],
      // Binding to loopback cuts remote clients off: offered, not preferred, so fix-all leaves it.
      output: {},
    },
    {
      name: '[::] binds to ::1',
      files: { [daemonJson]: `{"hosts": ["[::]:2376"], ${certs}}` },
      errors: [{ line: 1, message: 'tcp://[::]:2376' }],
      output: {},
    },
    {
      name: 'bare 0.0.0.0 keeps the default port 2375',
      files: { [daemonJson]: '{"hosts": ["0.0.0.0"]}' },
      errors: [{ line: 1, message: 'tcp://0.0.0.0:2375' }],
      output: {},
    },
  ],
});

it('tcp-all-interfaces + tcp-without-tls: fix-all keeps the remote listener and adds TLS with client verification', () => {
  const files = { [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n' };
  const fixed = fixAll(sourcesOf(files), optionsOf({}));
  const text = [...fixed.texts.values()][0];
  assert.equal(
    text,
    '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
  );
  const left = lintCase({ [daemonJson]: text })
    .flatMap((result) => result.findings)
    .map((finding) => finding.ruleId);
  assert.ok(!left.includes('tcp-without-tls'), left.join(', '));
});

it('the same on a drop-in', () => {
  const files = { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n' };
  const fixed = fixAll(sourcesOf(files), optionsOf({}));
  const text = [...fixed.texts.values()][0];
  assert.equal(
    text,
    '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem\n',
  );
  const left = lintCase({ [dropIn]: text })
    .flatMap((result) => result.findings)
    .map((finding) => finding.ruleId);
  assert.ok(!left.includes('tcp-without-tls'), left.join(', '));
});

ruleTester('tcp-all-interfaces', {
  valid: [
    {
      name: 'Compose: 0.0.0.0 inside a dind container is its only way to be reached; published ports decide',
      files: { 'compose.yaml': 'services:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlsverify"]\n' },
    },
  ],
  invalid: [],
});
