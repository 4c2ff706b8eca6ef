// Hostile inputs for every file kind and the properties the engine must keep on each of them:
// it returns, no exception escapes, every span lies inside its document, and every fix
// applies cleanly without touching a byte outside its edits. Shared by the fixed-seed slice
// in `npm test` and the nightly run (scripts/fuzz-nightly.mjs).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import nodeTest from 'node:test';
import fc from 'fast-check';
import { composeFile, daemonJson, dropIn, gitlabCiFile, kubernetesFile } from '../../bench/generate';
import { readSource } from '../../server/src/cli/files';
import { defaultLintOptions } from '../../server/src/engine/config';
import { detectKind } from '../../server/src/engine/detect';
import { applyFix, fixAll } from '../../server/src/engine/fix';
import { type FileResult, type SourceFile, lintFiles } from '../../server/src/engine/lint';
import { allRules } from '../../server/src/engine/rules';
import { type FileKind, type Finding, type Fix, type TextEdit, fileKinds } from '../../server/src/engine/types';
import { type CollectedCase, collectFixtures, errorCounts, uriOf } from '../helpers/rule-tester';

export const kinds: FileKind[] = [...fileKinds];

/** Where a file of each kind lives, so that detection agrees with the forced kind. */
export const pathByKind: Record<FileKind, string> = {
  'daemon-json': 'etc/docker/daemon.json',
  systemd: 'etc/systemd/system/docker.service.d/override.conf',
  compose: 'project/compose.yaml',
  'gitlab-runner': 'etc/gitlab-runner/config.toml',
  kubernetes: 'deploy/pod.yaml',
  'github-actions': 'project/.github/workflows/ci.yml',
  'gitlab-ci': 'project/.gitlab-ci.yml',
};

export interface Seed {
  kind: FileKind;
  origin: string;
  text: string;
}

// The package root: tests and scripts run from there (this module is also loaded from ESM).
const root = process.cwd();

/**
 * The cases of every rule test file, loaded once. Some files also register plain tests next to
 * their ruleTester table; imported while another test runs those would start after their
 * parent ended, so node:test's registering functions are silenced while the files load.
 * Call it from inside a test, never from a top-level `before`: Node 20 builds `describe`
 * bodies after the root's hooks start, so their `it` calls would be silenced too and the
 * file would run no test at all (it did, and passed, until this was found).
 */
export function ruleFixtures(): Promise<CollectedCase[]> {
  return (loadedFixtures ??= loadRuleFixtures());
}

let loadedFixtures: Promise<CollectedCase[]> | undefined;

async function loadRuleFixtures(): Promise<CollectedCase[]> {
  const dir = resolve(root, 'test/rules');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => resolve(dir, name));
  const api = nodeTest as unknown as Record<string, unknown>;
  const names = ['it', 'test', 'describe', 'suite'];
  const saved = names.map((name) => api[name]);
  for (const name of names) api[name] = () => undefined;
  try {
    return await collectFixtures(files);
  } finally {
    names.forEach((name, i) => (api[name] = saved[i]));
  }
}

/**
 * Every fixture of every rule test, the examples, and small generated files, grouped by kind
 * (loaded once; from inside a test, as `ruleFixtures` says).
 */
export function seedCorpus(): Promise<Map<FileKind, Seed[]>> {
  return (loadedCorpus ??= loadSeedCorpus());
}

let loadedCorpus: Promise<Map<FileKind, Seed[]>> | undefined;

