// Applying fixes: one fix to a set of texts, or "fix all" as ESLint does it — apply the
// preferred fixes that do not overlap, lint again, and repeat until nothing changes — with
// each pass judged on its outcome (fix-check.ts).

import type { LintOptions } from './config';
import { FixChecker, applyTogether } from './fix-check';
import { type SourceFile, lintFiles } from './lint';
import { applyEdits } from './text';
import type { Finding, Fix } from './types';

/** Applies one fix; returns the new texts of the files it changes (created files start empty). */
export function applyFix(texts: ReadonlyMap<string, string>, fix: Fix): Map<string, string> {
  const changed = new Map<string, string>();
  for (const change of fix.changes) {
    const before = changed.get(change.uri) ?? texts.get(change.uri) ?? (change.create ? '' : undefined);
    if (before === undefined) throw new Error(`fix "${fix.title}" edits a file that is not loaded: ${change.uri}`);
    changed.set(change.uri, applyEdits(before, change.edits));
  }
  return changed;
}

/** What "(fixable)" means in every output: `--fix` and fix-all would apply a fix (its preferred one). */
export function isFixable(finding: Finding): boolean {
  return finding.fixes.some((fix) => fix.preferred);
}

export interface FixAllResult {
  texts: Map<string, string>;
  /** How many fixes were applied, over all passes. */
  applied: number;
}

/** Enough for every fixable finding of a file to be fixed one at a time when fixes must not be combined. */
const maxPasses = 50;

/**
 * Applies the preferred fix of every finding (of `ruleId` only, when given) across the files,
 * pass after pass, until no fixable finding is left or no fix keeps its promise. A pass
 * applies the non-overlapping fixes together when their joint outcome passes the checks
 * (fix-check.ts); otherwise the first fix that passes alone. So the result is a fixed point:
 * fixing it again changes nothing, and none of its findings has a fix that would be applied.
 */
export function fixAll(sources: readonly SourceFile[], options: LintOptions, ruleId?: string): FixAllResult {
  const kinds = new Map(sources.map((source) => [source.uri, source.kind]));
  let texts = new Map(sources.map((source) => [source.uri, source.text]));
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const current = [...texts].map(([uri, text]) => ({ uri, text, kind: kinds.get(uri) }));
    const results = lintFiles(current, options);
    const candidates = fixableFindings(
      results.flatMap((result) => result.findings),
      ruleId,
    );
    if (candidates.length === 0) break;
    const checker = new FixChecker({ sources: current, options, results });
    const together = nonOverlapping(candidates);
    const step = [together, ...candidates.map((candidate) => [candidate])].find(
      (chosen) =>
        chosen.length > 0 &&
        !checker.problem(
          chosen.map((c) => c.fix),
          chosen.map((c) => c.finding),
        ),
    );
    if (!step) break;
    const next = applyTogether(
      texts,
      step.map((c) => c.fix),
    );
    if (typeof next === 'string') break;
    texts = next;
    applied += step.length;
  }
  return { texts, applied };
}

interface Candidate {
  finding: Finding;
  fix: Fix;
}

function fixableFindings(findings: Finding[], ruleId: string | undefined): Candidate[] {
  return findings.filter((finding) => ruleId === undefined || finding.ruleId === ruleId).flatMap((finding) => finding.fixes.filter((fix) => fix.preferred).map((fix) => ({ finding, fix })));
}

/** The fixes of one pass: each one whose edits touch nothing an earlier one already edits, nor a file it creates. */
function nonOverlapping(candidates: Candidate[]): Candidate[] {
  const taken: { uri: string; start: number; end: number }[] = [];
  const created = new Set<string>();
  const chosen: Candidate[] = [];
  for (const candidate of candidates) {
    const { changes } = candidate.fix;
    if (changes.some((change) => created.has(change.uri))) continue;
    const spans = changes.flatMap((change) => change.edits.map((edit) => ({ uri: change.uri, start: edit.start, end: edit.end })));
    const clashes = spans.some((span) => taken.some((t) => t.uri === span.uri && span.start <= t.end && t.start <= span.end));
    if (clashes) continue;
    taken.push(...spans);
    for (const change of changes) if (change.create) created.add(change.uri);
    chosen.push(candidate);
  }
  return chosen;
}
