// The server's heap policy (server/src/lsp/heap-policy.ts) sets V8 flags at run time, which V8
// takes silently or ignores: these tests show the flags exist in this Node and change how the
// heap grows, so a Node upgrade that drops or renames one fails here, not in a memory graph.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { heapFlags } from '../../server/src/lsp/heap-policy';

const policyModule = join(__dirname, '../../server/src/lsp/heap-policy.ts');

/** The young generation's size after a workload whose objects survive scavenges, in a fresh Node. */
function newSpaceAfterSurvivingAllocations(withPolicy: boolean): number {
  const program = `
    const v8 = require('node:v8');
    if (${withPolicy}) require(${JSON.stringify(policyModule)}).applyHeapPolicy();
    // Like a parse: every object stays reachable until the batch it belongs to is dropped.
    let batch = [];
    for (let i = 0; i < 3e6; i++) {
      batch.push({ i, text: 'x' + i });
      if (batch.length === 300000) batch = [];
    }
    const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    process.stdout.write(String(newSpace.space_size));
  `;
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '-e', program], { encoding: 'utf8' }));
}

test('every heap flag is one this Node knows', () => {
  const known = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
  for (const flag of heapFlags) {
    const name = flag.replace(/^--/, '').replace(/=.*$/, '');
    assert.match(known, new RegExp(`^\\s+--${name} `, 'm'), `${name} is not a V8 option of Node ${process.version}`);
  }
});

test('with the policy set at run time the young generation stays at its starting size', () => {
  const grown = newSpaceAfterSurvivingAllocations(false);
  const kept = newSpaceAfterSurvivingAllocations(true);
  assert.ok(grown >= 4 * kept, `without the policy the young generation grows (${grown} bytes), with it it stays small (${kept} bytes)`);
});
