import { ruleTester } from '../helpers/rule-tester';

const big = `{"labels": [${'"a=b",'.repeat(1_000_000)}"a=b"]}`;

ruleTester('analysis-limit', {
  valid: [{ name: 'a normal file', files: { 'etc/docker/daemon.json': '{"labels": ["a=b"]}' } }],
  invalid: [{ name: 'a 6 MB daemon.json is not analysed, and says so', files: { 'etc/docker/daemon.json': big }, errors: [{ line: 1, message: 'It was not checked' }] }],
});
