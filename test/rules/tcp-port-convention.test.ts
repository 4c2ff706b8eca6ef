import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const certs = '"tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"';

ruleTester('tcp-port-convention', {
  valid: [
    { name: 'TLS on 2376', files: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:2376"], "tlsverify": true, ${certs}}` } },
    { name: 'plaintext on 2375', files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2375"]}' } },
    { name: 'another port either way', files: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:8443"], "tlsverify": true, ${certs}}` } },
  ],
  invalid: [
    {
      name: 'TLS on 2375',
      files: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:2375"], "tlsverify": true, ${certs}}` },
      errors: [{ line: 1, severity: 'info', message: 'serves TLS on tcp://127.0.0.1:2375' }],
      output: { [daemonJson]: `{"hosts": ["tcp://127.0.0.1:2376"], "tlsverify": true, ${certs}}` },
    },
    {
      name: 'an empty port is 2375 even with TLS',
      files: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5"], "tlsverify": true, ${certs}}` },
      errors: [{ line: 1, message: 'an empty port means 2375, even with TLS' }],
      output: { [daemonJson]: `{"hosts": ["tcp://10.0.0.5:2376"], "tlsverify": true, ${certs}}` },
    },
    {
      name: 'plaintext on 2376',
      files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"]}' },
      errors: [{ line: 1, message: 'plaintext' }],
      output: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2375"]}' },
    },
  ],
});
