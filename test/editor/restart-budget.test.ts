import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartBudget } from '../../client/src/restart-budget';

test('a crashing server is restarted at most 4 times within 3 minutes, then left stopped', () => {
  const budget = new RestartBudget(4, 180_000);
  assert.deepEqual(
    [0, 1_000, 2_000, 3_000, 4_000].map((at) => budget.tryRestart(at)),
    [true, true, true, true, false],
  );
  assert.equal(budget.describe(), '5 times in 3 minutes');
});

test('crashes older than the window no longer count', () => {
  const budget = new RestartBudget(2, 60_000);
  assert.equal(budget.tryRestart(0), true);
  assert.equal(budget.tryRestart(30_000), true);
  assert.equal(budget.tryRestart(59_999), false);
  assert.equal(budget.tryRestart(60_000), true);
});