async function loadSeedCorpus(): Promise<Map<FileKind, Seed[]>> {
  const corpus = new Map<FileKind, Seed[]>(kinds.map((kind) => [kind, []]));
  const add = (kind: FileKind | undefined, origin: string, text: string) => {
    if (!kind) return;
    const seeds = corpus.get(kind)!;
    if (!seeds.some((seed) => seed.text === text)) seeds.push({ kind, origin, text });
  };
  for (const fixture of await ruleFixtures()) {
    for (const [path, text] of Object.entries(fixture.files)) {
      // Megabyte fixtures (analysis-limit) would only slow every mutation down.
      if (text.length > 200_000) continue;
      add(fixture.kind ?? detectKind(uriOf(path), text), `${fixture.ruleId}: ${fixture.name}`, text);
    }
  }
  // Surface kinds whose rule cases live in test/surfaces seed from their corpus cases.
  for (const path of walk(resolve(root, 'test/corpus/gitlab-runner'))) add('gitlab-runner', path, readFileSync(path, 'utf8'));
  for (const path of walk(resolve(root, 'examples'))) {
    const text = readFileSync(path, 'utf8');
    add(detectKind(pathToFileURL(path).href, text), path, text);
  }
  for (const path of walk(resolve(root, 'test', 'corpus', 'github-actions'))) add('github-actions', path, readFileSync(path, 'utf8'));
  add('compose', 'generated compose', composeFile(80, 7).text);
  add('compose', 'generated compose with anchors', composeFile(80, 8, true).text);
  add('daemon-json', 'generated daemon.json', daemonJson(40, 9).text);
  add('systemd', 'generated drop-in', dropIn(20, 10).text);
  add('kubernetes', 'generated manifests', kubernetesFile(40, 11).text);
  for (const path of walk(resolve(root, 'test/surfaces/kubernetes'))) add('kubernetes', path, readFileSync(path, 'utf8'));
  add('gitlab-ci', 'generated pipeline', gitlabCiFile(80, 11).text);
  for (const path of walk(resolve(root, 'test/surfaces/gitlab-ci'))) add('gitlab-ci', path, readFileSync(path, 'utf8'));
  return corpus;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Fragments that break parsers: quotes, brackets, YAML anchors and merges, control and odd Unicode. */
const fragments = [
  '"',
  "'",
  '`',
  '\\',
  '\t',
  '\r\n',
  '\r',
  '\n',
  '\ufeff',
  '\u0000',
  '\ud800',
  '\udc00',
  '\u2028',
  '\u00a0',
  '\u{1f433}',
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '#',
  '//',
  '/*',
  '*/',
  ';',
  '=',
  '-',
  '- ',
  '? ',
  '|',
  '>',
  '!!binary ',
  '!',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '<<: *a\n',
  '<<: [*a, *b]\n',
  '&b {x: 1}',
  '${',
  '${VAR:-',
  '}',
  '$$',
  '\\\n',
  ' \\',
  '\\x',
  '"\\u12',
  'tcp://0.0.0.0:2375',
  '-H ',
  '\n[Service]\n',
  'ExecStart=',
  'Environment="',
  'DOCKER_OPTS="',
  'services:\n',
  '  x:\n    image: docker:dind\n',
  '"hosts": [',
  '"tls": false',
  'null',
  'true',
  '1e999',
  '-0',
  '0x10',
];

export type Mutation =
  | { type: 'truncate'; at: number }
  | { type: 'insert'; at: number; text: string }
  | { type: 'delete'; at: number; length: number }
  | { type: 'replace'; at: number; code: number }
  | { type: 'duplicate'; at: number; length: number }
  | { type: 'repeat'; at: number; text: string; times: number }
  | { type: 'crlf' }
  | { type: 'bom' };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ type: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 8, unit: 'binary' })) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('replace' as const), at: fc.nat(), code: fc.integer({ min: 0, max: 0xffff }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }) },
  // Long runs: long lines, deep brackets, many anchors; capped so that 100,000 inputs stay
  // affordable (test/robustness/resource-limits.test.ts has the megabyte cases).
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('repeat' as const), at: fc.nat(), text: fc.constantFrom('x', '[', '{', '- ', '  ', '"', '\\', '&a *a ', 'a'), times: fc.integer({ min: 10, max: 4000 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'bom' as const }) },
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const at = 'at' in m ? m.at % (out.length + 1) : 0;
    switch (m.type) {
      case 'truncate':
        out = out.slice(0, at);
        break;
      case 'insert':
        out = out.slice(0, at) + m.text + out.slice(at);
        break;
      case 'delete':
        out = out.slice(0, at) + out.slice(at + m.length);
        break;
      case 'replace':
        out = out.slice(0, at) + String.fromCharCode(m.code) + out.slice(at + 1);
        break;
      case 'duplicate':
        out = out.slice(0, at) + out.slice(at, at + m.length) + out.slice(at);
        break;
      case 'repeat':
        out = out.slice(0, at) + m.text.repeat(m.times) + out.slice(at);
        break;
      case 'crlf':
        out = out.replace(/\r?\n/g, '\r\n');
        break;
      case 'bom':
        out = '\ufeff' + out;
        break;
    }
  }
  return out;
}

