// Every rule ships with its documentation page and its fixture tests, and its metadata is
// complete: a rule that lacks one of them fails here.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { allRules } from '../server/src/engine/rules';
import { classificationLine, ruleIndexMarkdown, withClassification } from '../scripts/rule-index';

describe('rule catalog', () => {
  it('rule ids are unique and kebab-case', () => {
    const ids = allRules.map((rule) => rule.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it('docs/rules/README.md lists every rule (npm run gen:docs)', () => {
    assert.equal(readFileSync('docs/rules/README.md', 'utf8'), ruleIndexMarkdown());
  });
  for (const rule of allRules) {
    const { id } = rule.meta;
    it(`${id} has docs/rules/${id}.md with what, why, fix and sources`, () => {
      const path = `docs/rules/${id}.md`;
      assert.ok(existsSync(path), `${path} is missing`);
      const page = readFileSync(path, 'utf8');
      assert.ok(page.startsWith(`# ${id}`), `${path} must start with "# ${id}"`);
      for (const heading of ['## What it catches', '## Why it matters', '## How to fix', '## Sources']) {
        assert.ok(page.includes(heading), `${path} lacks "${heading}"`);
      }
      assert.equal(page, withClassification(page, rule.meta), `${path}: the CWE / CIS line is stale (npm run gen:docs)`);
      const line = classificationLine(rule.meta);
      if (line) assert.ok(page.includes(`\n\n${line}\n`), `${path} does not show ${line}`);
    });
    it(`${id} has fixture tests in test/rules/${id}.test.ts`, () => {
      const path = `test/rules/${id}.test.ts`;
      assert.ok(existsSync(path), `${path} is missing`);
      assert.ok(readFileSync(path, 'utf8').includes(`ruleTester('${id}'`), `${path} does not call ruleTester('${id}', ...)`);
    });
    it(`${id} metadata is complete`, () => {
      for (const field of ['title', 'summary', 'howToFix'] as const) assert.ok(rule.meta[field].length > 10, `${field} is too short`);
      assert.ok(rule.meta.kinds.length > 0);
    });
  }
});
