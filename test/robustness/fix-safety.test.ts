// Fix safety over every fixture of every rule (valid cases too: other rules' findings are
// fixed there): each fix applies inside its file, keeps every byte outside its edits, the
// preferred fix removes its finding and adds no error, and fix-all twice equals fix-all once.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sourcesOf } from '../helpers/rule-tester';
import { checkProperties, ruleFixtures } from '../fuzz/harness';

describe('fix safety on every rule fixture', () => {
  it('every fix of every finding is safe, and fix-all is idempotent', async () => {
    const cases = await ruleFixtures();
    assert.ok(cases.length > 0, 'fixtures were collected');
    let fixes = 0;
    for (const test of cases) {
      try {
        fixes += checkProperties(sourcesOf(test.files, test.kind)).fixes;
      } catch (error) {
        throw new Error(`${test.ruleId} ${test.valid ? 'valid' : 'invalid'} "${test.name}": ${(error as Error).message}`);
      }
    }
    assert.ok(fixes > 0, 'some fixtures have fixes, so the checks ran');
  });
});