/** A seed of the kind and up to six mutations of it. */
export function inputArbitrary(seeds: readonly Seed[]): fc.Arbitrary<{ seed: Seed; mutations: Mutation[]; forceKind: boolean }> {
  return fc.record({ seed: fc.constantFrom(...seeds), mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 6 }), forceKind: fc.boolean() });
}

/** The property for one kind: a mutated seed keeps every property of `checkProperties`. */
export function kindProperty(kind: FileKind, seeds: readonly Seed[]) {
  return fc.property(inputArbitrary(seeds), ({ seed, mutations, forceKind }) => {
    checkProperties([sourceOf(kind, mutate(seed.text, mutations), forceKind)]);
  });
}

/**
 * Bytes that are not UTF-8 inserted into a seed, written to `path` and read back as the CLI
 * reads files: the offset of the first bad byte points at its U+FFFD, and the properties hold.
 */
export function invalidUtf8Property(kind: FileKind, seeds: readonly Seed[], path: string) {
  const bytesArbitrary = fc.record({
    seed: fc.constantFrom(...seeds),
    bad: fc.array(fc.record({ at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 4, min: 0x80, max: 0xff }) }), { minLength: 1, maxLength: 4 }),
  });
  return fc.property(bytesArbitrary, ({ seed, bad }) => {
    let bytes = Buffer.from(seed.text, 'utf8');
    for (const { at, bytes: inserted } of bad) {
      const offset = at % (bytes.length + 1);
      bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
    }
    writeFileSync(path, bytes);
    const source = readSource(path);
    if (source.invalidUtf8Offset !== undefined) {
      // The decoder writes U+FFFD for the bad bytes: the offset must point at one.
      assert.equal(source.text.charCodeAt(source.invalidUtf8Offset), 0xfffd, `invalidUtf8Offset ${source.invalidUtf8Offset} does not point at the replaced bytes`);
    }
    checkProperties([{ ...sourceOf(kind, source.text), invalidUtf8Offset: source.invalidUtf8Offset }], false);
  });
}

const knownRules = new Set(allRules.map((rule) => rule.meta.id));

/** Fixes per input that are applied and re-linted (the fixtures have far fewer). */
const maxRelintedFixes = 25;

/** Generous: it guards against hangs, not for speed. */
export const hangGuardMs = 20_000;

function assertSpan(span: { start: number; end: number }, length: number, what: string): void {
  const ok = Number.isInteger(span.start) && Number.isInteger(span.end) && 0 <= span.start && span.start <= span.end && span.end <= length;
  if (!ok) throw new Error(`${what}: span ${span.start}..${span.end} is outside the document (length ${length})`);
}

/** The bytes outside the edits must be exactly the bytes of the text before. */
export function assertOnlyEditedBytesChanged(before: string, edits: readonly TextEdit[], after: string, what: string): void {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let cursorBefore = 0;
  let cursorAfter = 0;
  for (const edit of sorted) {
    const kept = before.slice(cursorBefore, edit.start);
    if (after.slice(cursorAfter, cursorAfter + kept.length) !== kept) throw new Error(`${what}: text before offset ${edit.start} changed`);
    cursorAfter += kept.length;
    if (after.slice(cursorAfter, cursorAfter + edit.newText.length) !== edit.newText) throw new Error(`${what}: the edit at ${edit.start} was not applied as written`);
    cursorAfter += edit.newText.length;
    cursorBefore = edit.end;
  }
  if (after.slice(cursorAfter) !== before.slice(cursorBefore)) throw new Error(`${what}: text after the last edit changed`);
}

