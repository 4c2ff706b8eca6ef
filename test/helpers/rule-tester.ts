// A rule's tests as a table, the way ESLint's RuleTester reads: `valid` cases that must stay
// silent, `invalid` cases with the expected findings (file, line, rule) and the files after
// the preferred fixes. Every fix of every invalid case is also applied and re-linted: the
// result must parse, lose the finding, and gain no new error.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type LintOptions, defaultLintOptions } from '../../server/src/engine/config';
import { applyFix, fixAll } from '../../server/src/engine/fix';
import { type FileResult, type SourceFile, lintFiles } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/engine/text';
import type { FileKind, Finding, Severity } from '../../server/src/engine/types';

/** Files by workspace-relative path, e.g. `{ 'etc/docker/daemon.json': '{...}' }`. */
export type Files = Record<string, string>;

export interface CaseOptions {
  /** Overrides of the default lint options (preset, per-rule levels, platform, engine version). */
  options?: Omit<Partial<LintOptions>, 'env'> & { env?: Partial<LintOptions['env']> };
  /** Forces the kind of every file, as `--kind` does. */
  kind?: FileKind;
}

export interface ValidCase extends CaseOptions {
  name: string;
  files: Files;
}

export interface ExpectedFinding {
  /** The file, when the case has several. */
  file?: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when it matters. */
  column?: number;
  severity?: Severity;
  /** A fragment or pattern the message must contain. */
  message?: string | RegExp;
}

export interface InvalidCase extends CaseOptions {
  name: string;
  files: Files;
  errors: ExpectedFinding[];
  /**
   * The files after applying this rule's preferred fixes (only the changed ones); null: no fix
   * changes the text. Required whenever the preferred fixes change the text (as in ESLint).
   */
  output?: Files | null;
}

export const workspaceRoot = 'file:///workspace/';

export function uriOf(path: string): string {
  return workspaceRoot + path;
}

export function pathOfUri(uri: string): string {
  return uri.startsWith(workspaceRoot) ? uri.slice(workspaceRoot.length) : uri;
}

export function sourcesOf(files: Files, kind?: FileKind): SourceFile[] {
  return Object.entries(files).map(([path, text]) => ({ uri: uriOf(path), text, kind }));
}

export function optionsOf(test: CaseOptions): LintOptions {
  const defaults = defaultLintOptions();
  return {
    ...defaults,
    ...test.options,
    env: { ...defaults.env, ...test.options?.env },
    rules: { ...defaults.rules, ...test.options?.rules },
  };
}

export function lintCase(files: Files, test: CaseOptions = {}): FileResult[] {
  return lintFiles(sourcesOf(files, test.kind), optionsOf(test), {
    onRuleError(ruleId, error) {
      throw new Error(`rule ${ruleId} threw: ${(error as Error).stack}`);
    },
  });
}

function findingsOf(results: readonly FileResult[], ruleId?: string): Finding[] {
  return results.flatMap((result) => result.findings).filter((finding) => ruleId === undefined || finding.ruleId === ruleId);
}

function describeFinding(finding: Finding, files: Files): string {
  const path = pathOfUri(finding.uri);
  const line = new LineIndex(files[path] ?? '').position(finding.span.start).line + 1;
  return `${path}:${line} ${finding.ruleId} ${finding.message}`;
}

/** Error-level findings per rule id, to tell whether a fix introduced a new problem. */
export function errorCounts(results: readonly FileResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findingsOf(results)) {
    if (finding.severity === 'error') counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  }
  return counts;
}

export interface CollectedCase extends CaseOptions {
  ruleId: string;
  name: string;
  valid: boolean;
  files: Files;
}

/**
 * Oracle tests (real dockerd, systemd-analyze) check every fixture of every rule. They set
 * this collector and import the rule test files: ruleTester then hands over its cases
 * instead of registering tests, so nothing runs twice.
 */
const collectorKey = Symbol.for('dockerd-lint.fixture-collector');

export async function collectFixtures(testFiles: readonly string[]): Promise<CollectedCase[]> {
  const collected: CollectedCase[] = [];
  (globalThis as Record<symbol, unknown>)[collectorKey] = collected;
  try {
    for (const file of testFiles) await import(file);
  } finally {
    delete (globalThis as Record<symbol, unknown>)[collectorKey];
  }
  return collected;
}

