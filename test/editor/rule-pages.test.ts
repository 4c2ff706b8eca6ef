// "dockerd-lint: Show rule documentation" offers the rule pages of docs/rules/, and only them:
// the folder's README.md (the rule index) was listed as a rule called "README".

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ruleIdsOf } from '../../client/src/rule-pages';
import { allRules } from '../../server/src/engine/rules';

it('the quick pick lists every rule of the engine and nothing else (no README)', () => {
  const listed = ruleIdsOf(readdirSync(join(__dirname, '..', '..', 'docs', 'rules')));
  assert.ok(!listed.includes('README'));
  assert.deepEqual(listed, allRules.map((rule) => rule.meta.id).sort());
});
