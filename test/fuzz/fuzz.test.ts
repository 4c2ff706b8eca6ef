// The fixed-seed slice of the fuzzing: a few hundred hostile variants of every fixture per
// file kind (FUZZ_RUNS=N for more; the nightly run, scripts/fuzz-nightly.mjs, tries 100,000
// per kind with a fresh seed).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { checkProperties, invalidUtf8Property, kindProperty, kinds, pathByKind, seedCorpus, sourceOf } from './harness';

const seed = 20261129;
const runsPerKind = Number(process.env.FUZZ_RUNS ?? 300);

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'dockerd-lint-fuzz-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

for (const kind of kinds) {
  describe(`fuzz: ${kind}`, () => {
    it('every seed as written keeps the properties', async () => {
      const seeds = (await seedCorpus()).get(kind)!;
      assert.ok(seeds.length > 0, 'the corpus has seeds of this kind');
      for (const s of seeds) checkProperties([sourceOf(kind, s.text)]);
    });

    it(`${runsPerKind} mutated inputs (seed ${seed}) keep the properties`, async () => {
      fc.assert(kindProperty(kind, (await seedCorpus()).get(kind)!), { seed, numRuns: runsPerKind });
    });

    it('bytes that are not UTF-8, read as the CLI reads them, keep the properties', async () => {
      const path = join(scratch, pathByKind[kind].replace(/\//g, '_'));
      fc.assert(invalidUtf8Property(kind, (await seedCorpus()).get(kind)!, path), { seed, numRuns: 60 });
    });
  });
}
