import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';

ruleTester('json-syntax', {
  valid: [
    { name: 'strict JSON', files: { [daemonJson]: '{\n  "debug": true\n}\n' } },
    { name: 'a BOM is fine for dockerd', files: { [daemonJson]: '\ufeff{"debug": true}' } },
    { name: 'an empty file is an empty config', files: { [daemonJson]: '' } },
    { name: 'whitespace only', files: { [daemonJson]: '  \n' } },
    { name: 'CRLF line endings', files: { [daemonJson]: '{\r\n  "debug": true\r\n}\r\n' } },
  ],
  invalid: [
    {
      name: 'a line comment',
      files: { [daemonJson]: '{\n  // debug for now\n  "debug": true\n}\n' },
      errors: [{ line: 2, message: 'Comments are not allowed' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'a comment after a value keeps the value',
      files: { [daemonJson]: '{\n  "debug": true /* why */\n}\n' },
      errors: [{ line: 2, column: 17 }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'a trailing comma',
      files: { [daemonJson]: '{\n  "debug": true,\n}\n' },
      errors: [{ line: 3, message: 'trailing comma' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'single quotes',
      files: { [daemonJson]: "{'debug': true}" },
      errors: [{ line: 1, column: 2, message: 'single quotes' }],
      output: null,
    },
    {
      name: 'an array at the top level',
      files: { [daemonJson]: '["debug"]' },
      errors: [{ line: 1, message: 'one JSON object' }],
    },
  ],
});
