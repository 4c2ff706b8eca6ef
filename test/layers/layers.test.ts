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

/**
 * Client imports of server code that the client in this tree still has: the certificate flow
 * moves into the server (issue 17), and this list must shrink to nothing with it. The test
 * fails when a listed import is gone, so that the list cannot outlive the violation.
 */
const knownClientViolations: string[] = [
  'client/src/certs/command.ts -> server/src/engine/certs/files.ts',
  'client/src/certs/command.ts -> server/src/engine/certs/generate.ts',
  'client/src/certs/command.ts -> server/src/engine/certs/hosts.ts',
  'client/src/certs/command.ts -> server/src/engine/certs/instructions.ts',
  'client/src/certs/command.ts -> server/src/engine/certs/names.ts',
  'client/src/certs/command.ts -> server/src/engine/certs/wiring.ts',
  'client/src/certs/command.ts -> server/src/engine/document.ts',
  'client/src/certs/command.ts -> server/src/engine/lint.ts',
  'client/src/certs/command.ts -> server/src/engine/settings.ts',
  'client/src/certs/command.ts -> server/src/engine/surface-edit.ts',
  'client/src/certs/prompts.ts -> server/src/engine/certs/generate.ts',
  'client/src/language-client.ts -> server/src/lsp/code-cache.ts',
];

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
  it('every layer rule holds, and the known client violations are exactly those listed', async () => {
    const found = await violations();
    const client = found.filter((violation) => violation.rule.name === 'client-on-protocol-only').map((violation) => `${violation.from} -> ${violation.to}`);
    const others = found.filter((violation) => violation.rule.name !== 'client-on-protocol-only').map(describeViolation);
    assert.deepEqual(others, [], 'layer rules broken');
    assert.deepEqual(client.sort(), [...knownClientViolations].sort(), 'client imports of server code changed: update knownClientViolations (only ever shorter)');
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