export interface CheckResult {
  findings: number;
  fixes: number;
  ms: number;
}

/**
 * Lints the files and checks every property; throws (with a message a human can act on) when
 * one breaks. `fixAllTwice` also checks that fix-all reaches a fixed point in one call.
 */
export function checkProperties(sources: readonly SourceFile[], fixAllTwice = true): CheckResult {
  const options = defaultLintOptions();
  const texts = new Map(sources.map((source) => [source.uri, source.text]));
  const started = performance.now();
  let results: FileResult[];
  try {
    results = lintFiles(sources, options, {
      onRuleError(ruleId, error) {
        throw new Error(`rule ${ruleId} threw: ${(error as Error).stack}`);
      },
    });
  } catch (error) {
    throw new Error(`the engine threw: ${(error as Error).stack ?? error}`);
  }
  const ms = performance.now() - started;
  if (ms > hangGuardMs) throw new Error(`linting took ${Math.round(ms)} ms (guard ${hangGuardMs} ms)`);
  let findings = 0;
  let fixes = 0;
  const parses = !hasSyntaxError(results);
  for (const result of results) {
    for (const finding of result.findings) {
      findings++;
      const what = `${finding.ruleId} "${finding.message}"`;
      if (!knownRules.has(finding.ruleId)) throw new Error(`${what}: unknown rule id`);
      const text = texts.get(finding.uri);
      if (text === undefined) throw new Error(`${what}: reported in a file that was not linted: ${finding.uri}`);
      assertSpan(finding.span, text.length, what);
      for (const related of finding.related) {
        const relatedText = texts.get(related.uri);
        if (relatedText !== undefined) assertSpan(related.span, relatedText.length, `${what} related`);
      }
      for (const fix of finding.fixes) {
        fixes++;
        // Every fix is bounds-checked; re-linting is costly, so only the first ones of an input.
        if (fixes > maxRelintedFixes) {
          for (const change of fix.changes) for (const edit of change.edits) assertSpan(edit, change.create ? 0 : (texts.get(change.uri)?.length ?? 0), what);
          continue;
        }
        const fixedResults = checkFix(fix, texts, sources, `${what} fix "${fix.title}"`);
        if (fix.preferred && (parses || syntaxRules.has(finding.ruleId))) checkFixHelps(finding, fix, results, fixedResults, `${what} fix "${fix.title}"`);
      }
    }
  }
  const fixable = results.some((result) => result.findings.some((finding) => finding.fixes.some((fix) => fix.preferred)));
  if (fixAllTwice && fixable) {
    const once = fixAll(sources, options);
    const again = fixAll(
      [...once.texts].map(([uri, text]) => ({ uri, text, kind: sources.find((s) => s.uri === uri)?.kind })),
      options,
    );
    for (const [uri, text] of again.texts) {
      if (once.texts.get(uri) !== text) throw new Error(`fix-all is not idempotent on ${uri}:\nonce:  ${JSON.stringify(once.texts.get(uri))}\ntwice: ${JSON.stringify(text)}`);
    }
  }
  return { findings, fixes, ms };
}

/** Rules whose findings are lines the program skips: their fixes put those lines in force. */
const revealingRules = new Set(allRules.filter((rule) => rule.meta.revealsSkippedLines).map((rule) => rule.meta.id));

/** Rules that say the file does not parse. */
const syntaxRules = new Set(['json-syntax', 'yaml-syntax']);

/**
 * In a file that does not parse, other rules read a structure the parser guessed at, so only
 * the syntax rules' own fixes must clear their finding there. (Fix-all must still reach a
 * fixed point on such files.)
 */
function hasSyntaxError(results: readonly FileResult[]): boolean {
  return results.some((result) => result.findings.some((finding) => syntaxRules.has(finding.ruleId) && finding.severity === 'error'));
}

