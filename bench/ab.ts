// `npm run bench:ab -- <base-rev>`: the same bench scenarios on two builds in one run, so that
// a change is judged by a ratio both sides measured under the same machine load.
//
// "before" is <base-rev>, checked out into a temporary git worktree (/tmp/bench-ab-*) and
// built there (`node scripts/build.mjs --minify`); "after" is this checkout, built by the npm
// script. The inputs are generated once (bench/generate.ts) and sent to both. Each round runs
// every scenario on both sides, in alternating order (before first, then after first), so
// that neither side always runs in the other's wake; the table gives medians of the samples
// pooled over the rounds and after/before, and the spread of the rounds' own after/before
// ratios: a row whose spread straddles 1 has not shown a change. Each round starts new engine
// workers: how V8 compiles a process's hot code varies from one process to the next (a lint of
// compose 1000 by ±10%), and one worker per side for the whole run measured one such draw,
// not the code. Engine rows come twice: wall-clock ms, and the CPU
// ms the worker process used (user + system), which time spent waiting for a core on a busy
// machine does not inflate. `--quick` runs small sizes and few rounds (a smoke
// run of the harness); `--keep` leaves the base worktree for a look.

import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineAnswer, EngineRequest } from './ab-engine-worker';
import { type GeneratedFile, composeFile, daemonJson, dropIn, gitlabCiFile } from './generate';
import { type ServerSpec, coldStart, dockerdLintSpec, openAndEdit, percentile } from './lsp-bench';

interface Side {
  name: 'before' | 'after';
  /** What was measured: a short commit, `+changes` when the tree had uncommitted changes. */
  revision: string;
  checkout: string;
}

interface Scenario {
  label: string;
  lines: number;
  file: GeneratedFile;
}

interface Row {
  scenario: string;
  before: number[];
  after: number[];
  /** after / before of each round's medians: how far one round's verdict can be from another's. */
  roundRatios: number[];
  /** Findings (engine) or diagnostics (server) each side reported: new rules change them. */
  counts: Record<Side['name'], number | undefined>;
}

const root = resolve(__dirname, '..');
const quick = process.argv.includes('--quick');
const keep = process.argv.includes('--keep');
const baseRevision = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const log = (message: string) => process.stderr.write(`${message}\n`);

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function revisionOf(checkout: string): string {
  const dirty = git(checkout, 'status', '--porcelain', '--untracked-files=no') !== '';
  return git(checkout, 'rev-parse', '--short', 'HEAD') + (dirty ? '+changes' : '');
}

