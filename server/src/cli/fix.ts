// `--fix`: writes the preferred fixes back, one file at a time (safe-write.ts says how). A
// result that no longer parses, or that gains a finding that stops dockerd, is not written.

import { fileURLToPath } from 'node:url';
import type { LintOptions } from '../engine/config';
import { fixAll } from '../engine/fix';
import { type SourceFile, lintText } from '../engine/lint';
import type { FileKind } from '../engine/types';
import { type WriteHooks, type WriteScope, WriteRefused, checkCreatable, createFile, replaceFile, snapshotForRewrite } from './safe-write';

export interface FixOutcome {
  written: string[];
  /** Paths left untouched, with the reason. */
  refused: { path: string; reason: string }[];
}

/**
 * Why a fixed text must not be written, or undefined when it is safe: it must still be of a
 * known kind and carry no more error-level findings of start-stopping rules than before.
 */
export function unsafeFixReason(uri: string, before: string | undefined, after: string, kind: FileKind | undefined, options: LintOptions): string | undefined {
  const stopping = (text: string) => {
    const result = lintText({ uri, text, kind }, options);
    if (!result) return undefined;
    const counts = new Map<string, number>();
    for (const finding of result.findings) {
      if (finding.severity === 'error' && finding.stopsDockerd) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
    }
    return counts;
  };
  const fixed = stopping(after);
  if (!fixed) return 'the fixed file would no longer be recognised';
  const original = before === undefined ? new Map<string, number>() : (stopping(before) ?? new Map<string, number>());
  for (const [ruleId, count] of fixed) {
    if (count > (original.get(ruleId) ?? 0)) return `the fixed file would not parse or would stop dockerd (${ruleId})`;
  }
  return undefined;
}

/**
 * Applies fixAll to `sources` and writes the changed files through safe-write: existing files
 * only under the real paths of `scope`, new files only under its folders. A fix can span files
 * (hosts moved from a unit to daemon.json), and half of one can stop dockerd: so every file is
 * checked first, and if any is refused, none is written.
 */
export function fixFiles(sources: readonly SourceFile[], options: LintOptions, scope: WriteScope, hooks: WriteHooks = {}): FixOutcome {
  const outcome: FixOutcome = { written: [], refused: [] };
  const before = new Map(sources.map((source) => [source.uri, source]));
  const { texts } = fixAll(sources, options);
  const planned: { path: string; write: () => void }[] = [];
  for (const [uri, text] of texts) {
    const original = before.get(uri);
    if (original && original.text === text) continue;
    const path = fileURLToPath(uri);
    attempt(path, outcome, () => {
      const reason = unsafeFixReason(uri, original?.text, text, original?.kind, options);
      if (reason) throw new WriteRefused(reason);
      if (original) {
        const snapshot = snapshotForRewrite(path, original.text, scope);
        planned.push({ path, write: () => replaceFile(snapshot, text, hooks) });
      } else {
        checkCreatable(path, scope);
        planned.push({ path, write: () => createFile(path, text, scope, hooks) });
      }
    });
  }
  if (outcome.refused.length > 0) {
    for (const { path } of planned) outcome.refused.push({ path, reason: 'not written either: fixes can span files, and another file of this run was refused' });
    return outcome;
  }
  for (const { path, write } of planned) {
    if (attempt(path, outcome, write)) outcome.written.push(path);
  }
  return outcome;
}

/** Runs `work` for `path`; a failure goes to `outcome.refused` with its reason. */
function attempt(path: string, outcome: FixOutcome, work: () => void): boolean {
  try {
    work();
    return true;
  } catch (error) {
    const { code, syscall, message } = error as NodeJS.ErrnoException;
    outcome.refused.push({ path, reason: error instanceof WriteRefused || !code ? message : `${code} (${syscall})` });
    return false;
  }
}
