import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('host-namespace', {
  valid: [
    {
      name: 'bridge and service network modes',
      files: { [compose]: 'services:\n  a:\n    image: x\n    network_mode: bridge\n  b:\n    image: x\n    network_mode: "service:a"\n    pid: "service:a"\n' },
    },
  ],
  invalid: [
    {
      name: 'each host namespace',
      files: { [compose]: 'services:\n  a:\n    image: x\n    network_mode: host\n    pid: "host"\n    ipc: host\n    userns_mode: host\n' },
      errors: [
        { line: 4, column: 19, message: 'network_mode: host' },
        { line: 5, column: 10, message: 'pid: host' },
        { line: 6, message: 'ipc: host' },
        { line: 7, message: 'userns_mode: host' },
      ],
    },
    { name: 'interpolated default', files: { [compose]: 'services:\n  a:\n    image: x\n    network_mode: ${NET:-host}\n' }, errors: [{ line: 4, message: 'judged by the default' }] },
  ],
});
