import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';

ruleTester('ignored-key', {
  valid: [
    { name: 'the option names', files: { [daemonJson]: '{"labels": ["env=prod"], "storage-opts": ["size=10G"], "proxies": {"http-proxy": "http://proxy:3128"}}' } },
    { name: 'known flat options holding objects', files: { [daemonJson]: '{"log-opts": {"max-size": "10m"}, "features": {"buildkit": true}}' } },
    { name: 'Go matches "Proxies" to the proxies field ignoring case, so it is read', files: { [daemonJson]: '{"Proxies": {"no-proxy": "localhost"}}' } },
    { name: '"validate": true is dangerous-boolean-flag-key\'s', files: { [daemonJson]: '{"validate": true}' } },
    { name: 'api-cors-header still worked in 20.10', files: { [daemonJson]: '{"api-cors-header": "https://ui.example.com"}' }, options: { env: { platform: 'linux', engineVersion: '20.10' } } },
  ],
  invalid: [
    {
      name: '"label" is a flag name: renamed to "labels", a string wrapped in a list',
      files: { [daemonJson]: '{\n  "label": "env=prod"\n}\n' },
      errors: [{ line: 2, severity: 'warning', message: 'Use "labels"' }],
      output: { [daemonJson]: '{\n  "labels": ["env=prod"]\n}\n' },
    },
    {
      name: 'a label dockerd would refuse (no "=") is renamed only on request',
      files: { [daemonJson]: '{"label": ["production"]}' },
      errors: [{ line: 1, message: 'Use "labels"' }],
      output: {},
    },
    {
      name: '"storage-opt": the rename is offered, not preferred (a wrong option stops dockerd)',
      files: { [daemonJson]: '{"storage-opt": ["dm.basesize=20G"]}' },
      errors: [{ line: 1, message: 'Use "storage-opts"' }],
      output: {},
    },
    {
      name: '"host" gets no rename: "hosts" conflicts with -H fd:// of the stock unit',
      files: { [daemonJson]: '{"host": "tcp://0.0.0.0:2375", "debug": true}' },
      errors: [{ line: 1, message: 'conflicts with any -H flag' }],
      output: {},
    },
    {
      name: 'a top-level http-proxy moves under "proxies"',
      files: { [daemonJson]: '{\n  "http-proxy": "http://proxy.example.com:3128",\n  "debug": true\n}\n' },
      errors: [{ line: 2, message: 'belong under "proxies"' }],
      output: { [daemonJson]: '{\n  "proxies": {"http-proxy": "http://proxy.example.com:3128"},\n  "debug": true\n}\n' },
    },
    {
      name: 'when "proxies" already exists the setting joins it (no second "proxies" key)',
      files: { [daemonJson]: '{"proxies": {"no-proxy": "localhost"}, "https-proxy": "http://proxy:3128"}' },
      errors: [{ line: 1, message: '"https-proxy"' }],
      output: { [daemonJson]: '{"proxies": {"no-proxy": "localhost", "https-proxy": "http://proxy:3128"}}' },
    },
    {
      name: 'two top-level proxy settings end in one "proxies" object (examples/silent)',
      files: { [daemonJson]: '{\n  "http-proxy": "http://proxy.corp.example:3128",\n  "no-proxy": "localhost,127.0.0.1",\n  "debug": true\n}\n' },
      errors: [
        { line: 2, message: '"http-proxy"' },
        { line: 3, message: '"no-proxy"' },
      ],
      output: { [daemonJson]: '{\n  "proxies": {"http-proxy": "http://proxy.corp.example:3128", "no-proxy": "localhost,127.0.0.1"},\n  "debug": true\n}\n' },
    },
    {
      name: 'containerd-plugins-namespace cannot be set from daemon.json at all',
      files: { [daemonJson]: '{"containerd-plugins-namespace": "plugins.moby"}' },
      errors: [{ line: 1, message: 'only the --containerd-plugins-namespace flag' }],
      output: {},
    },
    {
      name: 'an object under an unknown key is dropped',
      files: { [daemonJson]: '{"metadata": {}}' },
      errors: [{ line: 1, message: 'dockerd does not read "metadata"' }],
    },
    {
      name: 'allow-nondistributable-artifacts has no effect from 28.0 on',
      files: { [daemonJson]: '{"allow-nondistributable-artifacts": ["registry.local:5000"], "debug": true}' },
      errors: [{ line: 1, message: 'no effect from dockerd 28.0 on' }],
      output: { [daemonJson]: '{"debug": true}' },
    },
    {
      name: 'api-cors-header on 27.x: accepted and ignored',
      files: { [daemonJson]: '{"api-cors-header": "*"}' },
      options: { env: { platform: 'linux', engineVersion: '27.5' } },
      errors: [{ line: 1, message: 'From dockerd 28.0 on it refuses to start' }],
      output: { [daemonJson]: '{}' },
    },
    {
      name: '"restart": true is a flag name without effect',
      files: { [daemonJson]: '{"restart": true}' },
      errors: [{ line: 1, message: 'Only a false value would matter' }],
      output: { [daemonJson]: '{}' },
    },
  ],
});
