// A rule that throws must not take the others down: the engine skips it, reports the
// failure once per lint run, and every other rule still reports. A fix that would corrupt
// the file is dropped the same way.

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

/** Offers one good fix and one whose edit runs past the end of the file. */
const corrupting: Rule = {
  meta: { id: 'test-corrupting-fix', severity: 'warning', title: 't', summary: 't', howToFix: 't', preset: 'recommended', fixable: true, kinds: ['daemon-json'] },
  scope: 'file',
  check(file, context) {
    const at = file.text.length;
    context.report({
      span: { start: 0, end: 1 },
      message: 'test finding',
      fixes: [
        { title: 'good', changes: [{ uri: file.uri, edits: [{ start: at, end: at, newText: '\n' }] }] },
        { title: 'past the end', preferred: true, changes: [{ uri: file.uri, edits: [{ start: at, end: at + 5, newText: '' }] }] },
        { title: 'backwards', changes: [{ uri: file.uri, edits: [{ start: 3, end: 0, newText: '' }] }] },
      ],
    });
  },
};

// The rule list is a plain array: the test adds its rules for the duration of this file only.
before(() => (allRules as Rule[]).unshift(throwing, corrupting));
after(() => {
  for (const rule of [throwing, corrupting]) (allRules as Rule[]).splice(allRules.indexOf(rule), 1);
});

it('a throwing rule is reported once and the other rules still report on every file', () => {
  const failures: string[] = [];
  const files = ['a', 'b', 'c'].map((host) => ({ uri: uriOf(`${host}/etc/docker/daemon.json`), text: '{"hosts": ["tcp://0.0.0.0:2375"]}' }));
  const results = lintFiles(files, defaultLintOptions(), { onRuleError: (ruleId, error) => failures.push(`${ruleId}: ${(error as Error).message}`) });
  assert.deepEqual(
    failures.filter((failure) => failure.startsWith('test-throwing-rule')),
    ['test-throwing-rule: injected failure'],
  );
  assert.equal(results.length, 3);
  for (const result of results)
    assert.ok(
      result.findings.some((finding) => finding.ruleId === 'tcp-without-tls'),
      result.uri,
    );
});

it('a fix whose edits fall outside the file is dropped, and its rule reported once', () => {
  const failures: string[] = [];
  const files = ['a', 'b'].map((host) => ({ uri: uriOf(`${host}/etc/docker/daemon.json`), text: '{"debug": true}' }));
  const results = lintFiles(files, defaultLintOptions(), { onRuleError: (ruleId, error) => failures.push(`${ruleId}: ${(error as Error).message}`) });
  assert.deepEqual(
    failures.filter((failure) => failure.startsWith('test-corrupting-fix')),
    ['test-corrupting-fix: fix "past the end" has an edit 15..20 outside file:///workspace/a/etc/docker/daemon.json (length 15)'],
  );
  for (const result of results) {
    const finding = result.findings.find((f) => f.ruleId === 'test-corrupting-fix');
    assert.deepEqual(
      finding?.fixes.map((fix) => fix.title),
      ['good'],
    );
  }
});
