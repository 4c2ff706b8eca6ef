// Done-when of the systemd work: a drop-in with only ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375
// reports execstart-not-reset, tcp-without-tls and tcp-all-interfaces, and the preferred
// fixes (fixAll over every rule) give a drop-in that raises none of them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixAll } from '../../server/src/engine/fix';
import { lintCase, optionsOf, sourcesOf, uriOf } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const doneWhenDropIn = { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n' };
const doneWhenRules = ['execstart-not-reset', 'tcp-without-tls', 'tcp-all-interfaces'];

describe('Done-when: a drop-in with only ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375', () => {
  it('reports execstart-not-reset, tcp-without-tls and tcp-all-interfaces', () => {
    const found = new Set(lintCase(doneWhenDropIn).flatMap((result) => result.findings.map((f) => f.ruleId)));
    for (const rule of doneWhenRules) assert.ok(found.has(rule), `${rule} not reported`);
  });

  it('the preferred fixes (fixAll) give a drop-in that raises none of them', () => {
    const fixed = fixAll(sourcesOf(doneWhenDropIn), optionsOf({}));
    const text = fixed.texts.get(uriOf(dropIn))!;
    assert.match(text, /^\[Service\]\nExecStart=\nExecStart=\/usr\/bin\/dockerd /);
    const after = lintCase({ [dropIn]: text }).flatMap((result) => result.findings.map((f) => f.ruleId));
    for (const rule of doneWhenRules) assert.ok(!after.includes(rule), `${rule} still reported on:\n${text}`);
  });
});
