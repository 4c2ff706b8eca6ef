import { ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('dangerous-capability', {
  valid: [{ name: 'narrow capabilities', files: { [compose]: 'services:\n  a:\n    image: x\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n    cap_drop: [ALL]\n' } }],
  invalid: [
    {
      name: 'block and flow lists, CAP_ prefix and lower case',
      files: { [compose]: 'services:\n  a:\n    image: x\n    cap_add:\n      - SYS_ADMIN\n      - cap_sys_ptrace\n  b:\n    image: x\n    cap_add: [ALL, NET_ADMIN]\n' },
      errors: [
        { line: 5, column: 9, message: 'SYS_ADMIN' },
        { line: 6, message: 'SYS_PTRACE' },
        { line: 9, column: 15, message: 'ALL' },
        { line: 9, message: 'NET_ADMIN' },
      ],
    },
    {
      name: 'through an alias of the list',
      files: { [compose]: 'x-caps: &caps [SYS_MODULE]\nservices:\n  a:\n    image: x\n    cap_add: *caps\n' },
      errors: [{ line: 5, column: 14, message: 'SYS_MODULE' }],
    },
  ],
});
