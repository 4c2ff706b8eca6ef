// One measurement for linear-growth.ts, in a process of its own so that its peak RSS is its
// own: lints a hostile shape of size n (after a warm-up at n/16, so the JIT is not measured)
// and prints the fastest of three runs and how far the resident set grew at its peak.
//   node --import tsx test/robustness/growth-child.ts SHAPE N

import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import { hostileShapes } from './hostile-shapes';

const [name, size] = process.argv.slice(2);
const shape = hostileShapes[name];
if (!shape) throw new Error(`no shape "${name}"`);
const n = Number(size);
const options = defaultLintOptions();
lintFiles(shape.make(Math.max(1, Math.floor(n / 16))), options);
const sources = shape.make(n);
const rssBefore = process.memoryUsage().rss;
let fastest = Number.POSITIVE_INFINITY;
for (let run = 0; run < 3; run++) {
  const started = performance.now();
  lintFiles(sources, options);
  fastest = Math.min(fastest, performance.now() - started);
}
const peak = process.resourceUsage().maxRSS * 1024;
process.stdout.write(JSON.stringify({ ms: fastest, rssGrowth: Math.max(0, peak - rssBefore), bytes: sources.reduce((sum, source) => sum + source.text.length, 0) }) + '\n');
