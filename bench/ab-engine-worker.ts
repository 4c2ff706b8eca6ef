// One side of `npm run bench:ab`: a process that loads the engine of one checkout (its
// argument) and lints what the A/B sends it, answering with the ms of each lint. Both sides
// run this same file under tsx, each against its own checkout's engine source, as
// `npm run bench` runs its engine phase.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type GeneratedFile, freshReadVariants } from './generate';

type Lint = typeof import('../server/src/engine/lint');
type Config = typeof import('../server/src/engine/config');

export interface EngineRequest {
  label: string;
  file: GeneratedFile;
  /** Lints at least this many times, and goes on (to `maxSamples`) while under `budgetMs`. */
  minSamples: number;
  maxSamples: number;
  budgetMs: number;
}

export interface EngineAnswer {
  /** Wall-clock ms of each lint. */
  lintMs: number[];
  /** CPU ms of this process (user + system) during each lint: not counting time spent waiting for a core. */
  lintCpuMs: number[];
  findings: number;
}

const checkout = process.argv[2];
/**
 * The first request for a file lints it, unmeasured, at least `warmUp.lints` times and for at
 * least `warmUp.minMs` (a daemon.json 100 lint is still 5x its steady CPU time after 30 lints),
 * but no longer than `warmUp.maxMs` (a 50000-line file), each variant at least once.
 */
const warmUp = { lints: 30, minMs: 300, maxMs: 2000 };
const engine = (module: string) => import(pathToFileURL(join(checkout, 'server/src/engine', `${module}.ts`)).href);

async function main(): Promise<void> {
  const { lintText } = (await engine('lint')) as Lint;
  const { defaultLintOptions } = (await engine('config')) as Config;
  const options = defaultLintOptions();
  const warm = new Set<string>();
  process.on('message', (request: EngineRequest) => {
    const variants = freshReadVariants(request.file);
    let findings = 0;
    const lintMs: number[] = [];
    const lintCpuMs: number[] = [];
    const lint = (variant: GeneratedFile) => {
      const [started, cpu] = [performance.now(), process.cpuUsage()];
      findings = lintText({ uri: `file://${variant.path}`, text: variant.text, kind: variant.kind }, options)?.findings.length ?? 0;
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    };
    // The first request for a file compiles and warms what its kind runs, not counted, so that
    // a fresh worker (ab.ts starts new ones each round) measures optimised code, as a
    // long-lived engine runs, not V8 still tiering up.
    if (!warm.has(request.label)) {
      const started = performance.now();
      const warming = (i: number, ms: number) => i < variants.length || (ms < warmUp.maxMs && (i < warmUp.lints || ms < warmUp.minMs));
      for (let i = 0; warming(i, performance.now() - started); i++) lint(variants[i % variants.length]);
    }
    warm.add(request.label);
    const started = performance.now();
    while (lintMs.length < request.minSamples || (lintMs.length < request.maxSamples && performance.now() - started < request.budgetMs)) {
      const { ms, cpuMs } = lint(variants[lintMs.length % variants.length]);
      lintMs.push(ms);
      lintCpuMs.push(cpuMs);
    }
    process.send?.({ lintMs, lintCpuMs, findings } satisfies EngineAnswer);
  });
  process.send?.('ready');
}

void main();
