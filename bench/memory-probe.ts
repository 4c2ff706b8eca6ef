// Where the peak RSS of a Compose lint comes from, as a reproducible probe (README, "Peak RSS").
//
//   node --import tsx bench/memory-probe.ts [--lines 10000] [--anchors] [--runs 20] [--flags "--max-semi-space-size=2"]
//
// For the generated Compose file it prints, each in a fresh Node process started with --flags:
// - peak RSS (VmHWM) with nothing parsed, after `runs` back-to-back bare `yaml` parses, and
//   after as many lints;
// - the heap the parse leaves live: yaml's CST, yaml's Documents, our parsed file;
// - the bytes one parse and one lint allocate, by function (V8's sampling heap profiler,
//   counting objects the GC has already freed), largest first.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Parser, parseAllDocuments } from 'yaml';
import { defaultLintOptions } from '../server/src/engine/config';
import { lintText, parseFile } from '../server/src/engine/lint';
import { composeFile } from './generate';

type Mode = 'bare' | 'lint';

const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
const lines = Number(argument('--lines') ?? 10_000);
const anchors = process.argv.includes('--anchors');
const runs = Number(argument('--runs') ?? 20);
const flags = (argument('--flags') ?? '').split(' ').filter(Boolean);
const text = composeFile(lines, 2, anchors).text;
const uri = 'file:///bench/compose.yaml';

const work: Record<Mode, () => unknown> = {
  bare: () => parseAllDocuments(text),
  lint: () => lintText({ uri, text, kind: 'compose' }, defaultLintOptions()),
};

const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]) / 1024);
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

/** The child's part: one measurement, printed as one line of JSON. */
async function child(task: string): Promise<void> {
  if (task === 'peak-idle') {
    console.log(JSON.stringify({ peakRssMb: peakRssMb() }));
  } else if (task === 'peak-bare' || task === 'peak-lint') {
    const mode = task.slice(5) as Mode;
    for (let i = 0; i < runs; i++) work[mode]();
    console.log(JSON.stringify({ peakRssMb: peakRssMb() }));
  } else if (task === 'live') {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('the live-heap child needs --expose-gc');
    // Each result stays referenced from `kept` while the heap is measured after it.
    const kept: unknown[] = [];
    const liveAfter = (build: () => unknown): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      kept.push(build());
      gc();
      return process.memoryUsage().heapUsed - before;
    };
    console.log(
      JSON.stringify({
        cst: liveAfter(() => Array.from(new Parser().parse(text))),
        yamlDocuments: liveAfter(() => parseAllDocuments(text)),
        parsedFile: liveAfter(() => parseFile({ uri, text, kind: 'compose' })),
      }),
    );
  } else {
    console.log(JSON.stringify(await allocations(task.slice(6) as Mode)));
  }
}

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

async function allocations(mode: Mode): Promise<{ total: number; top: [string, number][] }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) => new Promise<T>((done, fail) => session.post(method, params, (error, result) => (error ? fail(error) : done(result as T))));
  work[mode]();
  await post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  work[mode]();
  const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
  const byFunction = new Map<string, number>();
  let total = 0;
  const visit = (node: ProfileNode) => {
    const where = node.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|server\/src)\//, '$1/');
    const key = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
    node.children.forEach(visit);
  };
  visit(profile.head);
  return { total, top: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12) };
}

function inChild<T>(task: string, extraFlags: string[] = []): T {
  const output = execFileSync(process.execPath, [...flags, ...extraFlags, '--import', 'tsx', __filename, ...process.argv.slice(2), '--child', task], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as T;
}

function main(): void {
  const label = `compose${anchors ? '+anchors' : ''} ${lines} lines, node ${flags.join(' ') || '(default flags)'}`;
  console.log(label);
  // tsx and the modules loaded weigh on every child alike: the idle line is the floor.
  console.log(`peak RSS, modules loaded, nothing parsed: ${inChild<{ peakRssMb: number }>('peak-idle').peakRssMb} MB`);
  console.log(`peak RSS after ${runs} bare yaml parses: ${inChild<{ peakRssMb: number }>('peak-bare').peakRssMb} MB`);
  console.log(`peak RSS after ${runs} lints:            ${inChild<{ peakRssMb: number }>('peak-lint').peakRssMb} MB`);
  const live = inChild<Record<string, number>>('live', ['--expose-gc']);
  console.log(`live after one parse: yaml CST ${megabytes(live.cst)} MB, yaml Documents ${megabytes(live.yamlDocuments)} MB, our parsed file ${megabytes(live.parsedFile)} MB`);
  for (const mode of ['bare', 'lint'] as const) {
    const { total, top } = inChild<{ total: number; top: [string, number][] }>(`alloc-${mode}`);
    console.log(`allocated by one ${mode === 'bare' ? 'bare yaml parse' : 'lint'}: ${megabytes(total)} MB`);
    for (const [where, bytes] of top) console.log(`  ${megabytes(bytes).padStart(7)} MB  ${where}`);
  }
}

const childTask = argument('--child');
if (childTask) void child(childTask);
else main();
