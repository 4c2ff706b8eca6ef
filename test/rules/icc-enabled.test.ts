import { defaultLintOptions } from '../../server/src/engine/config';
import { ruleTester } from '../helpers/rule-tester';

const baseEnv = defaultLintOptions().env;
const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const strict = { options: { preset: 'strict' as const } };

ruleTester('icc-enabled', {
  valid: [
    { name: 'icc: false', ...strict, files: { [daemonJson]: '{"icc": false}' } },
    { name: '--icc=false', ...strict, files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --icc=false\n' } },
    { name: 'off in the recommended preset', files: { [daemonJson]: '{}' } },
    { name: 'Linux-only: silent for a Windows target', options: { preset: 'strict', env: { ...baseEnv, platform: 'windows' } }, files: { 'ProgramData/docker/config/daemon.json': '{}' } },
  ],
  invalid: [
    {
      name: 'not set: the default is on',
      ...strict,
      files: { [daemonJson]: '{\n  "debug": true\n}\n' },
      errors: [{ line: 1, severity: 'info', message: 'Judged from this file alone' }],
      output: { [daemonJson]: '{\n  "debug": true,\n  "icc": false\n}\n' },
    },
    { name: 'icc: true', ...strict, files: { [daemonJson]: '{"icc": true}' }, errors: [{ line: 1, column: 9 }], output: { [daemonJson]: '{"icc": false}' } },
    {
      name: 'a drop-in without --icc',
      ...strict,
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
      errors: [{ line: 3, message: 'settings in daemon.json would change this' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --icc=false\n' },
    },
    {
      name: 'a merged host writes into daemon.json, not the flags',
      ...strict,
      files: { [daemonJson]: '{"debug": true}', [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n' },
      errors: [{ file: daemonJson, line: 1 }],
      output: { [daemonJson]: '{"debug": true, "icc": false}' },
    },
  ],
});
