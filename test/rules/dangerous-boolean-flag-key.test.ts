import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';

ruleTester('dangerous-boolean-flag-key', {
  valid: [
    { name: '"validate": false changes nothing', files: { [daemonJson]: '{"validate": false}' } },
    { name: '"restart": true is the default', files: { [daemonJson]: '{"restart": true}' } },
    { name: 'a string that is no boolean does not reach the flag', files: { [daemonJson]: '{"validate": "yes"}' } },
    { name: 'validate did not exist in 20.10 (unknown-key then)', files: { [daemonJson]: '{"validate": true}' }, options: { env: { platform: 'linux', engineVersion: '20.10' } } },
    { name: 'Windows service keys are refused on Linux (platform-key)', files: { [daemonJson]: '{"register-service": true}' } },
  ],
  invalid: [
    {
      name: '"validate": true makes dockerd exit',
      files: { [daemonJson]: '{\n  "debug": true,\n  "validate": true\n}\n' },
      errors: [{ line: 3, severity: 'error', message: 'prints "configuration OK" and exits' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: '"restart": false stops restarting containers',
      files: { [daemonJson]: '{"restart": false, "debug": true}' },
      errors: [{ line: 1, severity: 'warning', message: 'not restarted' }],
      output: { [daemonJson]: '{"debug": true}' },
    },
    {
      name: 'a number reaches the flag as Go prints it: 1 is true',
      files: { [daemonJson]: '{"validate": 1}' },
      errors: [{ line: 1, message: '(1)' }],
      output: { [daemonJson]: '{}' },
    },
    {
      name: 'a string such as "F" too',
      files: { [daemonJson]: '{"restart": "F"}' },
      errors: [{ line: 1 }],
      output: { [daemonJson]: '{}' },
    },
    {
      name: 'flattening lifts it out of an unknown object',
      files: { [daemonJson]: '{"wrapper": {"validate": true}}' },
      errors: [{ line: 1, message: 'inside "wrapper"' }],
      output: { [daemonJson]: '{"wrapper": {}}' },
    },
    {
      name: 'Windows: "unregister-service": true removes the service',
      files: { [daemonJson]: '{"unregister-service": true}' },
      options: { env: { platform: 'windows', engineVersion: '29.7' } },
      errors: [{ line: 1, severity: 'error', message: 'removes its Windows service' }],
      output: { [daemonJson]: '{}' },
    },
  ],
});
