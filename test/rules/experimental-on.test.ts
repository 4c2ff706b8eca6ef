import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const strict = { options: { preset: 'strict' as const } };

ruleTester('experimental-on', {
  valid: [
    { name: 'not set', ...strict, files: { [daemonJson]: '{}' } },
    { name: 'false', ...strict, files: { [daemonJson]: '{"experimental": false}' } },
  ],
  invalid: [
    {
      name: 'true',
      ...strict,
      files: { [daemonJson]: '{\n  "debug": true,\n  "experimental": true\n}\n' },
      errors: [{ line: 3, severity: 'info' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: '--experimental on a drop-in',
      ...strict,
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --experimental\n' },
      errors: [{ line: 3 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
  ],
});
