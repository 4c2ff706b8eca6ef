// The systemd surface editor: edits only the words concerned, re-quotes per systemd's rules,
// and keeps continuation backslashes and spacing sane.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintText, parseFile } from '../../server/src/engine/lint';
import { defaultLintOptions } from '../../server/src/engine/config';
import type { ParsedFile } from '../../server/src/engine/document';
import { systemdEditor } from '../../server/src/engine/systemd/edit';
import { applyEdits } from '../../server/src/engine/text';

const uri = 'file:///etc/systemd/system/docker.service.d/override.conf';

function file(text: string, at = uri): ParsedFile {
  return parseFile({ uri: at, text })!;
}

function entry(parsed: ParsedFile, name: string, index = 0) {
  return parsed.dockerd[0].entries.filter((e) => e.name === name)[index];
}

function remove(text: string, name: string, index = 0): string {
  const parsed = file(text);
  return applyEdits(text, systemdEditor.removeEntry(parsed, entry(parsed, name, index)));
}

describe('systemd editor', () => {
  it('replaceValue: a plain word in place', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n';
    const parsed = file(text);
    const edits = systemdEditor.replaceValue(parsed, entry(parsed, 'hosts').valueSpan, 'tcp://127.0.0.1:2375');
    assert.equal(applyEdits(text, edits), '[Service]\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2375\n');
  });

  it('replaceValue: a value that needs quoting is quoted, and % and $ are doubled', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd --label=a\n';
    const parsed = file(text);
    const after = applyEdits(text, systemdEditor.replaceValue(parsed, entry(parsed, 'labels').valueSpan, 'team=a b 100% $x'));
    assert.equal(after, '[Service]\nExecStart=/usr/bin/dockerd "--label=team=a b 100%% $$x"\n');
    assert.equal(file(after).dockerd[0].entries[0].value, 'team=a b 100% $x');
  });

  it('replaceValue: inside an escaped word, the whole word is rewritten', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd --data-root=/srv/do\\x63ker\n';
    const parsed = file(text);
    const after = applyEdits(text, systemdEditor.replaceValue(parsed, entry(parsed, 'data-root').valueSpan, '/data'));
    assert.equal(after, '[Service]\nExecStart=/usr/bin/dockerd --data-root=/data\n');
  });

  it('removeEntry: inline, with the blank before it', () => {
    assert.equal(remove('[Service]\nExecStart=/usr/bin/dockerd -H fd:// --debug\n', 'hosts'), '[Service]\nExecStart=/usr/bin/dockerd --debug\n');
  });

  it('removeEntry: a flag alone on a continued line goes with its line', () => {
    assert.equal(remove('[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n  --debug\n', 'hosts'), '[Service]\nExecStart=/usr/bin/dockerd \\\n  --debug\n');
  });

  it('removeEntry: on the last line of a continuation, the backslash above goes too', () => {
    assert.equal(remove('[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd://\nType=notify\n', 'hosts'), '[Service]\nExecStart=/usr/bin/dockerd\nType=notify\n');
  });

  it('removeEntry: one letter of a short flag group', () => {
    assert.equal(remove('[Service]\nExecStart=/usr/bin/dockerd -Dl debug\n', 'debug'), '[Service]\nExecStart=/usr/bin/dockerd -l debug\n');
  });

  it('removeEntry: in DOCKER_OPTS, inside the quotes', () => {
    const text = 'DOCKER_OPTS="-H fd:// --debug"\n';
    const parsed = file(text, 'file:///etc/default/docker');
    assert.equal(applyEdits(text, systemdEditor.removeEntry(parsed, entry(parsed, 'hosts'))), 'DOCKER_OPTS="--debug"\n');
  });

  it('setOptions: appends after the anchor, booleans bare, others with "="', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --debug\n';
    const parsed = file(text);
    const edits = systemdEditor.setOptions(
      parsed,
      [
        { name: 'tlsverify', value: true },
        { name: 'tlscacert', value: '/etc/my certs/ca.pem' },
      ],
      entry(parsed, 'hosts'),
    );
    assert.equal(applyEdits(text, edits), '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --tlsverify "--tlscacert=/etc/my certs/ca.pem" --debug\n');
  });

  it('setOptions: an option already passed is changed in place', () => {
    const text = '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --tlsverify=false\n';
    const parsed = file(text);
    const edits = systemdEditor.setOptions(parsed, [{ name: 'tlsverify', value: true }], entry(parsed, 'hosts'));
    assert.equal(applyEdits(text, edits), '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2376 --tlsverify=true\n');
  });

  it('setOptions: without an anchor, after the dockerd command', () => {
    const text = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n';
    const edits = systemdEditor.setOptions(file(text), [{ name: 'live-restore', value: true }]);
    assert.equal(applyEdits(text, edits), '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --live-restore\n');
  });

  it('setOptions: a value that would need quotes inside DOCKER_OPTS gives no edit rather than a wrong one', () => {
    const text = 'DOCKER_OPTS="-H fd://"\n';
    const parsed = file(text, 'file:///etc/default/docker');
    assert.deepEqual(systemdEditor.setOptions(parsed, [{ name: 'data-root', value: '/srv/my docker' }]), []);
  });

  it('the fixed drop-in still parses to what the fix meant', () => {
    const text = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2375\n';
    const result = lintText({ uri, text }, defaultLintOptions())!;
    const fix = result.findings.find((f) => f.ruleId === 'tcp-without-tls')!.fixes[0];
    const after = applyEdits(text, fix.changes[0].edits);
    const entries = file(after).dockerd[0].entries.map((e) => [e.name, e.value]);
    assert.deepEqual(entries.slice(0, 3), [
      ['hosts', 'fd://'],
      ['hosts', 'tcp://0.0.0.0:2376'],
      ['tlsverify', true],
    ]);
  });
});
