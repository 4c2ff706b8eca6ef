// Which files are dockerd's daemon.json when the name alone does not say (issue 19 item 6):
// outside a docker/ folder, a daemon.json counts when at least half of its top-level keys are
// dockerd's, a key a small edit away from one (a typo) included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { detectKind, skippedBecause } from '../../server/src/engine/detect';
import { lintText, whySkipped } from '../../server/src/engine/lint';

const outside = 'file:///srv/app/daemon.json';

describe('daemon.json outside a docker/ folder', () => {
  it("a file whose only key is a misspelt dockerd key is dockerd's, and the typo is reported", () => {
    const text = '{"hostz": ["tcp://0.0.0.0:2375"]}';
    assert.equal(detectKind(outside, text), 'daemon-json');
    const result = lintText({ uri: outside, text }, defaultLintOptions());
    assert.equal(result?.kind, 'daemon-json');
    assert.match(result!.findings.find((finding) => finding.ruleId === 'unknown-key')?.message ?? '', /hosts/);
  });

  it('misspelt and exact keys count together', () => {
    assert.equal(detectKind(outside, '{"log-levle": "debug", "debugg": true, "theme": "dark"}'), 'daemon-json');
  });

  it('a short key two edits from a dockerd key is not taken for a typo of it', () => {
    assert.equal(detectKind(outside, '{"log": "x", "level": 2}'), undefined);
  });

  it("another program's daemon.json stays unrecognised, and says why", () => {
    const text = '{"theme": "dark", "font": "mono", "hosts": ["tcp://0.0.0.0:2375"]}';
    assert.equal(detectKind(outside, text), undefined);
    assert.match(skippedBecause(outside, text), /1 of its 3 top-level keys/);
    assert.match(skippedBecause('file:///srv/app/notes.txt', 'hello'), /no kind dockerd-lint reads/);
  });

  it('a file nesting too deep is not parsed to say why it was skipped (no stack overflow)', () => {
    const text = `{"a": ${'['.repeat(300000)}${']'.repeat(300000)}}`;
    assert.match(whySkipped({ uri: outside, text }), /nests more than 256 levels/);
  });

  it('a file of many unknown keys is not recognised (typos are looked for in a bounded number of keys)', () => {
    const keys = Array.from({ length: 20000 }, (_, i) => `"${'x'.repeat(30)}${i}": 1`);
    assert.equal(detectKind(outside, `{${keys.join(',')}}`), undefined);
  });
});