/** The base revision in a fresh worktree, sharing this checkout's node_modules, built as `npm run bench` builds. */
function checkOutBase(revision: string): Side {
  const commit = git(root, 'rev-parse', '--verify', `${revision}^{commit}`);
  const checkout = mkdtempSync('/tmp/bench-ab-');
  git(root, 'worktree', 'add', '--detach', checkout, commit);
  symlinkSync(realpathSync(join(root, 'node_modules')), join(checkout, 'node_modules'));
  log(`before: ${revision} (${commit.slice(0, 7)}) in ${checkout}, building ...`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--minify'], { cwd: checkout, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the build of ${revision} failed`);
  return { name: 'before', revision: commit.slice(0, 7), checkout };
}

function removeBase(side: Side): void {
  if (keep) {
    log(`kept ${side.checkout}`);
    return;
  }
  spawnSync('git', ['worktree', 'remove', '--force', side.checkout], { cwd: root });
  rmSync(side.checkout, { recursive: true, force: true });
}

function scenarios(): { engine: Scenario[]; server: Scenario[] } {
  const scenario = (label: string, lines: number, file: GeneratedFile) => ({ label, lines, file });
  const compose = (lines: number) => scenario(`compose ${lines}`, lines, composeFile(lines));
  const anchors = (lines: number) => scenario(`compose+anchors ${lines}`, lines, composeFile(lines, 2, true));
  const daemon = (lines: number) => scenario(`daemon.json ${lines}`, lines, daemonJson(lines));
  const unit = (lines: number) => scenario(`drop-in ${lines}`, lines, dropIn(lines));
  const gitlabCi = (lines: number) => scenario(`gitlab-ci ${lines}`, lines, gitlabCiFile(lines));
  if (quick) return { engine: [compose(100), daemon(100), unit(100)], server: [compose(100), daemon(100), gitlabCi(1000)] };
  return {
    engine: [compose(100), compose(1000), compose(10_000), compose(50_000), anchors(10_000), daemon(100), daemon(10_000), unit(100), unit(1000)],
    server: [compose(100), compose(1000), compose(10_000), anchors(10_000), daemon(100), unit(100), gitlabCi(5000)],
  };
}

/** Round `round` runs the sides in this order: alternating, so neither always goes second. */
const inTurn = <T>(sides: readonly T[], round: number): T[] => (round % 2 === 0 ? [...sides] : [...sides].reverse());

async function startWorker(side: Side): Promise<ChildProcess> {
  const worker = fork(join(__dirname, 'ab-engine-worker.ts'), [side.checkout], { cwd: side.checkout, execArgv: ['--import', 'tsx'] });
  await new Promise<void>((ready, fail) => {
    worker.once('message', () => ready());
    worker.once('exit', (code) => fail(new Error(`the ${side.name} engine worker exited (${code})`)));
  });
  return worker;
}

function ask(worker: ChildProcess, request: EngineRequest): Promise<EngineAnswer> {
  return new Promise((answer, fail) => {
    const died = (code: number | null) => fail(new Error(`an engine worker exited (${code}) on ${request.label}`));
    worker.once('exit', died);
    worker.once('message', (message) => {
      worker.off('exit', died);
      answer(message as EngineAnswer);
    });
    worker.send(request);
  });
}

async function engineRows(sides: Side[], cases: Scenario[], rounds: number): Promise<Row[]> {
  const wall = cases.map((c) => newRow(`engine lint: ${c.label}`));
  const cpu = cases.map((c) => newRow(`engine lint CPU: ${c.label}`));
  for (let round = 0; round < rounds; round++) {
    log(`engine: round ${round + 1}/${rounds}`);
    // New workers each round (see the top of this file), started in turn like the lints.
    const workers = new Map<Side, ChildProcess>();
    try {
      for (const side of inTurn(sides, round)) workers.set(side, await startWorker(side));
      for (const [i, c] of cases.entries()) {
        const got = { wall: { before: [] as number[], after: [] as number[] }, cpu: { before: [] as number[], after: [] as number[] } };
        for (const side of inTurn(sides, round)) {
          const answer = await ask(workers.get(side)!, { label: c.label, file: c.file, minSamples: 2, maxSamples: 20, budgetMs: 300 });
          got.wall[side.name] = answer.lintMs;
          got.cpu[side.name] = answer.lintCpuMs;
          wall[i].counts[side.name] = cpu[i].counts[side.name] = answer.findings;
        }
        addRound(wall[i], got.wall);
        addRound(cpu[i], got.cpu);
      }
    } finally {
      for (const worker of workers.values()) worker.kill();
    }
  }
  return [...wall, ...cpu];
}

function newRow(scenario: string): Row {
  return { scenario, before: [], after: [], roundRatios: [], counts: { before: undefined, after: undefined } };
}

/** One round's samples of both sides: pooled for the medians, and their ratio for the spread. */
function addRound(row: Row, round: Record<Side['name'], number[]>): void {
  row.before.push(...round.before);
  row.after.push(...round.after);
  if (round.before.length > 0 && round.after.length > 0) row.roundRatios.push(percentile(round.after, 50) / percentile(round.before, 50));
}

async function serverRows(sides: Side[], cases: Scenario[], rounds: number): Promise<Row[]> {
  const specs = new Map<Side, ServerSpec>(sides.map((side) => [side, dockerdLintSpec(side.checkout, `dockerd-lint ${side.name}`)]));
  const cold = newRow('server cold start (compose 100)');
  const coldFile = composeFile(100);
  // Round 0 is not counted: it fills the OS file cache and writes each build's code cache.
  for (let round = 0; round <= rounds * 2; round++) {
    const got = { before: [] as number[], after: [] as number[] };
    for (const side of inTurn(sides, round)) got[side.name].push(await coldStart(specs.get(side)!, coldFile));
    if (round > 0) addRound(cold, got);
  }
  const rows: Row[] = [cold];
  for (const c of cases) {
    const row = newRow(`server edit: ${c.label}`);
    for (let round = 0; round < rounds; round++) {
      log(`server: ${c.label}, round ${round + 1}/${rounds}`);
      const got = { before: [] as number[], after: [] as number[] };
      for (const side of inTurn(sides, round)) {
        const run = await openAndEdit(specs.get(side)!, c.file, c.lines, c.label);
        if (run.problem) throw new Error(`${side.name} on ${c.label}: ${run.problem}`);
        got[side.name] = run.editSamples;
        row.counts[side.name] = run.diagnostics;
      }
      addRound(row, got);
    }
    rows.push(row);
  }
  return rows;
}

function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** A ratio above this is called out: on a shared machine, smaller differences are noise. */
const regressionRatio = 1.1;

/** The 1-minute load average against the cores: figures taken above 1 mostly measure waiting for a core. */
const load = () => `${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`;

function render(sides: Side[], rows: Row[], loadAtStart: string): string {
  const [before, after] = sides;
  const body = rows.map((row) => {
    const [b, a] = [percentile(row.before, 50), percentile(row.after, 50)];
    const ratio = a / b;
    const counts = row.counts.before === undefined ? '-' : `${row.counts.before} / ${row.counts.after}`;
    const [low, high] = [Math.min(...row.roundRatios), Math.max(...row.roundRatios)];
    // Slower only when every round saw it: a round at or below 1 says the pooled ratio may be a draw.
    const verdict = ratio <= regressionRatio ? '' : low > 1 ? ' (slower)' : ' (rounds disagree)';
    return [row.scenario, b.toFixed(2), a.toFixed(2), `${ratio.toFixed(2)}x${verdict}`, `${low.toFixed(2)}-${high.toFixed(2)}`, `${row.before.length} / ${row.after.length}`, counts];
  });
  return [
    `A/B in one run: before = ${before.revision}, after = ${after.revision}, Node ${process.version} (median ms; ratio = after / before; rounds = lowest-highest ratio of one round's medians)`,
    `load average ${loadAtStart} at the start, ${load()} at the end`,
    table(['scenario', 'before', 'after', 'ratio', 'rounds', 'samples', 'findings or diagnostics'], body),
  ].join('\n');
}

async function main(): Promise<void> {
  if (!baseRevision) throw new Error('usage: npm run bench:ab -- <base-rev> [--quick] [--keep]');
  const loadAtStart = load();
  const after: Side = { name: 'after', revision: revisionOf(root), checkout: root };
  const before = checkOutBase(baseRevision);
  try {
    const sides = [before, after];
    const { engine, server } = scenarios();
    const rows = [...(await engineRows(sides, engine, quick ? 2 : 6)), ...(await serverRows(sides, server, quick ? 1 : 3))];
    const report = render(sides, rows, loadAtStart);
    process.stdout.write(`${report}\n`);
    const resultsDir = resolve(root, 'bench/results');
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'ab-latest.json'), JSON.stringify({ startedAt: new Date().toISOString(), node: process.version, sides, rows }, null, 2));
    writeFileSync(join(resultsDir, 'ab-latest.md'), `${report}\n`);
    log('wrote bench/results/ab-latest.md and ab-latest.json');
  } finally {
    removeBase(before);
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
