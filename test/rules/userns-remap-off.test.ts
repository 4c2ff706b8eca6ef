import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const strict = { options: { preset: 'strict' as const } };

ruleTester('userns-remap-off', {
  valid: [
    { name: 'default', ...strict, files: { [daemonJson]: '{"userns-remap": "default"}' } },
    { name: 'a named user', ...strict, files: { [daemonJson]: '{"userns-remap": "dockremap:dockremap"}' } },
    { name: 'rootless', ...strict, files: { [daemonJson]: '{"rootless": true}' } },
  ],
  invalid: [
    { name: 'not set', ...strict, files: { [daemonJson]: '{"debug": true}' }, errors: [{ line: 1, severity: 'info' }], output: { [daemonJson]: '{"debug": true, "userns-remap": "default"}' } },
    { name: 'empty', ...strict, files: { [daemonJson]: '{"userns-remap": ""}' }, errors: [{ line: 1, column: 18 }], output: { [daemonJson]: '{"userns-remap": "default"}' } },
  ],
});
