// The nightly-size fuzz run: 100,000 mutated inputs per file kind (and a tenth of that as
// invalid UTF-8 read through the CLI), with a fresh seed unless one is given. Prints one line
// per kind and writes .test-artifacts/fuzz-nightly.json; exits 1 on any failure.
//   node --import tsx scripts/fuzz-nightly.mjs [--runs 100000] [--seed N] [--kind compose]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { invalidUtf8Property, kindProperty, kinds, pathByKind, seedCorpus } from '../test/fuzz/harness.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '100000' }, seed: { type: 'string' }, kind: { type: 'string', multiple: true } } });
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
      counterexamples: [mutated, utf8].filter((r) => r.failed).map((r) => ({ path: r.counterexamplePath, value: fc.stringify(r.counterexample), error: String(r.errorInstance?.message ?? r.error).slice(0, 2000) })),
    };
    report.kinds.push(entry);
    failed ||= entry.failures > 0;
    console.log(`${kind}: ${entry.inputs} inputs from ${entry.seeds} seeds, failures: ${entry.failures}, ${entry.seconds} s (seed ${seed})`);
    for (const c of entry.counterexamples) console.log(`  counterexample ${c.value}\n  ${c.error}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
mkdirSync('.test-artifacts', { recursive: true });
writeFileSync('.test-artifacts/fuzz-nightly.json', JSON.stringify(report, null, 2));
process.exitCode = failed ? 1 : 0;
