import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const strict = { options: { preset: 'strict' as const } };
const tls = '"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"';

ruleTester('no-authorization-plugin', {
  valid: [
    { name: 'an authorization plugin', ...strict, files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], ${tls}, "authorization-plugins": ["opa-docker-authz"]}` } },
    { name: 'no tcp listener', ...strict, files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}' } },
  ],
  invalid: [
    {
      name: 'tcp with TLS but no plugin',
      ...strict,
      files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], ${tls}}` },
      errors: [{ line: 1, column: 12, severity: 'info', message: 'CIS 2.12' }],
      output: null,
    },
    { name: 'an empty list', ...strict, files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], ${tls}, "authorization-plugins": []}` }, errors: [{ line: 1 }] },
  ],
});
