import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('registry-mirror-plain-http', {
  valid: [{ name: 'https mirror', files: { [daemonJson]: '{"registry-mirrors": ["https://mirror.gcr.io"]}' } }],
  invalid: [
    {
      name: 'http mirror',
      files: { [daemonJson]: '{"registry-mirrors": ["https://mirror.gcr.io", "http://10.0.0.2:5000"]}' },
      errors: [{ line: 1, column: 48, severity: 'warning', message: 'plain HTTP' }],
      output: { [daemonJson]: '{"registry-mirrors": ["https://mirror.gcr.io", "https://10.0.0.2:5000"]}' },
    },
    {
      name: 'a flag on a drop-in',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --registry-mirror=http://mirror.local\n' },
      errors: [{ line: 3 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --registry-mirror=https://mirror.local\n' },
    },
  ],
});