/** Where an offset of the text before the edits lies after them (inside an edit: its start, or its new end). */
function offsetAfter(offset: number, edits: readonly TextEdit[], side: 'start' | 'end'): number {
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.end <= offset) shift += edit.newText.length - (edit.end - edit.start);
    else if (edit.start < offset) return edit.start + shift + (side === 'start' ? 0 : edit.newText.length);
    else break;
  }
  return offset + shift;
}

/**
 * After the preferred fix: the finding is gone (or its rule reports less) and no rule reports
 * more errors. One exception: a value dockerd refuses to start on hides what it would mean
 * (`" osts"` renamed to `hosts` puts its list in force, `fd//` written as `tcp://fd` is then
 * judged as a TCP listener), so the fix of such a finding may reveal other rules' errors;
 * those carry their own fixes, which fix-all applies in its next pass. The same goes for the
 * lines systemd ignores (revealingRules): once the fix makes systemd read them, they are judged.
 * It may never make the file stop parsing.
 */
export function checkFixHelps(finding: Finding, fix: Fix, before: readonly FileResult[], after: readonly FileResult[], what: string): void {
  const ofRule = (results: readonly FileResult[]) => results.flatMap((result) => result.findings).filter((f) => f.ruleId === finding.ruleId);
  // The same finding is the same message where the fix left the finding's text; an identical
  // one elsewhere is another occurrence (a duplicate key the moved one had hidden).
  const edits = fix.changes.filter((change) => change.uri === finding.uri).flatMap((change) => change.edits);
  const place = { start: offsetAfter(finding.span.start, edits, 'start'), end: offsetAfter(finding.span.end, edits, 'end') };
  const same = ofRule(after).filter((f) => f.uri === finding.uri && f.message === finding.message && f.span.start <= place.end && place.start <= f.span.end);
  if (same.length > 0 && ofRule(after).length >= ofRule(before).length) throw new Error(`${what}: the finding is still reported after the fix`);
  const errorsBefore = errorCounts(before);
  for (const [ruleId, count] of errorCounts(after)) {
    if (ruleId === finding.ruleId || count <= (errorsBefore.get(ruleId) ?? 0)) continue;
    if ((finding.stopsDockerd || revealingRules.has(finding.ruleId)) && !syntaxRules.has(ruleId)) continue;
    throw new Error(`${what}: the fix adds a ${ruleId} error`);
  }
}

function checkFix(fix: Fix, texts: ReadonlyMap<string, string>, sources: readonly SourceFile[], what: string): FileResult[] {
  for (const change of fix.changes) {
    const before = change.create ? '' : texts.get(change.uri);
    if (before === undefined) throw new Error(`${what}: edits a file that is not loaded: ${change.uri}`);
    for (const edit of change.edits) assertSpan(edit, before.length, what);
  }
  let changed: Map<string, string>;
  try {
    changed = applyFix(texts, fix);
  } catch (error) {
    throw new Error(`${what}: does not apply: ${(error as Error).message}`);
  }
  for (const change of fix.changes) {
    assertOnlyEditedBytesChanged(change.create ? '' : texts.get(change.uri)!, change.edits, changed.get(change.uri)!, what);
  }
  const after: SourceFile[] = sources.map((source) => ({ ...source, text: changed.get(source.uri) ?? source.text }));
  for (const [uri, text] of changed) if (!texts.has(uri)) after.push({ uri, text });
  try {
    return lintFiles(after, defaultLintOptions(), {
      onRuleError(ruleId, error) {
        throw new Error(`rule ${ruleId} threw: ${(error as Error).message}`);
      },
    });
  } catch (error) {
    throw new Error(`${what}: linting the fixed text threw: ${(error as Error).message}`);
  }
}

/** One source of the kind, at the path where detection agrees with it; detected when not forced. */
export function sourceOf(kind: FileKind, text: string, forceKind = true): SourceFile {
  return { uri: uriOf(pathByKind[kind]), text, kind: forceKind ? kind : undefined };
}
