// A rule that throws must not take the others down: the engine skips it, reports the
// failure once per lint run, and every other rule still reports.

import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import { allRules } from '../../server/src/engine/rules';
import type { Rule } from '../../server/src/engine/rules/types';
import { uriOf } from '../helpers/rule-tester';

const throwing: Rule = {
  meta: { id: 'test-throwing-rule', severity: 'error', title: 't', summary: 't', howToFix: 't', preset: 'recommended', fixable: false, kinds: ['daemon-json'] },
  scope: 'file',
  check() {
    throw new Error('injected failure');
  },
};

// The rule list is a plain array: the test adds its rule for the duration of this file only.
before(() => (allRules as Rule[]).unshift(throwing));
after(() => (allRules as Rule[]).splice(allRules.indexOf(throwing), 1));

it('a throwing rule is reported once and the other rules still report on every file', () => {
  const failures: string[] = [];
  const files = ['a', 'b', 'c'].map((host) => ({ uri: uriOf(`${host}/etc/docker/daemon.json`), text: '{"hosts": ["tcp://0.0.0.0:2375"]}' }));
  const results = lintFiles(files, defaultLintOptions(), { onRuleError: (ruleId, error) => failures.push(`${ruleId}: ${(error as Error).message}`) });
  assert.deepEqual(failures, ['test-throwing-rule: injected failure']);
  assert.equal(results.length, 3);
  for (const result of results) assert.ok(result.findings.some((finding) => finding.ruleId === 'tcp-without-tls'), result.uri);
});
