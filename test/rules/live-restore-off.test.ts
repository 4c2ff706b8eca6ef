import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const strict = { options: { preset: 'strict' as const } };

ruleTester('live-restore-off', {
  valid: [{ name: 'true', ...strict, files: { [daemonJson]: '{"live-restore": true}' } }],
  invalid: [
    { name: 'not set', ...strict, files: { [daemonJson]: '{"debug": true}' }, errors: [{ line: 1, message: 'swarm' }], output: { [daemonJson]: '{"debug": true, "live-restore": true}' } },
    { name: 'false', ...strict, files: { [daemonJson]: '{"live-restore": false}' }, errors: [{ line: 1 }], output: { [daemonJson]: '{"live-restore": true}' } },
  ],
});
