// Every fix of every Compose fixture keeps the file valid against the Compose specification's
// JSON schema: a fix that produced a file `docker compose` rejects would be worse than none.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { applyFix } from '../../server/src/engine/fix';
import { collectFixtures, lintCase, uriOf } from '../helpers/rule-tester';

const specPath = resolve('schemas/reference/compose-spec.json');

/** The spec's validator; the spec names its draft-07 meta-schema by an https URL Ajv does not know (Ajv's default is draft-07). */
function compileSpec(): ValidateFunction {
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(specPath, 'utf8'));
  return new Ajv({ strict: false, allErrors: false }).compile(schema);
}

function validAgainst(validate: ValidateFunction, text: string): boolean {
  const documents = text.split(/^---$/m);
  return documents.every((document) => validate(parse(document, { merge: true }) ?? {}));
}

const composeRuleTests = readdirSync('test/rules')
  .filter((name) => name.endsWith('.test.ts'))
  .map((name) => resolve('test/rules', name));

it('fixed Compose files stay valid against compose-spec.json', async () => {
  const validate = compileSpec();
  const valid = (text: string) => validAgainst(validate, text);
  const cases = await collectFixtures([...composeRuleTests, resolve('test/surfaces/compose-dind.test.ts')]);
  let checkedFixes = 0;
  for (const test of cases) {
    if (test.valid) continue;
    const composeFiles = Object.entries(test.files).filter(([path]) => /ya?ml$/.test(path));
    if (composeFiles.length === 0) continue;
    // Only files that were valid before: a fix is not asked to repair the rest of a broken file.
    if (
      !composeFiles.every(([, text]) => {
        try {
          return valid(text);
        } catch {
          return false;
        }
      })
    )
      continue;
    const texts = new Map(Object.entries(test.files).map(([path, text]) => [uriOf(path), text]));
    for (const result of lintCase(test.files, { kind: test.kind, options: test.options })) {
      for (const finding of result.findings.filter((f) => f.ruleId === test.ruleId)) {
        for (const fix of finding.fixes) {
          for (const [uri, text] of applyFix(texts, fix)) {
            if (!/ya?ml$/.test(uri)) continue;
            assert.ok(valid(text), `${test.ruleId} / ${test.name}: fix "${fix.title}" gives a file the schema rejects:\n${text}\n${new Ajv().errorsText(validate.errors)}`);
            checkedFixes++;
          }
        }
      }
    }
  }
  assert.ok(checkedFixes >= 10, `only ${checkedFixes} fixes were checked`);
});
