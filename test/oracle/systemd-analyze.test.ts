// Oracle: systemd itself (systemd-analyze verify, systemd 252 here) judges every systemd
// fixture of every rule test. A drop-in the engine lets through (no execstart-not-reset)
// must be accepted beside a packaged docker.service; every execstart-not-reset finding
// must be refused with the systemd message it quotes ("more than one ExecStart= setting",
// "no ExecStart="); and the ExecStart= lines systemd drops ("Unbalanced quoting, ignoring",
// unresolvable specifiers) must be exactly those unknown-dockerd-flag reports as dropped.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { applyFix, fixAll } from '../../server/src/engine/fix';
import { unitTypes } from '../../server/src/engine/rules/systemd-syntax';
import { parseSocketMode } from '../../server/src/engine/systemd/socket-unit';
import { readUnitFile } from '../../server/src/engine/systemd/unit-file';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { type CollectedCase, type Files, collectFixtures, lintCase, optionsOf, pathOfUri, sourcesOf, uriOf } from '../helpers/rule-tester';

const run = promisify(execFile);
const available = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const skipReason = available.status === 0 ? undefined : 'systemd-analyze is not installed (apt package systemd)';

/** Debian docker.io 20.10's docker.service, its ExecStart pointed at an executable that exists. */
function stockUnit(dockerd: string): string {
  return [
    '[Unit]',
    'Description=Docker Application Container Engine',
    'After=network-online.target docker.socket containerd.service',
    'Wants=network-online.target containerd.service',
    'Requires=docker.socket',
    '',
    '[Service]',
    'Type=notify',
    'EnvironmentFile=-/etc/default/docker',
    `ExecStart=${dockerd} -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS`,
    'ExecReload=/bin/kill -s HUP $MAINPID',
    'TimeoutStartSec=0',
    'Delegate=yes',
    'KillMode=process',
    'Restart=on-failure',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

const stockSocket =
  '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n';

const dropInPath = /(^|\/)docker\.service\.d\/[^/]+\.conf$/;

interface Verdict {
  accepted: boolean;
  output: string;
}

/** Writes the stock docker.service and docker.socket, then `files` (paths under the unit folder) over them. */
function writeUnits(unitDir: string, files: Record<string, string>, dockerd: string): void {
  rmSync(unitDir, { recursive: true, force: true });
  mkdirSync(join(unitDir, 'docker.service.d'), { recursive: true });
  mkdirSync(join(unitDir, 'docker.socket.d'), { recursive: true });
  writeFileSync(join(unitDir, 'docker.service'), stockUnit(dockerd));
  writeFileSync(join(unitDir, 'docker.socket'), stockSocket);
  for (const [path, text] of Object.entries(files)) {
    // Test units must name executables that exist (systemd-analyze verify checks them): any dockerd path
    // (RHEL's dockerd-current and docker-current too) -> ours.
    writeFileSync(join(unitDir, path), text.replace(/(?<=[=@\-+!:\s"])\/usr\/(?:local\/)?s?bin\/(?:dockerd|dockerd-current|docker-current)(?=[\s"]|$)/gm, dockerd));
  }
}

async function analyze(unitDir: string, units: string[]): Promise<Verdict> {
  try {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', '--man=no', ...units], { cwd: unitDir });
    return { accepted: !/Refusing|fatal error|bad unit file setting/.test(stdout + stderr), output: stdout + stderr };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { accepted: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

async function verify(dir: string, dropIns: Record<string, string>, dockerd: string): Promise<Verdict> {
  const unitDir = join(dir, 'units');
  writeUnits(unitDir, Object.fromEntries(Object.entries(dropIns).map(([name, text]) => [`docker.service.d/${name}`, text])), dockerd);
  return analyze(unitDir, ['./docker.service']);
}

function dropInsOf(test: CollectedCase): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, text] of Object.entries(test.files)) if (dropInPath.test(path)) result[path.split('/').pop()!] = text;
  return result;
}

/** `name:line` of each drop-in ExecStart= that unknown-dockerd-flag says systemd drops. */
function droppedLinesWeReport(test: CollectedCase, findings: Finding[]): string[] {
  return findings
    .filter((finding) => finding.ruleId === 'unknown-dockerd-flag' && finding.message.includes('This whole ExecStart= line is dropped'))
    .flatMap((finding) => {
      const path = pathOfUri(finding.uri);
      if (!dropInPath.test(path)) return [];
      return [`${path.split('/').pop()}:${new LineIndex(test.files[path]).position(finding.span.start).line + 1}`];
    })
    .sort();
}

/** `name:line` of each drop-in ExecStart= that systemd logs it ignores. */
function droppedLinesSystemdLogs(test: CollectedCase, output: string): string[] {
  const dropIns = dropInsOf(test);
  const lines: string[] = [];
  for (const match of output.matchAll(/docker\.service\.d\/([^/:]+):(\d+): (?:Unbalanced quoting, ignoring|Failed to resolve unit specifiers)/g)) {
    const text = dropIns[match[1]]?.split(/\r?\n/)[Number(match[2]) - 1] ?? '';
    if (/^\s*ExecStart\s*=/.test(text)) lines.push(`${match[1]}:${match[2]}`);
  }
  return lines.sort();
}

/** A scratch folder holding an executable that stands for dockerd. */
function scratch(): { dir: string; dockerd: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-systemd-'));
  const dockerd = join(dir, 'dockerd');
  writeFileSync(dockerd, '#!/bin/sh\nexit 0\n');
  chmodSync(dockerd, 0o755);
  return { dir, dockerd };
}

/** Runs `judge` over the items two at a time (the machine has two cores), each worker in its own folder. */
async function twoAtATime<T>(items: readonly T[], dir: string, judge: (item: T, workDir: string) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async (name: string) => {
    const workDir = join(dir, name);
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await judge(item, workDir);
  };
  await Promise.all([worker('a'), worker('b')]);
}

let fixtures: Promise<CollectedCase[]> | undefined;

/** Every fixture of the rule tests, collected once (a test file registers its cases only on its first import). */
function ruleFixtures(): Promise<CollectedCase[]> {
  fixtures ??= collectFixtures(ruleTestFiles());
  return fixtures;
}

function ruleTestFiles(): string[] {
  const rules = readdirSync(resolve('test/rules'))
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => resolve('test/rules', name));
  const surfaces = readdirSync(resolve('test/surfaces'))
    .filter((name) => /^systemd-.*\.test\.ts$/.test(name))
    .map((name) => resolve('test/surfaces', name));
  return [...rules, ...surfaces];
}

describe('systemd-analyze verify agrees with execstart-not-reset', { skip: skipReason }, () => {
  it('accepts every drop-in the engine lets through, refuses every execstart-not-reset fixture', async () => {
    const cases = (await ruleFixtures()).filter((test) => Object.keys(dropInsOf(test)).length > 0);
    assert.ok(cases.length >= 10, `expected many drop-in fixtures, found ${cases.length}`);
    const { dir, dockerd } = scratch();
    const disagreements: string[] = [];
    let refused = 0;
    let dropped = 0;
    const judge = async (test: CollectedCase, workDir: string) => {
      const findings = lintCase(test.files, test).flatMap((result) => result.findings);
      const refusals = findings.filter((finding) => finding.ruleId === 'execstart-not-reset');
      const verdict = await verify(workDir, dropInsOf(test), dockerd);
      if (refusals.length > 0) refused++;
      for (const finding of refusals) {
        const quoted = /\("([^"]+)"\)/.exec(finding.message)?.[1];
        if (verdict.accepted || !quoted || !verdict.output.includes(quoted)) {
          disagreements.push(`${test.ruleId} "${test.name}": we report execstart-not-reset (${finding.message}), systemd says:\n${verdict.output || '(nothing)'}`);
        }
      }
      if (refusals.length === 0 && !verdict.accepted) disagreements.push(`${test.ruleId} "${test.name}": we accept it, systemd refuses:\n${verdict.output}`);
      const ours = droppedLinesWeReport(test, findings);
      const theirs = droppedLinesSystemdLogs(test, verdict.output);
      dropped += theirs.length;
      if (ours.join() !== theirs.join()) disagreements.push(`${test.ruleId} "${test.name}": we report dropped ExecStart= lines [${ours}], systemd drops [${theirs}]:\n${verdict.output}`);
    };
    try {
      await twoAtATime(cases, dir, judge);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(disagreements, []);
    assert.ok(refused >= 3, `expected several execstart-not-reset fixtures, found ${refused}`);
    assert.ok(dropped >= 3, `expected several fixtures with ExecStart= lines systemd drops, found ${dropped}`);
  });
});

// docker.socket: systemd judges the SocketMode= values of every socket-unit-permissions
// fixture (the ones it ignores, "Failed to parse mode value", must be exactly those our
// parser ignores), and every file after the rule's fixes must raise no new complaint.

const socketUnitPath = /(^|\/)docker\.socket$/;
const socketDropInPath = /(^|\/)docker\.socket\.d\/([^/]+\.conf)$/;
const folderRank = (path: string) => (/(^|\/)etc\/systemd\//.test(path) ? 0 : /(^|\/)run\/systemd\//.test(path) ? 1 : 2);

/** The socket files of a case as systemd would read them: the strongest unit, drop-ins by name (the strongest folder's). */
function socketLayout(files: Record<string, string>): { unit?: string; dropIns: Record<string, string> } {
  const paths = Object.keys(files).sort((a, b) => folderRank(a) - folderRank(b));
  const unitPath = paths.find((path) => socketUnitPath.test(path) && !/systemd\/user\//.test(path));
  const dropIns: Record<string, string> = {};
  for (const path of paths) {
    const name = socketDropInPath.exec(path)?.[2];
    if (name && !(name in dropIns)) dropIns[name] = files[path];
  }
  return { unit: unitPath && files[unitPath], dropIns };
}

async function verifySocket(dir: string, layout: ReturnType<typeof socketLayout>, dockerd: string): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'docker.socket.d'), { recursive: true });
  writeFileSync(join(dir, 'docker.service'), stockUnit(dockerd));
  writeFileSync(join(dir, 'docker.socket'), layout.unit ?? stockSocket);
  for (const [name, text] of Object.entries(layout.dropIns)) writeFileSync(join(dir, 'docker.socket.d', name), text);
  try {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', '--man=no', './docker.socket'], { cwd: dir });
    return stdout + stderr;
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
  }
}

