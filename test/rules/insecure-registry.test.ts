import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('insecure-registry', {
  valid: [
    { name: 'none', files: { [daemonJson]: '{"insecure-registries": []}' } },
    { name: 'a registry with TLS needs no entry', files: { [daemonJson]: '{"registry-mirrors": ["https://mirror.example.com"]}' } },
  ],
  invalid: [
    {
      name: 'a private registry: warning',
      files: { [daemonJson]: '{"insecure-registries": ["registry.internal:5000", "10.0.0.0/8"]}' },
      errors: [
        { line: 1, column: 26, severity: 'warning' },
        { line: 1, column: 52, severity: 'warning' },
      ],
      output: { [daemonJson]: '{}' },
    },
    {
      name: 'a CIDR covering everything',
      files: { [daemonJson]: '{\n  "insecure-registries": ["0.0.0.0/0"]\n}\n' },
      errors: [{ line: 2, severity: 'error', message: 'covers public internet addresses' }],
      output: { [daemonJson]: '{\n}\n' },
    },
    {
      name: 'a public registry host',
      files: { [daemonJson]: '{"insecure-registries": ["registry-1.docker.io", "192.168.1.10:5000"]}' },
      errors: [
        { line: 1, severity: 'error', message: 'registry on the public internet' },
        { line: 1, severity: 'warning' },
      ],
    },
    {
      name: 'a flag on a drop-in',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --insecure-registry=8.8.8.8:5000\n' },
      errors: [{ line: 3, severity: 'error', message: 'public internet address' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
  ],
});
