// Applying fixes: one fix to a set of texts, or "fix all" as ESLint does it — apply the
// preferred fixes that do not overlap, lint again, and repeat until nothing changes.

import type { LintOptions } from './config';
import { type SourceFile, lintFiles } from './lint';
import { applyEdits } from './text';
import type { Finding, Fix, TextEdit } from './types';

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

export interface FixAllResult {
  texts: Map<string, string>;
  /** How many fixes were applied, over all passes. */
  applied: number;
}

const maxPasses = 10;

/**
 * Applies the preferred fix of every finding (of `ruleId` only, when given) across the files,
 * pass after pass, until no fixable finding is left or nothing changes.
 */
export function fixAll(sources: readonly SourceFile[], options: LintOptions, ruleId?: string): FixAllResult {
  const texts = new Map(sources.map((source) => [source.uri, source.text]));
  const kinds = new Map(sources.map((source) => [source.uri, source.kind]));
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const current = [...texts].map(([uri, text]) => ({ uri, text, kind: kinds.get(uri) }));
    const findings = lintFiles(current, options).flatMap((result) => result.findings);
    const fixes = preferredFixes(findings, ruleId);
    const chosen = nonOverlapping(fixes, texts);
    if (chosen.length === 0) break;
    const editsByUri = new Map<string, TextEdit[]>();
    for (const fix of chosen) {
      for (const change of fix.changes) editsByUri.set(change.uri, [...(editsByUri.get(change.uri) ?? []), ...change.edits]);
    }
    let progressed = false;
    for (const [uri, edits] of editsByUri) {
      const before = texts.get(uri) ?? '';
      const after = applyEdits(before, edits);
      if (after !== before || !texts.has(uri)) progressed = true;
      texts.set(uri, after);
    }
    applied += chosen.length;
    if (!progressed) break;
  }
  return { texts, applied };
}

function preferredFixes(findings: Finding[], ruleId: string | undefined): Fix[] {
  return findings
    .filter((finding) => ruleId === undefined || finding.ruleId === ruleId)
    .map((finding) => finding.fixes.find((fix) => fix.preferred))
    .filter((fix): fix is Fix => fix !== undefined);
}

/** The fixes of one pass: each one whose edits touch nothing an earlier one already edits. */
function nonOverlapping(fixes: Fix[], texts: ReadonlyMap<string, string>): Fix[] {
  const taken: { uri: string; start: number; end: number }[] = [];
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    if (fix.changes.some((change) => change.create && texts.has(change.uri))) continue;
    const spans = fix.changes.flatMap((change) => change.edits.map((edit) => ({ uri: change.uri, start: edit.start, end: edit.end })));
    const clashes = spans.some((span) => taken.some((t) => t.uri === span.uri && span.start <= t.end && t.start <= span.end));
    if (clashes) continue;
    taken.push(...spans);
    chosen.push(fix);
  }
  return chosen;
}
