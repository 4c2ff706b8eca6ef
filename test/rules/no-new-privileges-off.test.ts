import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const strict = { options: { preset: 'strict' as const } };

ruleTester('no-new-privileges-off', {
  valid: [{ name: 'true', ...strict, files: { [daemonJson]: '{"no-new-privileges": true}' } }],
  invalid: [
    { name: 'not set', ...strict, files: { [daemonJson]: '{}' }, errors: [{ line: 1, severity: 'info' }], output: { [daemonJson]: '{\n  "no-new-privileges": true\n}' } },
    { name: 'false', ...strict, files: { [daemonJson]: '{"no-new-privileges": false}' }, errors: [{ line: 1 }], output: { [daemonJson]: '{"no-new-privileges": true}' } },
  ],
});
