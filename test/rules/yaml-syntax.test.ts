import assert from 'node:assert/strict';
import { it } from 'node:test';
import { lintCase, ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';

ruleTester('yaml-syntax', {
  valid: [{ name: 'a multi-document file', files: { [compose]: 'services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n' } }],
  invalid: [
    { name: 'a duplicate key', files: { [compose]: 'services:\n  a:\n    image: x\n    image: y\n' }, errors: [{ line: 4, severity: 'error', message: 'Docker Compose refuses' }] },
    { name: 'an unclosed quote', files: { [compose]: 'services:\n  a:\n    image: "x\n' }, errors: [{ line: 3 }] },
  ],
});

it('a broken second document still yields findings for the first', () => {
  const results = lintCase({ [compose]: 'services:\n  a:\n    image: x\n    privileged: true\n---\nservices: [\n' });
  const ids = results[0].findings.map((finding) => finding.ruleId);
  assert.ok(ids.includes('yaml-syntax'), ids.join());
  assert.ok(ids.includes('privileged'), ids.join());
});
