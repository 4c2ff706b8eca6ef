import { defaultLintOptions } from '../../server/src/engine/config';
import { ruleTester } from '../helpers/rule-tester';

const baseEnv = defaultLintOptions().env;
const daemonJson = 'etc/docker/daemon.json';
const v26 = { options: { env: { ...baseEnv, engineVersion: '26.1' } } };

ruleTester('api-cors-any-origin', {
  valid: [
    { name: 'no api-cors-header', ...v26, files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2375"]}' } },
    {
      name: 'v27 and later: the key has no effect (v28 refuses it: unknown-key reports that)',
      options: { env: { ...baseEnv, engineVersion: '28.0' } },
      files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2376"], "api-cors-header": "*"}' },
    },
    { name: 'empty value', ...v26, files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2375"], "api-cors-header": ""}' } },
  ],
  invalid: [
    {
      name: 'any origin with a tcp listener',
      ...v26,
      files: { [daemonJson]: '{\n  "hosts": ["tcp://127.0.0.1:2375"],\n  "api-cors-header": "*"\n}\n' },
      errors: [{ line: 3, severity: 'error', message: 'any origin (*)' }],
      output: { [daemonJson]: '{\n  "hosts": ["tcp://127.0.0.1:2375"]\n}\n' },
    },
    {
      name: 'a named origin is still a web page driving the API',
      ...v26,
      files: { [daemonJson]: '{"hosts": ["tcp://127.0.0.1:2375"], "api-cors-header": "https://portal.example.com"}' },
      errors: [{ line: 1, severity: 'error', message: 'https://portal.example.com' }],
      output: { 'etc/docker/daemon.json': '{"hosts": ["tcp://127.0.0.1:2375"]}' },
    },
    {
      name: 'no tcp listener: warning',
      ...v26,
      files: { [daemonJson]: '{"api-cors-header": "*"}' },
      errors: [{ line: 1, severity: 'warning', message: 'no TCP listener' }],
      output: { [daemonJson]: '{}' },
    },
  ],
});
