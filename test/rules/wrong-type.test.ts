import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';

ruleTester('wrong-type', {
  valid: [
    {
      name: 'every type right',
      files: {
        [daemonJson]: JSON.stringify(
          {
            debug: true,
            'max-concurrent-downloads': 6,
            'log-opts': { 'max-size': '10m' },
            'default-shm-size': '128M',
            'default-ulimits': { nofile: { Name: 'nofile', Hard: 64000, Soft: 64000 } },
            'default-address-pools': [{ base: '10.10.0.0/16', size: 24 }],
            runtimes: { crun: { path: '/usr/bin/crun', runtimeArgs: ['--debug'] } },
            'log-level': 'warn',
          },
          null,
          2,
        ),
      },
    },
    { name: 'null decodes to nothing', files: { [daemonJson]: '{"debug": null, "mtu": null, "hosts": null}' } },
    { name: 'log-level in any letter case', files: { [daemonJson]: '{"log-level": "DEBUG"}' } },
    { name: 'an empty string is the zero value: dockerd uses the default', files: { [daemonJson]: '{"log-level": "", "default-ipc-mode": ""}' } },
    { name: 'nested struct fields match ignoring case', files: { [daemonJson]: '{"default-ulimits": {"nofile": {"name": "nofile", "HARD": 10, "soft": 5}}}' } },
    {
      name: 'unknown nested fields are ignored (builder keepDuration from the docs)',
      files: { [daemonJson]: '{"builder": {"gc": {"enabled": true, "policy": [{"keepStorage": "10GB", "keepDuration": "48h", "filter": ["unused-for=2200h"]}]}}}' },
    },
    { name: 'flag names are never decoded', files: { [daemonJson]: '{"label": 1}' } },
    { name: 'a negative integer still decodes', files: { [daemonJson]: '{"shutdown-timeout": -1}' } },
  ],
  invalid: [
    {
      name: 'a quoted boolean: unquoted (examples/bad)',
      files: { [daemonJson]: '{\n  "debug": "true"\n}\n' },
      errors: [{ line: 2, column: 12, message: 'cannot unmarshal string into Go struct field Config.debug of type bool' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'a quoted whole number where an integer belongs: unquoted',
      files: { [daemonJson]: '{"max-concurrent-downloads": "5"}' },
      errors: [{ line: 1, message: 'Config.max-concurrent-downloads' }],
      output: { [daemonJson]: '{"max-concurrent-downloads": 5}' },
    },
    {
      name: 'a quoted word that is no boolean: no fix (what was meant is unknown)',
      files: { [daemonJson]: '{"debug": "yes"}' },
      errors: [{ line: 1, message: 'Config.debug' }],
      output: {},
    },
    {
      name: 'a fraction where an integer belongs',
      files: { [daemonJson]: '{"max-concurrent-downloads": 2.5}' },
      errors: [{ line: 1, message: 'cannot unmarshal number 2.5 into Go struct field Config.max-concurrent-downloads of type int' }],
    },
    {
      name: 'an exponent is no integer for Go either',
      files: { [daemonJson]: '{"mtu": 1e3}' },
      errors: [{ line: 1, message: 'number 1e3' }],
    },
    {
      name: 'default-shm-size must be a string',
      files: { [daemonJson]: '{"default-shm-size": 67108864}' },
      errors: [{ line: 1, message: 'quoted size' }],
    },
    {
      name: 'hosts as a single string',
      files: { [daemonJson]: '{"hosts": "unix:///var/run/docker.sock"}' },
      errors: [{ line: 1, message: 'must be a list of strings, not a string' }],
    },
    {
      name: 'a log option value that is a number',
      files: { [daemonJson]: '{"log-opts": {"max-file": 3}}' },
      errors: [{ line: 1, message: 'Config.log-opts of type string' }],
    },
    {
      name: 'an unknown field of nri-opts is refused',
      files: { [daemonJson]: '{"nri-opts": {"enable": true, "plugins": "/x"}}' },
      errors: [{ line: 1, message: 'unknown field "plugins"' }],
    },
    {
      name: 'an invalid log-level',
      files: { [daemonJson]: '{"log-level": "verbose"}' },
      errors: [{ line: 1, message: 'invalid logging level: verbose' }],
    },
    {
      name: 'default-cgroupns-mode is case-sensitive',
      files: { [daemonJson]: '{"default-cgroupns-mode": "Private"}' },
      errors: [{ line: 1, message: 'use "host" or "private"' }],
    },
    {
      name: 'an earlier duplicate is decoded too, and fails',
      files: { [daemonJson]: '{"debug": "yes", "debug": true}' },
      errors: [{ line: 1, column: 11 }],
    },
    {
      name: 'an object under a key in other letter case passes the key check, then Go decodes it into the field',
      files: { [daemonJson]: '{"Debug": {}}' },
      errors: [{ line: 1, message: 'ignoring case' }],
    },
    {
      name: 'integer overflow',
      files: { [daemonJson]: '{"shutdown-timeout": 99999999999999999999}' },
      errors: [{ line: 1, message: 'out of range' }],
    },
  ],
});
