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
    // dockerd applies the group only to unix sockets it creates; fd:// sockets are systemd's.
    { name: 'wheel by flag under -H fd:// (docker.socket decides)', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -G wheel\n' } },
    { name: 'users with TCP hosts only', files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"], "group": "users"}' } },
    { name: 'Windows: a named admin group', options: { env: { ...baseEnv, platform: 'windows' } }, files: { 'ProgramData/docker/config/daemon.json': '{"group": "docker-users"}' } },
  ],
  invalid: [
    {
      name: 'users',
      files: { [daemonJson]: '{"group": "users"}' },
      // Judged alone, daemon.json cannot tell whether the packaged unit's -H fd:// applies.
      errors: [
        {
          line: 1,
          column: 11,
          severity: 'warning',
          message:
            "every regular user): each member can run a container that mounts / and so is root on the host. (This holds where dockerd creates its own socket: under the packaged docker.service, -H fd://, docker.socket's SocketGroup= decides.)",
        },
      ],
      output: { [daemonJson]: '{"group": "docker"}' },
    },
    {
      name: 'wheel by flag on a unix socket',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///var/run/docker.sock -G wheel\n' },
      errors: [{ line: 3, message: 'wheel (administrators): each member can run a container that mounts / and so is root on the host.' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///var/run/docker.sock -G docker\n' },
    },
    {
      name: 'wheel by flag with no -H (the default unix socket)',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -G wheel\n' },
      errors: [{ line: 3 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -G docker\n' },
    },
    {
      name: 'GID 100 is users',
      files: { [daemonJson]: '{"group": "100"}' },
      errors: [{ line: 1, severity: 'warning', message: 'users (GID 100)' }],
      output: { 'etc/docker/daemon.json': '{"group": "docker"}' },
    },
    { name: 'another system GID: info, no fix', files: { [daemonJson]: '{"group": "998"}' }, errors: [{ line: 1, severity: 'info' }], output: null },
    {
      name: 'Windows: Users',
      options: { env: { ...baseEnv, platform: 'windows' } },
      files: { 'ProgramData/docker/config/daemon.json': '{"group": "docker-users,BUILTIN\\\\Users"}' },
      errors: [{ line: 1, message: 'BUILTIN\\Users' }],
    },
  ],
});
