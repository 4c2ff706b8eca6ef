// Issue 16 item 6: no regular expression of the engine backtracks super-linearly on file
// content. Every regex literal in server/src (collected by the TypeScript parser, so a new
// one is covered without a list to keep) runs in a child process against long runs of
// blanks, line breaks, slashes, letters, digits, quotes..., after each word the regex spells
// out, at n and 4n characters: the time may grow at most ~5x (linear is 4x, quadratic 16x).
// Regexes built at run time cannot be run here: they are listed and reviewed below. Shapes
// known to backtrack are also forbidden outright, so that they fail before they are timed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { engineRegexes } from './engine-regexes';
import { maxGrowthRatio } from './growth';
import type { Verdict } from './regex-guard-child';

/**
 * Each was read. systemd-syntax: fixed key names, no repetition that can overlap. workspace:
 * anchored, the lazy `(.*?/)?` stops at each slash once and every alternative after it is a
 * fixed path with `[^/]+` segments; it runs on file paths.
 */
const reviewedConstructed = [
  "engine/rules/systemd-syntax.ts new RegExp(`^[ \\\\t]*(${[...type.carriers].join('|')})[ \\\\t]*=`, 'm')",
  "engine/workspace.ts new RegExp(`^(.*?/)?(?:etc/docker/daemon\\\\.json|etc/default/docker|etc/sysconfig/docker|(?:${unitFolders.join('|')})/[^/]+\\\\.(?:service|socket)(?:\\\\.d/[^/]+\\\\.conf)?)$`)",
];

describe('regular expressions of the engine (issue 16 item 6)', () => {
  const { literals, constructed } = engineRegexes();

  it('are found in server/src', () => {
    assert.ok(literals.length > 100, `${literals.length} regex literals`);
  });

  it('built at run time: only the reviewed ones', () => {
    assert.deepEqual(
      constructed.map((where) => where.replace(/:\d+ /, ' ')),
      reviewedConstructed,
    );
  });

  it('none has a shape known to backtrack', () => {
    const risky = literals.flatMap((regex) => {
      const problems: string[] = [];
      // `^` in multiline mode followed by a repeated class that spans lines: every line start retries the whole run.
      if (regex.flags.includes('m') && /\^(?:\\s|\[[^\]]*\\[sn][^\]]*\])[*+]/.test(regex.source)) problems.push('a multiline ^ followed by a repeated class that spans lines');
      // A repeated group that itself ends in a repetition: `(a+)+`, `(\s*x*)*`.
      if (/[*+]\)[*+{]/.test(regex.source)) problems.push('a nested repetition');
      // A run to the end, not anchored at the start: a long run that does not reach the end is rescanned from each of its characters.
      if (!regex.source.startsWith('^') && /^(?:\\.|\[[^\]]*\]|[^\\[(])[*+]\$$/.test(regex.source)) problems.push('an unanchored run to the end (use trimEndOf)');
      return problems.map((problem) => `${regex.where} /${regex.source}/${regex.flags}: ${problem}`);
    });
    assert.deepEqual(risky, []);
  });

  it('grow linearly on pathological inputs', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'regex-guard-child.ts')], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
    const announced = child.stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('testing '));
    assert.equal(child.status, 0, `the guard did not finish (${child.signal ?? child.status}); the last regex it ran: ${announced.pop()}\n${child.stderr.slice(-1000)}`);
    const verdicts = JSON.parse(child.stdout) as Verdict[];
    assert.equal(verdicts.length, literals.length);
    const superLinear = verdicts
      .filter((verdict) => verdict.ratio > maxGrowthRatio)
      .map(
        (verdict) =>
          `${verdict.where} /${verdict.source}/${verdict.flags}: ${verdict.ratio.toFixed(1)}x for 4x the input (${verdict.smallMs.toFixed(2)} -> ${verdict.largeMs.toFixed(2)} ms on ${verdict.input})`,
      );
    assert.deepEqual(superLinear, []);
  });
});
