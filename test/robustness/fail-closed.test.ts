// Failing closed (issue 16, item 9): a file that dockerd-lint could not fully analyse must not
// pass. Nesting is counted on YAML structure, so a block scalar shaped like a staircase is
// text and the file is analysed; a file that really is too large makes the CLI exit non-zero,
// even when a repository's own .dockerd-lint.json turns analysis-limit off.

import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles, maxAnalysedLength, maxNestingDepth } from '../../server/src/engine/lint';
import { yamlNesting } from '../../server/src/engine/nesting';
import { uriOf } from '../helpers/rule-tester';
import { runCli, tree } from '../helpers/cli';

const dangerousStack = [
  'services:',
  '  dind:',
  '    image: docker:dind',
  '    privileged: true',
  '    environment:',
  '      DOCKER_TLS_CERTDIR: ""',
  '    ports:',
  '      - "2375:2375"',
  '  app:',
  '    image: alpine',
  '    volumes:',
  '      - /var/run/docker.sock:/var/run/docker.sock',
].join('\n');

/** A block scalar of 130 lines, each indented one space more: text to YAML, stairs to a line scan. */
const staircase = ['    command: |', ...Array.from({ length: 130 }, (_, i) => `${' '.repeat(6 + i)}step`)].join('\n');
const staircaseStack = `${dangerousStack}\n${staircase}\n`;
const expectedRules = ['dind-tls-disabled', 'docker-api-port-published', 'docker-socket-mount'];

describe('nesting is counted on YAML structure, not on block-scalar text', () => {
  it('a staircase block scalar: the file is analysed and its dangers found', () => {
    const [result] = lintFiles([{ uri: uriOf('project/compose.yaml'), text: staircaseStack }], defaultLintOptions());
    const rules = new Set(result.findings.map((finding) => finding.ruleId));
    assert.ok(!rules.has('analysis-limit'), 'the block scalar is text, not nesting');
    for (const rule of expectedRules) assert.ok(rules.has(rule), `${rule} is reported (got ${[...rules].join(', ')})`);
  });

  it('text in quoted and plain multi-line scalars does not count either; real block nesting still does', () => {
    const quoted = `a: "x\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}- y`).join('\n')}"\n`;
    assert.equal(yamlNesting(quoted, maxNestingDepth), undefined);
    const folded = `a: >-\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 2)}- - y`).join('\n')}\n`;
    assert.equal(yamlNesting(folded, maxNestingDepth), undefined);
    const deep = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.notEqual(yamlNesting(deep, maxNestingDepth), undefined, 'block maps 300 deep');
    const deepAfterScalar = `a: |\n  text\n${deep}`;
    assert.notEqual(yamlNesting(deepAfterScalar, maxNestingDepth), undefined, 'the scalar ends where its indentation does');
  });
});

describe('the CLI fails closed on a file it could not analyse', () => {
  it('the staircase Compose file exits 1 with the three findings', () => {
    const root = tree({ 'compose.yaml': staircaseStack });
    const { code, stdout } = runCli(['--format', 'json', '.'], root);
    const rules = (JSON.parse(stdout) as { messages: { ruleId: string }[] }[])[0].messages.map((m) => m.ruleId);
    for (const rule of expectedRules) assert.ok(rules.includes(rule), `${rule} in ${rules.join(', ')}`);
    assert.equal(code, 1);
  });

  it('a dangerous file padded past the size cap with a comment exits 3 (not analysed), an error', () => {
    const padded = `${dangerousStack}\n# ${'x'.repeat(maxAnalysedLength)}\n`;
    const root = tree({ 'compose.yaml': padded });
    const { code, stdout, stderr } = runCli(['.'], root);
    assert.equal(code, 3, stderr);
    assert.match(stdout, /error {4}This file is 5\.0 MB.*analysis-limit/);
  });

  it('a repository config that turns analysis-limit off does not make it pass', () => {
    const padded = `${dangerousStack}\n# ${'x'.repeat(maxAnalysedLength)}\n`;
    const root = tree({ 'compose.yaml': padded, '.dockerd-lint.json': '{ "rules": { "analysis-limit": "off" } }' });
    const { code, stderr } = runCli(['.'], root);
    assert.equal(code, 3);
    assert.match(stderr, /compose\.yaml was not analysed: This file is 5\.0 MB/);
  });

  it('a file nested too deep exits 3 too', () => {
    const root = tree({ 'etc/docker/daemon.json': `{"labels": ${'['.repeat(1000)}${']'.repeat(1000)}}` });
    assert.equal(runCli(['.'], root).code, 3);
  });

  it('--help documents exit status 3', () => {
    assert.match(runCli(['--help'], tmpdir()).stdout, /3 +at least one file could not be fully analysed/);
  });
});
