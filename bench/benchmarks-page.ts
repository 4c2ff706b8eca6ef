// docs/benchmarks.md, written by `npm run bench` (bench/run.ts): how the bench measures, then
// the tables of the run that wrote it. The page is generated: edit the method text here and
// the tables by running the bench, never by hand.

export interface BenchRunInfo {
  /** The tables as the bench printed them. */
  report: string;
  startedAt: Date;
  /** Short commit of the measured tree, with `+changes` when it had uncommitted changes. */
  commit: string;
  node: string;
}

const method = `\`\`\`sh
npm run bench            # about 8-10 minutes on 2 cores; --quick for a smoke run of the harness
node --import tsx bench/memory-probe.ts --lines 50000 --runs 5   # where peak RSS comes from
\`\`\`

\`npm run bench\` builds the bundles minified, as \`npm run package\` does for the .vsix: the
server it measures is the one users get.

\`bench/run.ts\` generates its inputs with a seeded PRNG (\`bench/generate.ts\`: Compose files
of 100 to 50,000 lines with \`x-\` anchors, merge keys, ports, environment in both forms,
socket mounts and dind services; an anchor-heavy variant where every service merges
earlier ones; large daemon.json files; drop-ins), then measures, in one run:

- **engine**: lint time of each file in process against the bare parse of the same text by
  the library our reader builds on (\`yaml\` \`parseAllDocuments\`, jsonc-parser \`parseTree\`),
  medians of alternating runs. \`ratio\` = lint / bare parse; systemd has no library parser
  (\`n/a\`). \`analysed\` says whether this build has a reader for the kind at all.
- **language servers over real stdio** (\`bench/lsp-process.ts\` spawns each server):
  cold start = spawn → initialize → open a 100-line Compose file → its first diagnostics
  (one unmeasured round that fills the OS file cache and writes our code cache for the fresh
  build, as a user's first start does, then the median of 7 rounds, every server once per
  round); open → diagnostics; edit → diagnostics p50/p95 (one character typed into
  and removed from string values spread over the file, each edit waiting for its
  diagnostics); peak RSS from \`/proc/PID/status\` \`VmHWM\`; for our server, the bare parse of
  the same text is timed in the bench process after each edit's diagnostics arrive (the
  \`bare parse\` column), so that the ratio targets compare figures taken in the same minutes.
  The same for
  **yaml-language-server** (with the Compose schema \`schemas/reference/compose-spec.json\`
  mapped to \`*.yaml\`) and **@microsoft/compose-language-service**, as shipped: they wait a
  fixed 200 ms and 1000 ms after each change before validating, which the \`debounce\` column
  shows; dockerd-lint has none. A **no-op** vscode-languageserver server, bundled and
  minified like ours, is the cold-start baseline. Peers get fewer edits on big files and a timeout per operation;
  a row that ran out says \`timed out after N s\` and keeps what it measured before.
- **targets**: Compose edit p50 <= 1.2x the bare yaml parse timed between those edits, at
  10,000 and 50,000 lines; linear growth (lint ms per line at 50,000 vs 10,000 lines <= 1.5x);
  daemon.json and drop-in edits < 5 ms p50 at realistic sizes (100 lines: the dockerd
  reference's daemon.json that lists every Linux option is under a hundred lines, a drop-in a
  handful), with the 1,000 and 10,000-line files reported against the same 5 ms as stress
  rows; cold start <= 1.3x the no-op server; peak RSS below both peers (ours read after as
  many edits as the peers get); no debounce.

Results print as tables, go to \`bench/results/\` (\`latest.md\`, \`latest.json\` and one
timestamped JSON per run; not committed) and replace the tables of this page. Numbers are wall-clock on a shared 2-core machine:
compare ratios within one run, not absolute times across runs.

\`bench/memory-probe.ts\` explains the peak RSS of a Compose lint, each figure from a fresh
Node process: the peak after N bare \`yaml\` parses and after N lints (against the same
process with nothing parsed), what one parse leaves live (yaml's CST, yaml's Documents, our
parsed file), and what one parse and one lint allocate, by function (V8's sampling heap
profiler, counting what the GC already freed); \`--flags\` runs it under other V8 flags.`;

const abMethod = `## Comparing two revisions (A/B)

\`\`\`sh
npm run bench:ab -- <base-rev>            # 4 minutes on 2 cores when quiet, 7.5 at load 6; e.g. npm run bench:ab -- 11238f4
npm run bench:ab -- <base-rev> --quick    # small sizes, few rounds: a smoke run of the harness
npm run bench:ab -- <base-rev> --keep     # leave the base worktree (/tmp/bench-ab-*) for a profile
\`\`\`

A change is judged against the revision before it by \`bench/ab.ts\`, in one run: it checks
\`<base-rev>\` out into a temporary git worktree (\`/tmp/bench-ab-*\`, sharing this checkout's
node_modules), builds it as \`npm run bench\` builds (\`--minify\`), and measures "before" (the
base) and "after" (this checkout, uncommitted changes included) on the same generated inputs:

- **engine lint**: a worker process per side and round (\`bench/ab-engine-worker.ts\`, the
  same file for both, each loading its own checkout's engine source under tsx), linting
  fresh reads of each file (\`freshReadVariants\`) after a warm-up that is not counted (at
  least 30 lints and 300 ms, at most 2 s, so that the measured code is optimised). New
  workers each round: how V8 optimises a process's hot code differs from one process to the
  next (CPU per lint of compose 1000 by about ±10% between runs of the same code), so one
  worker per side for the whole run judged one such draw, not the change. Each
  row comes twice: wall-clock ms, and the CPU ms the worker used (user + system), which time
  spent waiting for a core on a busy machine does not inflate.
- **server**: each side's \`dist/server.js\` over stdio, as above: cold start (one unmeasured
  round first), and edit -> diagnostics on a fresh server per round.

Every round runs every scenario on both sides, in alternating order (before first, then
after first), so load that comes and goes hits both; samples are pooled over the rounds. The
table gives the medians, after / before, the lowest and highest after / before of a single
round's medians (\`rounds\`), the sample counts and what each side reported (findings or
diagnostics: new rules change them, which the ratio then includes). A ratio above 1.10 is
marked \`(slower)\` when every round saw after slower, and \`(rounds disagree)\` when some round
saw it at or below 1: run the A/B again, or profile, before calling that a regression. The header gives the load average at the start and the
end: on a machine busier than its cores, wall-clock ratios mostly measure the wait for a core
(trust the CPU rows then, and run the A/B again later). Find out why a row is slower with
\`--keep\` and \`node --cpu-prof\` on the base and this checkout. The output goes to
\`bench/results/ab-latest.md\` and \`.json\` (not committed); a measured table belongs in the
change's note, not on this page.`;

export function benchmarksPage(run: BenchRunInfo): string {
  const when = `${run.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by `npm run bench` (bench/benchmarks-page.ts): do not edit by hand. -->',
    '',
    method,
    '',
    abMethod,
    '',
    `## Last run: ${when}, commit ${run.commit}, Node ${run.node}`,
    '',
    run.report.trim(),
    '',
  ].join('\n');
}
