import { defaultLintOptions } from '../../server/src/engine/config';
import { ruleTester } from '../helpers/rule-tester';

const baseEnv = defaultLintOptions().env;
const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
// TLS is set so that the rewritten host raises no tcp-without-tls.
const tls = '"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"';

ruleTester('invalid-host', {
  valid: [
    {
      name: 'unix://, fd:// and tcp://',
      files: { [daemonJson]: '{"hosts": ["unix://", "fd://", "tcp://127.0.0.1:2376"], "tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' },
    },
    { name: 'bracketed IPv6 and a bare :port', files: { [daemonJson]: '{"hosts": ["tcp://[::1]:2375", ":2375", "host:"]}' } },
    { name: 'blank entries are dropped', files: { [daemonJson]: '{"hosts": ["", "  ", "unix:///run/docker.sock"]}' } },
    { name: 'npipe:// on Windows', options: { env: { ...baseEnv, platform: 'windows' } }, files: { 'ProgramData/docker/config/daemon.json': '{"hosts": ["npipe://"]}' } },
    { name: 'a relative unix path is accepted', files: { [daemonJson]: '{"hosts": ["unix://rel.sock"]}' } },
  ],
  invalid: [
    {
      name: 'ssh:// is client-side only',
      files: { [daemonJson]: '{"hosts": ["ssh://admin@host"]}' },
      errors: [{ line: 1, column: 12, severity: 'error', message: "unsupported proto 'ssh'" }],
      output: null,
    },
    {
      name: 'a path element is cut off',
      files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376/docker"], ${tls}}` },
      errors: [{ line: 1, message: 'should not contain a path element' }],
      output: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], ${tls}}` },
    },
    {
      // Cutting the path off would leave the bad port: no value is suggested that dockerd rejects too.
      name: 'a path element after a port that is not a number: no fix',
      files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:23a6/docker"], ${tls}}` },
      errors: [{ line: 1, message: 'should not contain a path element' }],
      output: null,
    },
    {
      name: 'a unix path without unix://',
      files: { [daemonJson]: '{"hosts": ["/var/run/docker.sock"]}' },
      errors: [{ line: 1 }],
      output: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}' },
    },
    {
      name: 'upper-case scheme',
      files: { [daemonJson]: `{"hosts": ["TCP://127.0.0.1:2376"], ${tls}}` },
      errors: [{ line: 1, message: "unsupported proto 'TCP'" }],
      output: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:2376"], ${tls}}` },
    },
    { name: 'port 0', files: { [daemonJson]: '{"hosts": ["tcp://0.0.0.0:0"]}' }, errors: [{ line: 1, severity: 'error', message: 'invalid port: 0' }], output: null },
    {
      name: 'port 0 on a 20.10 host: still accepted there (measured), a warning before upgrading',
      files: { [daemonJson]: '{"hosts": ["tcp://0.0.0.0:0"]}' },
      options: { env: { engineVersion: '20.10' } },
      errors: [{ line: 1, severity: 'warning', message: 'still accepts this value' }],
      output: null,
    },
    {
      name: 'unbracketed IPv6: a fix is offered, not applied by fix-all',
      files: { [daemonJson]: `{"hosts": ["tcp://::1:2376"], ${tls}}` },
      errors: [{ line: 1, message: 'brackets' }],
      output: null,
    },
    { name: 'npipe:// on Linux', files: { [daemonJson]: '{"hosts": ["npipe://"]}' }, errors: [{ line: 1, message: 'only on Windows' }] },
    {
      name: 'fd:// on Windows',
      options: { env: { ...baseEnv, platform: 'windows' } },
      files: { 'ProgramData/docker/config/daemon.json': '{"hosts": ["fd://"]}' },
      errors: [{ line: 1, message: 'only on Linux' }],
    },
    {
      name: 'a drop-in -H http://',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H http://127.0.0.1:2376 --tlsverify\n' },
      errors: [{ line: 3, column: 40 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://127.0.0.1:2376 --tlsverify\n' },
    },
  ],
});
