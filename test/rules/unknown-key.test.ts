import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const engine2010 = { options: { env: { platform: 'linux' as const, engineVersion: '20.10' } } };

ruleTester('unknown-key', {
  valid: [
    { name: 'known keys', files: { [daemonJson]: '{\n  "debug": true,\n  "hosts": ["unix:///var/run/docker.sock"],\n  "log-opts": {"max-size": "10m"}\n}\n' } },
    { name: 'file-only keys dockerd skips in the check', files: { [daemonJson]: '{"builder": {"gc": {"enabled": true}}, "features": {"buildkit": true}}' } },
    { name: 'proxy keys nested under "proxies"', files: { [daemonJson]: '{"proxies": {"http-proxy": "http://proxy:3128", "no-proxy": "localhost"}}' } },
    {
      name: 'an unknown key whose value is an object passes the check (dockerd flattens it)',
      files: { [daemonJson]: '{"my-notes": {}}' },
    },
    { name: 'an unknown key holding known keys passes too', files: { [daemonJson]: '{"wrapper": {"debug": true}}' } },
    { name: 'flag names pass the check (ignored-key reports them)', files: { [daemonJson]: '{"label": ["a=b"], "storage-opt": ["size=1G"]}' } },
    { name: 'bip6 on the newest engine', files: { [daemonJson]: '{"bip6": "fd00::1/64"}' } },
    { name: 'graph still worked in 20.10', files: { [daemonJson]: '{"graph": "/srv/docker"}' }, ...engine2010 },
    { name: 'only the last of duplicate keys is checked', files: { [daemonJson]: '{"x-note": 1, "x-note": {}}' } },
  ],
  invalid: [
    {
      name: '"hostz" suggests "hosts"',
      files: { [daemonJson]: '{\n  "hostz": ["unix:///var/run/docker.sock"]\n}\n' },
      errors: [{ line: 2, column: 3, message: 'Did you mean "hosts"?' }],
      output: { [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n' },
    },
    {
      name: 'keys are case-sensitive: "Debug" is unknown',
      files: { [daemonJson]: '{"Debug": true}' },
      errors: [{ line: 1, message: 'Did you mean "debug"?' }],
      output: { [daemonJson]: '{"debug": true}' },
    },
    {
      name: 'a misspelt key among good ones',
      files: { [daemonJson]: '{\n  "log-driver": "journald",\n  "live-restor": true\n}\n' },
      errors: [{ line: 3, message: '"live-restore"' }],
      output: { [daemonJson]: '{\n  "log-driver": "journald",\n  "live-restore": true\n}\n' },
    },
    {
      name: 'no suggestion when nothing is close',
      files: { [daemonJson]: '{"debug": true, "foo-unknown-key": 1}' },
      errors: [{ line: 1, message: "don't match any configuration option: foo-unknown-key" }],
      output: {},
    },
    {
      name: 'no rename onto a key the file already has',
      files: { [daemonJson]: '{"hosts": [], "hostz": []}' },
      errors: [{ line: 1, message: 'hostz' }],
      output: {},
    },
    {
      name: 'members of an unknown object are checked as top-level keys',
      files: { [daemonJson]: '{\n  "wrapper": {\n    "nonsense": 1\n  }\n}\n' },
      errors: [{ line: 3, message: 'inside "wrapper"' }],
      output: {},
    },
    {
      name: 'a misspelt key under "proxies"',
      files: { [daemonJson]: '{"proxies": {"http-proxi": "http://proxy:3128"}}' },
      errors: [{ line: 1, message: 'Did you mean "http-proxy"?' }],
      output: { [daemonJson]: '{"proxies": {"http-proxy": "http://proxy:3128"}}' },
    },
    {
      name: 'a struct field without a flag: default-init',
      files: { [daemonJson]: '{"default-init": "/usr/bin/tini"}' },
      errors: [{ line: 1, message: 'cannot be made in daemon.json' }],
      output: {},
    },
    {
      name: 'containerd-plugin-namespace (singular) is refused',
      files: { [daemonJson]: '{"containerd-plugin-namespace": "plugins"}' },
      errors: [{ line: 1, message: '--containerd-plugins-namespace flag' }],
      output: {},
    },
    {
      name: 'a key newer than the target engine: bip6 (v28.0) on 20.10',
      files: { [daemonJson]: '{"bip6": "fd00::1/64"}' },
      ...engine2010,
      errors: [{ line: 1, message: 'exists from dockerd 28.0 on; the target engine is dockerd 20.10' }],
      output: {},
    },
    {
      name: '"proxies" on 20.10: its members are unknown there',
      files: { [daemonJson]: '{"proxies": {"http-proxy": "http://proxy:3128"}}' },
      ...engine2010,
      errors: [{ line: 1, message: 'dockerd 23.0' }],
    },
    {
      name: 'validate did not exist in 20.10',
      files: { [daemonJson]: '{"validate": false}' },
      ...engine2010,
      errors: [{ line: 1, message: '23.0' }],
    },
    {
      name: 'a removed key: graph, renamed to data-root',
      files: { [daemonJson]: '{\n  "graph": "/srv/docker"\n}\n' },
      errors: [{ line: 2, message: 'Use "data-root" instead' }],
      output: { [daemonJson]: '{\n  "data-root": "/srv/docker"\n}\n' },
    },
    {
      name: 'cluster-store: 20.10 has no store backend left (measured), so the fix removes it',
      files: { [daemonJson]: '{\n  "debug": true,\n  "cluster-store": "consul://10.0.0.1:8500"\n}\n' },
      errors: [{ line: 3, message: 'no longer usable from dockerd 20.10 on (deprecated since 20.10)' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'api-cors-header stops dockerd from 28.0 on',
      files: { [daemonJson]: '{"api-cors-header": "*", "debug": true}' },
      errors: [{ line: 1, message: '28.0' }],
      output: { [daemonJson]: '{"debug": true}' },
    },
    {
      name: 'disable-legacy-registry was removed before 20.10',
      files: { [daemonJson]: '{"disable-legacy-registry": true}' },
      ...engine2010,
      errors: [{ line: 1, message: '19.03' }],
      output: { 'etc/docker/daemon.json': '{}' },
    },
  ],
});
