import { defaultLintOptions } from '../../server/src/engine/config';
import { ruleTester } from '../helpers/rule-tester';

const baseEnv = defaultLintOptions().env;
const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('broad-socket-group', {
  valid: [
    { name: 'the default docker group', files: { [daemonJson]: '{"group": "docker"}' } },
    { name: 'a dedicated group', files: { [daemonJson]: '{"group": "docker-admins"}' } },
    { name: 'a GID of 1000 or more', files: { [daemonJson]: '{"group": "1500"}' } },
    { name: 'no group set', files: { [daemonJson]: '{}' } },
    { name: 'Windows: a named admin group', options: { env: { ...baseEnv, platform: 'windows' } }, files: { 'ProgramData/docker/config/daemon.json': '{"group": "docker-users"}' } },
  ],
  invalid: [
    {
      name: 'users',
      files: { [daemonJson]: '{"group": "users"}' },
      errors: [{ line: 1, column: 11, severity: 'warning', message: 'every regular user' }],
      output: { [daemonJson]: '{"group": "docker"}' },
    },
    { name: 'wheel by flag', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -G wheel\n' }, errors: [{ line: 3 }], output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -G docker\n' } },
    { name: 'GID 100 is users', files: { [daemonJson]: '{"group": "100"}' }, errors: [{ line: 1, severity: 'warning', message: 'users (GID 100)' }] },
    { name: 'another system GID: info, no fix', files: { [daemonJson]: '{"group": "998"}' }, errors: [{ line: 1, severity: 'info' }], output: null },
    { name: 'Windows: Users', options: { env: { ...baseEnv, platform: 'windows' } }, files: { 'ProgramData/docker/config/daemon.json': '{"group": "docker-users,BUILTIN\\\\Users"}' }, errors: [{ line: 1, message: 'BUILTIN\\Users' }] },
  ],
});
