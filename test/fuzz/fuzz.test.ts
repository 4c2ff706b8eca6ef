// The fixed-seed slice of the fuzzing: a few hundred hostile variants of every fixture per
// file kind (the nightly run, scripts/fuzz-nightly.mjs, tries 100,000 per kind).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { readSource } from '../../server/src/cli/files';
import type { FileKind } from '../../server/src/engine/types';
import { type Seed, checkProperties, kindProperty, kinds, pathByKind, seedCorpus, sourceOf } from './harness';

const seed = 20261129;
const runsPerKind = 300;

let corpus: Map<FileKind, Seed[]>;
let scratch: string;
before(async () => {
  corpus = await seedCorpus();
  scratch = mkdtempSync(join(tmpdir(), 'dockerd-lint-fuzz-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

for (const kind of kinds) {
  describe(`fuzz: ${kind}`, () => {
    it('every seed as written keeps the properties', () => {
      const seeds = corpus.get(kind)!;
      assert.ok(seeds.length > 0, 'the corpus has seeds of this kind');
      for (const s of seeds) checkProperties([sourceOf(kind, s.text)]);
    });

    it(`${runsPerKind} mutated inputs (seed ${seed}) keep the properties`, () => {
      fc.assert(kindProperty(kind, corpus.get(kind)!), { seed, numRuns: runsPerKind });
    });

    it('bytes that are not UTF-8, read as the CLI reads them, keep the properties', () => {
      const path = join(scratch, pathByKind[kind].replace(/\//g, '_'));
      const bytesArbitrary = fc.record({
        seed: fc.constantFrom(...corpus.get(kind)!),
        bad: fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4, min: 0x80, max: 0xff }) }), { minLength: 1, maxLength: 4 }),
      });
      fc.assert(
        fc.property(bytesArbitrary, ({ seed: s, bad }) => {
          let bytes = Buffer.from(s.text, 'utf8');
          for (const { at, bytes: inserted } of bad) {
            const offset = at % (bytes.length + 1);
            bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
          }
          writeFileSync(path, bytes);
          const source = readSource(path);
          if (source.invalidUtf8Offset !== undefined) {
            assert.ok(source.invalidUtf8Offset >= 0 && source.invalidUtf8Offset <= source.text.length, `invalidUtf8Offset ${source.invalidUtf8Offset} outside the text`);
          }
          checkProperties([{ ...sourceOf(kind, source.text), invalidUtf8Offset: source.invalidUtf8Offset }], false);
        }),
        { seed, numRuns: 60 },
      );
    });
  });
}