export function ruleTester(ruleId: string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const collector = (globalThis as Record<symbol, unknown>)[collectorKey] as CollectedCase[] | undefined;
  if (collector) {
    for (const test of cases.valid) collector.push({ ruleId, name: test.name, valid: true, files: test.files, kind: test.kind, options: test.options });
    for (const test of cases.invalid) collector.push({ ruleId, name: test.name, valid: false, files: test.files, kind: test.kind, options: test.options });
    return;
  }
  describe(ruleId, () => {
    for (const test of cases.valid) {
      it(`valid: ${test.name}`, () => {
        const found = findingsOf(lintCase(test.files, test), ruleId);
        assert.deepEqual(
          found.map((f) => describeFinding(f, test.files)),
          [],
          'expected no finding',
        );
      });
    }
    for (const test of cases.invalid) {
      it(`invalid: ${test.name}`, () => {
        const results = lintCase(test.files, test);
        const found = findingsOf(results, ruleId);
        const singleFile = Object.keys(test.files)[0];
        const actual = found.map((finding) => {
          const path = pathOfUri(finding.uri);
          const position = new LineIndex(test.files[path] ?? '').position(finding.span.start);
          return { finding, file: path, line: position.line + 1, column: position.character + 1 };
        });
        assert.equal(actual.length, test.errors.length, `expected ${test.errors.length} finding(s), got:\n${found.map((f) => describeFinding(f, test.files)).join('\n')}`);
        test.errors.forEach((expected, i) => {
          const got = actual[i];
          const where = `finding ${i + 1} (${describeFinding(got.finding, test.files)})`;
          assert.equal(got.file, expected.file ?? singleFile, `${where}: file`);
          assert.equal(got.line, expected.line, `${where}: line`);
          if (expected.column !== undefined) assert.equal(got.column, expected.column, `${where}: column`);
          if (expected.severity) assert.equal(got.finding.severity, expected.severity, `${where}: severity`);
          if (typeof expected.message === 'string') assert.ok(got.finding.message.includes(expected.message), `${where}: message lacks "${expected.message}"`);
          if (expected.message instanceof RegExp) assert.match(got.finding.message, expected.message, `${where}: message`);
        });

        const fixed = fixAll(sourcesOf(test.files, test.kind), optionsOf(test), ruleId);
        const changed: Files = {};
        for (const [uri, text] of fixed.texts) {
          const path = pathOfUri(uri);
          if (test.files[path] !== text) changed[path] = text;
        }
        if (test.output === undefined) {
          assert.deepEqual(changed, {}, `the preferred fixes change the text: the case must pin it with output: ${JSON.stringify(changed, null, 2)}`);
        } else {
          assert.deepEqual(changed, test.output ?? {}, 'files after the preferred fixes');
        }

        assertEveryFixIsSafe(test, results, ruleId);
      });
    }
  });
}

const severityRank: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Applies each fix of each finding of the rule alone, re-lints, and checks it helped and harmed nothing. */
function assertEveryFixIsSafe(test: InvalidCase, before: FileResult[], ruleId: string): void {
  const texts = new Map(Object.entries(test.files).map(([path, text]) => [uriOf(path), text]));
  const errorsBefore = errorCounts(before);
  const countBefore = findingsOf(before, ruleId).length;
  for (const finding of findingsOf(before, ruleId)) {
    for (const fix of finding.fixes) {
      const label = `fix "${fix.title}" of ${describeFinding(finding, test.files)}`;
      const changed = applyFix(texts, fix);
      const after: Files = { ...test.files };
      for (const [uri, text] of changed) after[pathOfUri(uri)] = text;
      const results = lintCase(after, test);
      // The same finding, or the rule still reporting the value the fix rewrote (same place, new
      // wording) at the same severity: a fix may lower a finding (loopback -> info), not just reword it.
      const line = (files: Files, f: Finding) => new LineIndex(files[pathOfUri(f.uri)] ?? '').position(f.span.start).line;
      const samePlace = (f: Finding) => f.span.start === finding.span.start && line(after, f) === line(test.files, finding);
      const stillThere = findingsOf(results, ruleId).filter(
        (f) => f.uri === finding.uri && (f.message === finding.message || (samePlace(f) && severityRank[f.severity] >= severityRank[finding.severity])),
      );
      assert.ok(findingsOf(results, ruleId).length < countBefore || stillThere.length === 0, `${label}: the finding is still reported`);
      for (const [rule, count] of errorCounts(results)) {
        if (rule === ruleId) continue;
        assert.ok(
          count <= (errorsBefore.get(rule) ?? 0),
          `${label}: introduces ${rule}:\n${findingsOf(results, rule)
            .map((f) => describeFinding(f, after))
            .join('\n')}`,
        );
      }
    }
  }
}
