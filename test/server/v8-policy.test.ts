// The server's V8 policy (server/src/lsp/v8-policy.ts) sets V8 flags at run time, which V8
// takes silently or ignores: these tests show the flags exist in this Node and change how the
// heap grows and when TurboFan compiles, so a Node upgrade that drops, renames or stops reading
// one fails here, not in a memory graph.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { heapFlags, optimizeFrom } from '../../server/src/lsp/v8-policy';

const policyModule = join(__dirname, '../../server/src/lsp/v8-policy.ts');

/** The young generation's size after a workload whose objects survive scavenges, in a fresh Node. */
function newSpaceAfterSurvivingAllocations(withPolicy: boolean): number {
  const program = `
    const v8 = require('node:v8');
    if (${withPolicy}) require(${JSON.stringify(policyModule)}).applyStartPolicy();
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
  for (const flag of [...heapFlags, '--turbofan']) {
    const name = flag.replace(/^--/, '').replace(/=.*$/, '');
    assert.match(known, new RegExp(`^\\s+--${name} `, 'm'), `${name} is not a V8 option of Node ${process.version}`);
  }
});

test('with the policy set at run time the young generation stays at its starting size', () => {
  const grown = newSpaceAfterSurvivingAllocations(false);
  const kept = newSpaceAfterSurvivingAllocations(true);
  assert.ok(grown >= 4 * kept, `without the policy the young generation grows (${grown} bytes), with it it stays small (${kept} bytes)`);
});

/** Whether a hot function ends up TurboFan-compiled in a fresh Node after `setup` has run. */
function hotFunctionTurboFanned(setup: string): boolean {
  const program = `
    ${setup}
    function hot(n) { let sum = 0; for (let i = 0; i < n; i++) sum += (i * 7) % 13; return sum; }
    for (let round = 0; round < 300; round++) hot(20000);
    // V8's OptimizationStatus: bit 6 is kTurboFanned (src/runtime/runtime.h).
    process.stdout.write(String((%GetOptimizationStatus(hot) & (1 << 6)) !== 0));
  `;
  return execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '-e', program], { encoding: 'utf8' }) === 'true';
}

function afterLints(sizes: number[]): string {
  return `
    const policy = require(${JSON.stringify(policyModule)});
    policy.applyStartPolicy();
    for (const size of ${JSON.stringify(sizes)}) policy.noteLintSize(size);
  `;
}

test('TurboFan stays off for small documents and comes on with the first large one', () => {
  assert.equal(hotFunctionTurboFanned(''), true, 'without the policy the hot function is compiled (so the checks below can fail)');
  assert.equal(hotFunctionTurboFanned(afterLints([])), false, 'off at the start');
  assert.equal(hotFunctionTurboFanned(afterLints([optimizeFrom - 1, 100])), false, 'off after documents below the threshold');
  assert.equal(hotFunctionTurboFanned(afterLints([100, optimizeFrom, 100])), true, 'on after one at the threshold, and it stays on');
});
