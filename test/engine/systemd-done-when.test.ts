// Done-when of the systemd work: a drop-in with only ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375
// reports execstart-not-reset, tcp-without-tls and tcp-all-interfaces, and the preferred
// fixes (fixAll over every rule) give a drop-in that raises neither of the first two. The
// listener on every interface stays (issue 15: the preferred fix keeps the access the files
// show in use); tcp-all-interfaces then only offers binding to loopback, never applied.
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
    const after = lintCase({ [dropIn]: text }).flatMap((result) => result.findings);
    for (const rule of doneWhenRules.filter((id) => id !== 'tcp-all-interfaces')) assert.ok(!after.some((f) => f.ruleId === rule), `${rule} still reported on:\n${text}`);
    assert.match(text, /-H tcp:\/\/0\.0\.0\.0:2376 --tlsverify /);
    const everyInterface = after.filter((f) => f.ruleId === 'tcp-all-interfaces');
    assert.equal(everyInterface.length, 1);
    assert.ok(
      everyInterface[0].fixes.every((fix) => !fix.preferred),
      'binding to loopback is offered, not preferred',
    );
  });
});
