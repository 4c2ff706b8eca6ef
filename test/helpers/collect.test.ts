// The fixture collector that oracle tests rely on must see every case and register no test.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { collectFixtures } from './rule-tester';

it('collectFixtures gathers the cases of rule test files', async () => {
  const cases = await collectFixtures([resolve('test/rules/json-syntax.test.ts')]);
  assert.ok(cases.some((c) => c.ruleId === 'json-syntax' && c.valid));
  assert.ok(cases.some((c) => c.ruleId === 'json-syntax' && !c.valid && Object.keys(c.files).includes('etc/docker/daemon.json')));
});
