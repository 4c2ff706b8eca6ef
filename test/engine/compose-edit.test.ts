// The Compose surface editor and reporting through aliases: edits land on the written words,
// keep quoting and neighbours, decline what they cannot edit exactly; alias findings point at
// the use site with the anchor as related information.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeEditor } from '../../server/src/engine/compose/edit';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fileOfKind } from '../../server/src/engine/document';
import { lintText, parseFile } from '../../server/src/engine/lint';
import { applyEdits } from '../../server/src/engine/text';

const uri = 'file:///w/compose.yaml';

function fileOf(text: string) {
  const file = fileOfKind(parseFile({ uri, text }), 'compose');
  assert.ok(file, 'parsed as Compose');
  return file;
}

describe('Compose surface editor', () => {
  it('sets options in the command line of the flag it was asked about, not in another service', () => {
    const text =
      'services:\n  a:\n    image: docker:dind\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2376", "--tlscacert=/a/ca.pem"]\n' +
      '  b:\n    image: docker:dind\n    command: ["dockerd", "-H", "tcp://0.0.0.0:2375"]\n';
    const file = fileOf(text);
    const host = file.dockerd[1].entries.find((entry) => entry.name === 'hosts')!;
    const edited = applyEdits(text, composeEditor.setOptions(file, [{ name: 'tlscacert', value: '/b/ca.pem' }], host));
    assert.equal(edited, text.replace('"tcp://0.0.0.0:2375"]', '"tcp://0.0.0.0:2375", "--tlscacert=/b/ca.pem"]'));
  });

  it('removes a flag and its value from a command list, one item per line', () => {
    const text = 'services:\n  d:\n    image: docker:dind\n    command:\n      - dockerd\n      - -H\n      - tcp://0.0.0.0:2375\n      - --debug\n';
    const file = fileOf(text);
    const host = file.dockerd[0].entries.find((entry) => entry.name === 'hosts')!;
    const edited = applyEdits(text, composeEditor.removeEntry(file, host));
    assert.equal(edited, 'services:\n  d:\n    image: docker:dind\n    command:\n      - dockerd\n      - --debug\n');
  });

  it('removes a flag from a command string with its leading blank', () => {
    const text = 'services:\n  d:\n    image: x\n    command: "dockerd --tls=false --debug"  # keep\n';
    const file = fileOf(text);
    const tls = file.dockerd[0].entries.find((entry) => entry.name === 'tls')!;
    assert.equal(applyEdits(text, composeEditor.removeEntry(file, tls)), 'services:\n  d:\n    image: x\n    command: "dockerd --debug"  # keep\n');
  });

  it('replaces a flag value in a flow list, keeping the quotes', () => {
    const text = "services:\n  d:\n    image: x\n    entrypoint: ['dockerd', '--host=tcp://0.0.0.0:2375']\n";
    const file = fileOf(text);
    const host = file.dockerd[0].entries.find((entry) => entry.name === 'hosts')!;
    assert.equal(
      applyEdits(text, composeEditor.replaceValue(file, host.valueSpan, 'tcp://127.0.0.1:2375')),
      "services:\n  d:\n    image: x\n    entrypoint: ['dockerd', '--host=tcp://127.0.0.1:2375']\n",
    );
  });

  it('adds options after a flow-list anchor', () => {
    const text = 'services:\n  d:\n    image: x\n    command: [dockerd, "--host=tcp://0.0.0.0:2376"]\n';
    const file = fileOf(text);
    const host = file.dockerd[0].entries.find((entry) => entry.name === 'hosts')!;
    const edits = composeEditor.setOptions(file, [{ name: 'tlsverify', value: true }], host);
    assert.equal(applyEdits(text, edits), 'services:\n  d:\n    image: x\n    command: [dockerd, "--host=tcp://0.0.0.0:2376", "--tlsverify"]\n');
  });

  it('declines implied entries and folded scalars', () => {
    const implied = fileOf('services:\n  d:\n    image: docker:dind\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n');
    const entry = implied.dockerd[0].entries.find((candidate) => candidate.origin === 'implied')!;
    assert.deepEqual(composeEditor.removeEntry(implied, entry), []);
    assert.deepEqual(composeEditor.setOptions(implied, [{ name: 'tlsverify', value: true }], entry), []);
    const folded = fileOf('services:\n  d:\n    image: x\n    command: >\n      dockerd\n      -H tcp://0.0.0.0:2375\n');
    const host = folded.dockerd[0].entries.find((candidate) => candidate.name === 'hosts')!;
    assert.deepEqual(composeEditor.replaceValue(folded, host.valueSpan, 'tcp://127.0.0.1:2375'), []);
  });
});

describe('findings through aliases', () => {
  it('point at the alias use site, with the anchor as related information', () => {
    const text = 'x-sock: &sock /var/run/docker.sock:/var/run/docker.sock\nservices:\n  a:\n    image: x\n    volumes:\n      - *sock\n';
    const finding = lintText({ uri, text }, defaultLintOptions())!.findings.find((candidate) => candidate.ruleId === 'docker-socket-mount')!;
    assert.equal(text.slice(finding.span.start, finding.span.end), '*sock');
    assert.equal(finding.related.length, 1);
    assert.equal(text.slice(finding.related[0].span.start, finding.related[0].span.end), '/var/run/docker.sock');
    assert.match(finding.related[0].message, /&sock/);
  });
});
