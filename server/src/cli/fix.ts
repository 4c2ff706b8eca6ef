// `--fix`: writes the preferred fixes back, one file at a time, atomically (a temporary
// file in the same folder, renamed over the original, keeping its mode). A result that no
// longer parses, or that gains a finding that stops dockerd, is not written.

import { chmodSync, existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintOptions } from '../engine/config';
import { fixAll } from '../engine/fix';
import { type SourceFile, lintText } from '../engine/lint';
import type { FileKind } from '../engine/types';

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

function isUtf16(path: string): boolean {
  if (!existsSync(path)) return false;
  const head = readFileSync(path).subarray(0, 2);
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/** Applies fixAll to `sources` and writes the changed files; new files only inside `roots`. */
export function fixFiles(sources: readonly SourceFile[], options: LintOptions, roots: readonly string[]): FixOutcome {
  const outcome: FixOutcome = { written: [], refused: [] };
  const before = new Map(sources.map((source) => [source.uri, source]));
  const { texts } = fixAll(sources, options);
  for (const [uri, text] of texts) {
    const original = before.get(uri);
    if (original && original.text === text) continue;
    const path = fileURLToPath(uri);
    if (!original && !roots.some((root) => isInside(path, root))) {
      outcome.refused.push({ path, reason: 'a fix would create it outside the given folders' });
      continue;
    }
    const reason = isUtf16(path) ? 'it is UTF-16: --fix writes UTF-8 only and does not change a file\'s encoding' : unsafeFixReason(uri, original?.text, text, original?.kind, options);
    if (reason) {
      outcome.refused.push({ path, reason });
      continue;
    }
    try {
      writeAtomically(path, text, !original);
      outcome.written.push(path);
    } catch (error) {
      outcome.refused.push({ path, reason: (error as Error).message });
    }
  }
  return outcome;
}

function writeAtomically(givenPath: string, text: string, create: boolean): void {
  // A symlink given on the command line is fixed where it points, and stays a symlink.
  const path = create ? givenPath : realpathSync(givenPath);
  const mode = create ? undefined : statSync(path).mode & 0o7777;
  if (create) mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${basename(path)}.dockerd-lint-${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx', mode: mode ?? 0o644 });
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function isInside(path: string, root: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !rel.includes(`..${sep}`);
}
