// Completion and hover of dockerd flags in ExecStart= and DOCKER_OPTS, from the flag table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt, hoverAt } from '../../server/src/engine/editor-help';
import { parseFile } from '../../server/src/engine/lint';

const dropIn = 'file:///etc/systemd/system/docker.service.d/override.conf';

function at(text: string, marker = '|') {
  const offset = text.indexOf(marker);
  return { text: text.replace(marker, ''), offset };
}

describe('editor help for dockerd flags', () => {
  it('completes long flags after "--" in ExecStart=, replacing the partial word', () => {
    const { text, offset } = at('[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --tlsv|\n');
    const file = parseFile({ uri: dropIn, text })!;
    const items = completionsAt(file, offset);
    assert.deepEqual(
      items.map((i) => i.label),
      ['--tlsverify'],
    );
    assert.deepEqual(items[0].replace, { start: offset - 6, end: offset });
    assert.equal(items[0].insertText, '--tlsverify');
    assert.match(items[0].documentation!, /daemon.json key: `tlsverify`/);
  });

  it('value flags insert "=", short forms and repeatable values show in the detail', () => {
    const { text, offset } = at('[Service]\nExecStart=/usr/bin/dockerd --hos|\n');
    const items = completionsAt(parseFile({ uri: dropIn, text })!, offset);
    const host = items.find((i) => i.label === '--host')!;
    assert.equal(host.insertText, '--host=');
    assert.match(host.detail!, /-H/);
    assert.match(host.detail!, /repeatable/);
  });

  it('offers no Windows-only flags in a systemd unit', () => {
    const { text, offset } = at('[Service]\nExecStart=/usr/bin/dockerd --|\n');
    const labels = completionsAt(parseFile({ uri: dropIn, text })!, offset).map((i) => i.label);
    assert.ok(labels.includes('--iptables'));
    assert.ok(!labels.includes('--register-service'));
  });

  it('completes in DOCKER_OPTS of /etc/default/docker', () => {
    const { text, offset } = at('DOCKER_OPTS="--dns 8.8.8.8 --insecure-r|"\n');
    const items = completionsAt(parseFile({ uri: 'file:///etc/default/docker', text })!, offset);
    assert.deepEqual(
      items.map((i) => i.label),
      ['--insecure-registry'],
    );
  });

  it('offers nothing outside dockerd command lines', () => {
    const { text, offset } = at('[Service]\nExecStartPre=/bin/mkdir --|\nType=notify\n');
    assert.deepEqual(completionsAt(parseFile({ uri: dropIn, text })!, offset), []);
  });

  it('hovers a long flag with its value, description and platforms', () => {
    const { text, offset } = at('[Service]\nExecStart=/usr/bin/dockerd --tls|verify=false\n');
    const hover = hoverAt(parseFile({ uri: dropIn, text })!, offset)!;
    assert.equal(text.slice(hover.span.start, hover.span.end), '--tlsverify');
    assert.match(hover.markdown, /\*\*--tlsverify\*\*/);
    assert.match(hover.markdown, /platforms: linux, windows/);
  });

  it('hovers the letter of a short flag group', () => {
    const { text, offset } = at('[Service]\nExecStart=/usr/bin/dockerd -D|l debug\n');
    const hover = hoverAt(parseFile({ uri: dropIn, text })!, offset)!;
    assert.equal(text.slice(hover.span.start, hover.span.end), 'l');
    assert.match(hover.markdown, /--log-level, -l/);
  });

  it('no hover on an unknown flag or on a value', () => {
    const { text, offset } = at('[Service]\nExecStart=/usr/bin/dockerd --nope -H f|d://\n');
    assert.equal(hoverAt(parseFile({ uri: dropIn, text })!, offset), undefined);
  });
});