/** `file:line` of each SocketMode= line our parser cannot read (systemd then ignores it). */
function modesWeIgnore(layout: ReturnType<typeof socketLayout>): string[] {
  const texts: [string, string | undefined][] = [['docker.socket', layout.unit], ...Object.entries(layout.dropIns).map(([name, text]): [string, string] => [`docker.socket.d/${name}`, text])];
  const lines: string[] = [];
  for (const [name, text] of texts) {
    for (const assignment of readUnitFile(text ?? stockSocket).assignments) {
      if (assignment.section === 'Socket' && assignment.key === 'SocketMode' && parseSocketMode(assignment.value.text) === undefined) lines.push(`${name}:${assignment.line + 1}`);
    }
  }
  return lines.sort();
}

/** What systemd says about the socket files, without line numbers (a fix may add a line). */
function socketComplaints(output: string): string[] {
  return [...output.matchAll(/(docker\.socket(?:\.d\/[^:]+)?):\d+: (.*)/g)].map((m) => `${m[1]}: ${m[2]}`);
}

describe('systemd-analyze verify agrees with socket-unit-permissions', { skip: skipReason }, () => {
  it('reads SocketMode= as systemd does, and every fix leaves a unit systemd accepts without a new complaint', async () => {
    const cases = (await ruleFixtures()).filter((test) => {
      if (test.ruleId !== 'socket-unit-permissions') return false;
      const layout = socketLayout(test.files);
      return layout.unit !== undefined || Object.keys(layout.dropIns).length > 0;
    });
    assert.ok(cases.length >= 20, `expected many docker.socket fixtures, found ${cases.length}`);
    const { dir, dockerd } = scratch();
    const disagreements: string[] = [];
    let ignoredBySystemd = 0;
    let fixedCases = 0;
    try {
      for (const test of cases) {
        const before = socketLayout(test.files);
        const output = await verifySocket(join(dir, 'units'), before, dockerd);
        const theirs = [...output.matchAll(/(docker\.socket(?:\.d\/[^:]+)?):(\d+): Failed to parse mode value/g)].map((m) => `${m[1]}:${m[2]}`).sort();
        ignoredBySystemd += theirs.length;
        const ours = modesWeIgnore(before);
        if (ours.join() !== theirs.join()) disagreements.push(`"${test.name}": we ignore SocketMode= at [${ours}], systemd at [${theirs}]:\n${output}`);
        if (test.valid) continue;
        const fixed = fixAll(sourcesOf(test.files, test.kind), optionsOf(test), test.ruleId);
        const after: Record<string, string> = {};
        for (const [uri, text] of fixed.texts) after[pathOfUri(uri)] = text;
        if (Object.entries(after).every(([path, text]) => test.files[path] === text)) continue;
        fixedCases++;
        const complaintsBefore = socketComplaints(output);
        const afterOutput = await verifySocket(join(dir, 'units'), socketLayout(after), dockerd);
        const added = socketComplaints(afterOutput).filter((line) => !complaintsBefore.includes(line));
        if (added.length > 0) disagreements.push(`"${test.name}": after the fixes systemd says:\n${added.join('\n')}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(disagreements, []);
    assert.ok(ignoredBySystemd >= 3, `expected fixtures with SocketMode= values systemd ignores, found ${ignoredBySystemd}`);
    assert.ok(fixedCases >= 8, `expected many fixed fixtures, found ${fixedCases}`);
  });
});

// systemd-syntax: every line systemd's config parser logs it drops (in every unit and drop-in
// fixture of every rule test) is reported at that line, and nothing else is. systemd names the
// last physical line of a continued line; the finding starts at its first, so ends are compared.
const syntaxMessage =
  /Assignment outside of section\. Ignoring\.|Missing '=', ignoring line\.|Missing key name before '=', ignoring line\.|(?:Invalid|Bad characters in) section header '.*?'(?=:|$)|Unknown section '.*?'\. Ignoring\./;

/** The unit folder path of a docker.service / docker.socket unit or drop-in fixture. */
function unitPathOf(path: string): string | undefined {
  return /(?:^|\/)(docker\.(?:service|socket)(?:\.d\/[^/]+\.conf)?)$/.exec(path)?.[1];
}

/** The unit files of a case by unit folder path; undefined when two fixtures land on one path. */
function unitFilesOf(files: Files): Map<string, string> | undefined {
  const byPath = new Map<string, string>();
  for (const [path, text] of Object.entries(files)) {
    const unitPath = unitPathOf(path);
    if (!unitPath) continue;
    if (byPath.has(unitPath)) return undefined;
    byPath.set(unitPath, text);
  }
  return byPath;
}

/** `unit-path:line: message` of each systemd-syntax finding in a unit file, as systemd would log it. */
function syntaxLinesWeReport(files: Files): string[] {
  return lintCase(files)
    .flatMap((result) => result.findings)
    .filter((finding) => finding.ruleId === 'systemd-syntax')
    .flatMap((finding) => {
      const path = pathOfUri(finding.uri);
      const unitPath = unitPathOf(path);
      const message = syntaxMessage.exec(finding.message)?.[0];
      if (!unitPath) return [];
      const line = new LineIndex(files[path]).position(finding.span.end).line + 1;
      return [`${unitPath}:${line}: ${message ?? `(no systemd message in "${finding.message}")`}`];
    })
    .sort();
}

function syntaxLinesSystemdLogs(output: string): string[] {
  const lines: string[] = [];
  for (const match of output.matchAll(/\/units\/(docker\.(?:service|socket)(?:\.d\/[^:]+)?):(\d+): (.*)$/gm)) {
    const message = syntaxMessage.exec(match[3]);
    if (message && message.index === 0 && message[0] === match[3]) lines.push(`${match[1]}:${match[2]}: ${match[3]}`);
  }
  return lines.sort();
}

async function syntaxLinesOfSystemd(unitFiles: Map<string, string>, workDir: string, dockerd: string): Promise<string[]> {
  const unitDir = join(workDir, 'units');
  writeUnits(unitDir, Object.fromEntries(unitFiles), dockerd);
  return syntaxLinesSystemdLogs((await analyze(unitDir, ['./docker.service', './docker.socket'])).output);
}

describe('systemd-analyze verify agrees with systemd-syntax', { skip: skipReason }, () => {
  it('logs a dropped line exactly where systemd-syntax reports one, in every unit and drop-in fixture, and no more after a fix', async () => {
    const cases = (await ruleFixtures()).filter((test) => !test.kind && (unitFilesOf(test.files)?.size ?? 0) > 0);
    assert.ok(cases.length >= 20, `expected many unit and drop-in fixtures, found ${cases.length}`);
    const { dir, dockerd } = scratch();
    const disagreements: string[] = [];
    let logged = 0;
    let fixesChecked = 0;
    const judge = async (test: CollectedCase, workDir: string) => {
      const unitFiles = unitFilesOf(test.files)!;
      const ours = syntaxLinesWeReport(test.files);
      const theirs = await syntaxLinesOfSystemd(unitFiles, workDir, dockerd);
      logged += theirs.length;
      if (ours.join('\n') !== theirs.join('\n')) disagreements.push(`${test.ruleId} "${test.name}": we report [${ours.join(' | ')}], systemd logs [${theirs.join(' | ')}]`);
      if (test.ruleId !== 'systemd-syntax') return;
      const texts = new Map(Object.entries(test.files).map(([path, text]) => [uriOf(path), text]));
      const fixes = lintCase(test.files)
        .flatMap((result) => result.findings)
        .filter((finding) => finding.ruleId === 'systemd-syntax' && unitPathOf(pathOfUri(finding.uri)))
        .flatMap((finding) => finding.fixes.map((fix) => ({ finding, fix })));
      for (const { finding, fix } of fixes) {
        const fixed: Files = { ...test.files };
        for (const [uri, text] of applyFix(texts, fix)) fixed[pathOfUri(uri)] = text;
        const after = await syntaxLinesOfSystemd(unitFilesOf(fixed)!, workDir, dockerd);
        const fixedLine = `${unitPathOf(pathOfUri(finding.uri))}:${new LineIndex(test.files[pathOfUri(finding.uri)]).position(finding.span.end).line + 1}: ${syntaxMessage.exec(finding.message)?.[0]}`;
        fixesChecked++;
        if (after.length >= theirs.length || after.join('\n') !== syntaxLinesWeReport(fixed).join('\n')) {
          disagreements.push(`${test.name}: after "${fix.title}" (for ${fixedLine}) systemd logs [${after.join(' | ')}]`);
        }
      }
    };
    try {
      await twoAtATime(cases, dir, judge);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(disagreements, []);
    assert.ok(logged >= 10, `expected fixtures with lines systemd drops, found ${logged}`);
    assert.ok(fixesChecked >= 5, `expected several fixes checked, found ${fixesChecked}`);
  });

  it("the keys that earn a [Service] or [Socket] header belong to that section only, among the unit type's sections", (t) => {
    const dump = spawnSync('/lib/systemd/systemd', ['--dump-configuration-items'], { encoding: 'utf8' });
    if (dump.status !== 0) return t.skip('systemd --dump-configuration-items did not run');
    const sectionsOf = new Map<string, Set<string>>();
    let section = '';
    for (const line of dump.stdout.split('\n')) {
      const header = /^\[(\w+)\]$/.exec(line);
      if (header) section = header[1];
      const key = /^(\w+)=/.exec(line)?.[1];
      if (key) sectionsOf.set(key, new Set([...(sectionsOf.get(key) ?? []), section]));
    }
    const wrong = Object.values(unitTypes).flatMap((type) =>
      [...type.mainOnlyKeys, ...type.carriers]
        .filter((key) => {
          const sections = sectionsOf.get(key);
          return !sections?.has(type.main) || [...type.sections].some((other) => other !== type.main && sections.has(other));
        })
        .map((key) => `${type.main}.${key}`),
    );
    assert.deepEqual(wrong, []);
    assert.ok(sectionsOf.size > 200, `expected systemd's key table, read ${sectionsOf.size} keys`);
  });
});
