import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const windows = { options: { env: { platform: 'windows' as const, engineVersion: '29.7' } } };

ruleTester('platform-key', {
  valid: [
    { name: 'Linux keys on Linux', files: { [daemonJson]: '{"icc": false, "iptables": true, "live-restore": true}' } },
    { name: 'keys of both platforms on Windows', files: { [daemonJson]: '{"debug": true, "hosts": ["npipe://"], "group": "docker-users"}' }, ...windows },
    { name: "an unknown key is unknown-key's", files: { [daemonJson]: '{"icz": false}' }, ...windows },
  ],
  invalid: [
    {
      name: 'icc on Windows',
      files: { [daemonJson]: '{\n  "debug": true,\n  "icc": false\n}\n' },
      ...windows,
      errors: [{ line: 3, message: 'Linux-only option' }],
      output: null,
    },
    {
      name: "the docs' Windows example lists storage-driver, which Windows refuses",
      files: { [daemonJson]: '{"storage-driver": "windowsfilter", "live-restore": true}' },
      ...windows,
      errors: [
        { line: 1, column: 2, message: '"storage-driver"' },
        { line: 1, message: '"live-restore"' },
      ],
    },
    {
      name: 'a Windows service key on Linux',
      files: { [daemonJson]: '{"service-name": "docker"}' },
      errors: [{ line: 1, message: 'Windows-only option; dockerd 29.7 on Linux' }],
    },
  ],
});
