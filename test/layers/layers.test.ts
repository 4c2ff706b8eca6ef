// The layer rules of .dependency-cruiser.cjs, run on the sources: engine at the bottom, the
// adapters (LSP server, CLI) above it, the client on protocol.ts only, rules on models only,
// no import cycles. A violation names the rule, the importing module and the imported one.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';

const require = createRequire(__filename);
const configuration = require('../../.dependency-cruiser.cjs');

/** dependency-cruiser is an ES module only: loaded with import(), not require. */
async function cruise(...args: Parameters<typeof import('dependency-cruiser').cruise>) {
  const { cruise: run } = await import('dependency-cruiser');
  return run(...args);
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: { name: string }[];
}

async function violations(): Promise<Violation[]> {
  const result = await cruise(['server/src', 'client/src'], { ...configuration.options, validate: true, ruleSet: { forbidden: configuration.forbidden } });
  const output = result.output as { summary: { violations: Violation[] } };
  return output.summary.violations;
}

function describeViolation(violation: Violation): string {
  const cycle = violation.cycle ? ` (cycle: ${violation.cycle.map((step) => step.name).join(' -> ')})` : '';
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}${cycle}`;
}

describe('layers (dependency-cruiser)', () => {
  it('every layer rule holds: engine pure, rules on models, client on protocol.ts only, no cycles', async () => {
    const found = await violations();
    assert.deepEqual(found.map(describeViolation), [], 'layer rules broken');
  });

  it('every path a rule names matches modules that exist (a renamed file cannot empty a rule)', async () => {
    const result = await cruise(['server/src', 'client/src'], { ...configuration.options });
    const modules = (result.output as { modules: { source: string }[] }).modules.map((module) => module.source);
    for (const name of ['rules-read-models', 'rules-edit-through-interfaces']) {
      const rule = configuration.forbidden.find((candidate: { name: string }) => candidate.name === name);
      for (const pattern of [rule.to.path].flat() as string[]) {
        assert.ok(
          modules.some((source) => new RegExp(pattern).test(source)),
          `${name}: no module matches ${pattern}`,
        );
      }
      assert.ok(modules.filter((source) => new RegExp(rule.from.path).test(source)).length >= 40, `${name}: the rules are not where it looks`);
    }
  });
});
