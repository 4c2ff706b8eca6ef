import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';

ruleTester('duplicate-key', {
  valid: [
    { name: 'distinct keys', files: { [daemonJson]: '{"debug": true, "log-level": "info"}' } },
    { name: 'the same key in different objects', files: { [daemonJson]: '{"proxies": {"no-proxy": "a"}, "log-opts": {"no-proxy": "b"}}' } },
  ],
  invalid: [
    {
      name: 'a scalar twice: the earlier one goes',
      files: { [daemonJson]: '{\n  "debug": true,\n  "log-level": "warn",\n  "debug": false\n}\n' },
      errors: [{ line: 2, message: 'set again on line 4' }],
      output: { [daemonJson]: '{\n  "log-level": "warn",\n  "debug": false\n}\n' },
    },
    {
      name: 'a list twice: dockerd keeps only the last list',
      files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"], "hosts": ["unix:///run/docker.sock"]}' },
      errors: [{ line: 1, column: 2, message: 'uses the last value' }],
      output: { [daemonJson]: '{"hosts": ["unix:///run/docker.sock"]}' },
    },
    {
      name: 'maps are merged: no automatic removal',
      files: { [daemonJson]: '{\n  "log-opts": {"max-size": "10m"},\n  "log-opts": {"max-file": "3"}\n}\n' },
      errors: [{ line: 2, message: 'merges the two objects' }],
      output: {},
    },
    {
      name: 'a key twice inside a nested object',
      files: { [daemonJson]: '{"log-opts": {"max-size": "10m", "max-size": "20m"}}' },
      errors: [{ line: 1, column: 15 }],
      output: { [daemonJson]: '{"log-opts": {"max-size": "20m"}}' },
    },
    {
      name: 'three times: both earlier ones',
      files: { [daemonJson]: '{"debug": true, "debug": false, "debug": true}' },
      errors: [
        { line: 1, column: 2 },
        { line: 1, column: 17 },
      ],
      output: { [daemonJson]: '{"debug": true}' },
    },
  ],
});
