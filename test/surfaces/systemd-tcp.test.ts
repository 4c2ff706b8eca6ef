// Section-A rules on systemd surfaces: the dockerd settings a drop-in's ExecStart= or
// /etc/default/docker's DOCKER_OPTS produce are judged by the same rules as daemon.json,
// and their fixes are written by the systemd editor.
import { ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const certs = '--tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem';

ruleTester('tcp-without-tls', {
  valid: [
    { name: 'drop-in: tcp with --tlsverify and certificates', files: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2376 --tlsverify ${certs}\n` } },
    { name: 'drop-in: fd:// only', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' } },
    { name: 'a -H inside a comment line of a continuation is not read', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n# -H tcp://0.0.0.0:2375 \\\n  -H fd://\n' } },
    {
      name: 'suppressed with dockerd-lint-disable-next-line',
      files: { [dropIn]: '[Service]\nExecStart=\n# dockerd-lint-disable-next-line tcp-without-tls -- lab box behind a firewall\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://10.0.0.5:2375\n' },
    },
    { name: 'suppressed for the file', files: { 'etc/default/docker': '# dockerd-lint-disable tcp-without-tls\nDOCKER_OPTS="-H tcp://10.0.0.5:2375"\n' } },
  ],
  invalid: [
    {
      name: 'drop-in: -H tcp://0.0.0.0:2375 on a continuation line',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2375\n' },
      errors: [{ line: 4, column: 6, message: 'tcp://0.0.0.0:2375' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2376 --tlsverify ${certs}\n` },
    },
    {
      name: 'drop-in: a quoted --host= value is re-written whole',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd "--host=tcp://10.0.0.5:2375"\n' },
      errors: [{ line: 3, message: 'tcp://10.0.0.5:2375' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd "--host=tcp://10.0.0.5:2376" --tlsverify ${certs}\n` },
    },
    {
      name: 'drop-in: --tls=false says TLS is off on purpose, as the file writes it',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://10.0.0.5:2375 --tls=false\n' },
      errors: [{ line: 3, message: 'TLS is switched off explicitly (--tls=false):' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://10.0.0.5:2376 --tlsverify ${certs} --tls=false\n` },
    },
    {
      name: 'drop-in: --tls=0 is quoted as written, not as daemon.json would have it',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://10.0.0.5:2375 --tls=0\n' },
      errors: [{ line: 3, message: 'TLS is switched off explicitly (--tls=0):' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://10.0.0.5:2376 --tlsverify ${certs} --tls=0\n` },
    },
    {
      name: '/etc/default/docker DOCKER_OPTS',
      files: { 'etc/default/docker': 'DOCKER_OPTS="-H unix:///var/run/docker.sock -H tcp://0.0.0.0:2375"\n' },
      errors: [{ line: 1, column: 48 }],
      output: { 'etc/default/docker': `DOCKER_OPTS="-H unix:///var/run/docker.sock -H tcp://0.0.0.0:2376 --tlsverify ${certs}"\n` },
    },
  ],
});
