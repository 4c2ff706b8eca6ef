// "N bytes in, at most c*N time and memory", checked without a clock limit: the same input
// shape is measured at n and 4n in the same test run, each in a child process (so peak RSS
// is its own), and time and peak-RSS growth may grow at most ~5x (linear is 4x; quadratic
// would be 16x). No absolute timing: a slow or loaded machine slows both sizes alike.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Measurement {
  ms: number;
  rssGrowth: number;
  bytes: number;
}

/**
 * The growth allowed for 4x the input: linear is 4x, quadratic 16x; ~5x with room for the
 * garbage collector and the neighbours of a shared machine.
 */
export const maxGrowthRatio = 6;
/** Below this, timings are mostly noise: a smaller measurement is raised to it before dividing. */
const timeFloorMs = 50;
/** Below this, RSS growth is mostly the allocator's rounding. */
const rssFloorBytes = 24 * 1024 * 1024;
/** A child that runs this long is quadratic or worse: it fails rather than holding the run. */
const childTimeoutMs = 180_000;

/** Runs `script` (a .ts file printing one Measurement as JSON) with `args` in a child of at most 1 GB heap. */
export function measureInChild(script: string, args: readonly string[]): Measurement {
  const child = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', script, ...args], {
    encoding: 'utf8',
    timeout: childTimeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(child.status, 0, `${args.join(' ')}: the child ${child.signal ? `was killed (${child.signal})` : `exited ${child.status}`}: ${child.stderr.slice(-2000)}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Measurement;
}

/** Asserts that 4x the input took at most ~5x the time and peak RSS growth. */
export function assertLinear(what: string, small: Measurement, large: Measurement): void {
  assert.ok(large.bytes >= 3.5 * small.bytes, `${what}: the large input (${large.bytes} bytes) is about 4x the small one (${small.bytes})`);
  const timeRatio = large.ms / Math.max(small.ms, timeFloorMs);
  const rssRatio = large.rssGrowth / Math.max(small.rssGrowth, rssFloorBytes);
  const detail = `${small.bytes} -> ${large.bytes} bytes: ${small.ms.toFixed(0)} -> ${large.ms.toFixed(0)} ms, RSS +${mb(small.rssGrowth)} -> +${mb(large.rssGrowth)} MB`;
  assert.ok(timeRatio <= maxGrowthRatio, `${what}: time grew ${timeRatio.toFixed(1)}x for 4x the input (${detail})`);
  assert.ok(rssRatio <= maxGrowthRatio, `${what}: peak RSS grew ${rssRatio.toFixed(1)}x for 4x the input (${detail})`);
}

/**
 * Measures a hostile shape (hostile-shapes.ts) at n and 4n and asserts linear growth. When
 * time grew too much, both sizes are measured once more and the faster of each kept: a
 * neighbour's burst on a shared machine slows one child, a quadratic path slows both rounds.
 */
export function assertShapeLinear(shape: string, n: number): { small: Measurement; large: Measurement } {
  // Loaded as an ES module (scripts/fuzz-nightly.mjs), __dirname is not this folder: the nightly run starts at the repository root.
  const beside = join(__dirname, 'growth-child.ts');
  const script = existsSync(beside) ? beside : resolve('test/robustness/growth-child.ts');
  const measure = () => [measureInChild(script, [shape, String(n)]), measureInChild(script, [shape, String(4 * n)])];
  let [small, large] = measure();
  if (large.ms / Math.max(small.ms, timeFloorMs) > maxGrowthRatio) {
    const [smallAgain, largeAgain] = measure();
    small = { ...small, ms: Math.min(small.ms, smallAgain.ms) };
    large = { ...large, ms: Math.min(large.ms, largeAgain.ms) };
  }
  assertLinear(shape, small, large);
  return { small, large };
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(0);
}
