// The nightly-size fuzz run: 100,000 mutated inputs per file kind (and a tenth of that as
// invalid UTF-8 read through the CLI), with a fresh seed unless one is given. Then the
// structure-aware pass: each hostile shape (test/robustness/hostile-shapes.ts: expansions,
// repeated flags and commands, blank lines, slash runs, flow maps, extends chains) at random
// sizes up to 4x its test size, mutated, must lint without a rule error within the hang
// guard, and must grow linearly (n vs 4n in child processes). Prints one line per kind and
// shape and writes .test-artifacts/fuzz-nightly.json; exits 1 on any failure.
//   node --import tsx scripts/fuzz-nightly.mjs [--runs 100000] [--seed N] [--kind compose] [--shape NAME] [--no-shapes]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { defaultLintOptions } from '../server/src/engine/config.ts';
import { lintFiles } from '../server/src/engine/lint.ts';
import { hangGuardMs, invalidUtf8Property, kindProperty, kinds, mutate, mutationArbitrary, pathByKind, seedCorpus } from '../test/fuzz/harness.ts';
import { assertShapeLinear } from '../test/robustness/growth.ts';
import { hostileShapes } from '../test/robustness/hostile-shapes.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    kind: { type: 'string', multiple: true },
    shape: { type: 'string', multiple: true },
    'no-shapes': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const corpus = await seedCorpus();
const scratch = mkdtempSync(join(tmpdir(), 'dockerd-lint-fuzz-'));
const report = { startedAt: new Date().toISOString(), seed, runsPerKind: runs, kinds: [] };
let failed = false;
try {
  for (const kind of values.kind ?? kinds) {
    const started = Date.now();
    const seeds = corpus.get(kind);
    const mutated = fc.check(kindProperty(kind, seeds), { seed, numRuns: runs });
    const utf8 = fc.check(invalidUtf8Property(kind, seeds, join(scratch, pathByKind[kind].replace(/\//g, '_'))), { seed, numRuns: Math.ceil(runs / 10) });
    const entry = {
      kind,
      seeds: seeds.length,
      inputs: mutated.numRuns + utf8.numRuns,
      failures: (mutated.failed ? 1 : 0) + (utf8.failed ? 1 : 0),
      seconds: Math.round((Date.now() - started) / 1000),
      counterexamples: [mutated, utf8]
        .filter((r) => r.failed)
        .map((r) => ({ path: r.counterexamplePath, value: fc.stringify(r.counterexample), error: String(r.errorInstance?.message ?? r.error).slice(0, 2000) })),
    };
    report.kinds.push(entry);
    failed ||= entry.failures > 0;
    console.log(`${kind}: ${entry.inputs} inputs from ${entry.seeds} seeds, failures: ${entry.failures}, ${entry.seconds} s (seed ${seed})`);
    for (const c of entry.counterexamples) console.log(`  counterexample ${c.value}\n  ${c.error}`);
  }
  if (!values['no-shapes']) {
    for (const name of values.shape ?? Object.keys(hostileShapes)) {
      const started = Date.now();
      const shape = hostileShapes[name];
      // Each input costs up to a second at 4x the test size: a thousandth of the runs, at least 20.
      const numRuns = Math.max(20, Math.ceil(runs / 1000));
      const property = fc.property(fc.integer({ min: 1, max: 4 * shape.baseSize }), fc.array(mutationArbitrary, { maxLength: 3 }), (n, mutations) => {
        const sources = shape.make(n).map((source) => ({ ...source, text: mutate(source.text, mutations) }));
        const lintStarted = performance.now();
        lintFiles(sources, defaultLintOptions(), {
          onRuleError(ruleId, error) {
            throw new Error(`rule ${ruleId} threw: ${error?.message ?? error}`);
          },
        });
        const ms = performance.now() - lintStarted;
        if (ms > hangGuardMs) throw new Error(`took ${Math.round(ms)} ms`);
      });
      const checked = fc.check(property, { seed, numRuns });
      let growth;
      try {
        const { small, large } = assertShapeLinear(name, shape.baseSize);
        growth = `${small.ms.toFixed(0)} -> ${large.ms.toFixed(0)} ms for 4x`;
      } catch (error) {
        growth = error.message;
      }
      const linear = growth.endsWith('for 4x');
      const entry = {
        kind: `shape: ${name}`,
        seeds: 1,
        inputs: checked.numRuns,
        failures: (checked.failed ? 1 : 0) + (linear ? 0 : 1),
        seconds: Math.round((Date.now() - started) / 1000),
        growth,
        counterexamples: checked.failed
          ? [{ path: checked.counterexamplePath, value: fc.stringify(checked.counterexample).slice(0, 2000), error: String(checked.errorInstance?.message ?? checked.error).slice(0, 2000) }]
          : [],
      };
      report.kinds.push(entry);
      failed ||= entry.failures > 0;
      console.log(`shape ${name}: ${entry.inputs} inputs, failures: ${entry.failures}, ${growth}, ${entry.seconds} s (seed ${seed})`);
      for (const c of entry.counterexamples) console.log(`  counterexample ${c.value.slice(0, 200)}\n  ${c.error}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
mkdirSync('.test-artifacts', { recursive: true });
writeFileSync('.test-artifacts/fuzz-nightly.json', JSON.stringify(report, null, 2));
process.exitCode = failed ? 1 : 0;
