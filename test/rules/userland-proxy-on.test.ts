import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const strict = { options: { preset: 'strict' as const } };

ruleTester('userland-proxy-on', {
  valid: [{ name: 'false', ...strict, files: { [daemonJson]: '{"userland-proxy": false}' } }],
  invalid: [
    { name: 'not set', ...strict, files: { [daemonJson]: '{"debug": true}' }, errors: [{ line: 1 }], output: { [daemonJson]: '{"debug": true, "userland-proxy": false}' } },
    { name: 'true', ...strict, files: { [daemonJson]: '{"userland-proxy": true}' }, errors: [{ line: 1 }], output: { [daemonJson]: '{"userland-proxy": false}' } },
  ],
});
