// Oracle: toml-eslint-parser (the parser GitLab Runner's TOML dialect is checked with here)
// reads every fix result of a GitLab Runner config.toml. Fix-all with the strict preset on
// every runner fixture of the corpus and the rule cases must give a file that parses, whose
// data keeps every key and value it had (fixes only add keys or array items) and gains only
// the ones the fixes add.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import { lintFiles } from '../../server/src/engine/lint';

const corpus = join(__dirname, '..', 'corpus', 'gitlab-runner');
const uri = 'file:///workspace/etc/gitlab-runner/config.toml';

/** Every value of `before` is in `after` (an array of values may gain items, a table keys). */
function keeps(before: unknown, after: unknown, at: string): void {
  if (Array.isArray(before)) {
    assert.ok(Array.isArray(after), `${at} is still an array`);
    // An array of tables ([[runners]]) keeps its tables in order; an array of values keeps its values.
    if (before.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
      assert.equal(after.length, before.length, `${at} keeps its tables`);
      before.forEach((item, index) => keeps(item, after[index], `${at}[${index}]`));
      return;
    }
    for (const item of before)
      assert.ok(
        after.some((candidate) => JSON.stringify(candidate) === JSON.stringify(item)),
        `${at} keeps ${JSON.stringify(item)}`,
      );
    return;
  }
  if (before && typeof before === 'object' && !(before instanceof Date)) {
    assert.ok(after && typeof after === 'object', `${at} is still a table`);
    for (const [key, value] of Object.entries(before)) keeps(value, (after as Record<string, unknown>)[key], `${at}.${key}`);
    return;
  }
  assert.deepEqual(after, before, at);
}

describe('GitLab Runner fix results re-parse and keep their structure', () => {
  const cases = readdirSync(corpus).sort();
  for (const name of cases) {
    it(name, () => {
      const text = readFileSync(join(corpus, name, 'config.toml'), 'utf8');
      const options = { ...defaultLintOptions(), preset: 'strict' as const };
      const { texts, applied } = fixAll([{ uri, text }], options);
      const fixed = texts.get(uri)!;
      const before = getStaticTOMLValue(parseTOML(text));
      const after = getStaticTOMLValue(parseTOML(fixed));
      keeps(before, after, name);
      if (applied > 0) assert.notEqual(fixed, text);
      // The fixed file is still a runner's config, read without a syntax error.
      const [result] = lintFiles([{ uri, text: fixed }], options);
      assert.ok(!result.findings.some((finding) => finding.ruleId === 'analysis-limit'), result.findings.map((finding) => finding.message).join('\n'));
    });
  }

  it('fixes were applied somewhere (the test is not vacuous)', () => {
    const applied = cases.map((name) => fixAll([{ uri, text: readFileSync(join(corpus, name, 'config.toml'), 'utf8') }], { ...defaultLintOptions(), preset: 'strict' }).applied);
    assert.ok(
      applied.some((count) => count > 0),
      String(applied),
    );
  });
});
