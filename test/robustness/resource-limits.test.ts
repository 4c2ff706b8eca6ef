// Resource bombs: each must end in bounded time and memory with a clear finding (or, for a
// file that is big but ordinary, a normal analysis). Memory is judged by the growth of the
// heap with a generous cap; the wall-clock guard only catches hangs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { defaultLintOptions } from '../../server/src/engine/config';
import { type FileResult, type SourceFile, lintFiles, maxNestingDepth } from '../../server/src/engine/lint';
import { jsonNesting, yamlNesting } from '../../server/src/engine/nesting';
import { uriOf } from '../helpers/rule-tester';
import { hangGuardMs } from '../fuzz/harness';

const memoryCapBytes = 1024 * 1024 * 1024;

function lintBounded(source: SourceFile): FileResult {
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const [result] = lintFiles([source], defaultLintOptions(), {
    onRuleError(ruleId, error) {
      throw new Error(`rule ${ruleId} threw: ${(error as Error).message}`);
    },
  });
  const ms = performance.now() - started;
  const grown = process.memoryUsage().heapUsed - heapBefore;
  assert.ok(ms < hangGuardMs, `took ${Math.round(ms)} ms`);
  assert.ok(grown < memoryCapBytes, `the heap grew by ${Math.round(grown / 1048576)} MB`);
  assert.ok(result, 'the file was linted');
  return result;
}

function limitFinding(result: FileResult, pattern: RegExp): void {
  const limits = result.findings.filter((finding) => finding.ruleId === 'analysis-limit');
  assert.equal(limits.length, 1, `one analysis-limit finding, got: ${result.findings.map((f) => f.ruleId).join(', ')}`);
  assert.match(limits[0].message, pattern);
  assert.equal(result.findings.length, 1, 'the other rules stay silent');
}

const daemonJson = uriOf('etc/docker/daemon.json');
const compose = uriOf('project/compose.yaml');

describe('resource bombs', () => {
  it('daemon.json nested 100,000 arrays deep: too deep to analyse, no stack overflow', () => {
    const text = `{"labels": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    limitFinding(lintBounded({ uri: daemonJson, text }), /nests more than 256 levels/);
  });

  it('a deep daemon.json outside a docker/ folder: content detection does not parse it', () => {
    const text = `{"debug": ${'{"a": '.repeat(50_000)}1${'}'.repeat(50_000)}}`;
    const results = lintFiles([{ uri: uriOf('elsewhere/daemon.json'), text }], defaultLintOptions());
    assert.deepEqual(results, [], 'not recognised as dockerd config by name alone, and no crash');
  });

  it('Compose flow collections nested 100,000 deep: too deep to analyse (yaml would abort the process)', () => {
    const text = `services:\n  a:\n    command: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    limitFinding(lintBounded({ uri: compose, text, kind: 'compose' }), /nests more than 256 levels/);
  });

  it('Compose block sequences nested 10,000 deep (- - - ...): too deep to analyse', () => {
    const text = `services:\n  a:\n    command:\n      ${'- '.repeat(10_000)}x\n`;
    limitFinding(lintBounded({ uri: compose, text, kind: 'compose' }), /nests more than 256 levels/);
    const beforeComment = `services:\n  a:\n    volumes:\n${'- '.repeat(2_517)}      # a note\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
    limitFinding(lintBounded({ uri: compose, text: beforeComment, kind: 'compose' }), /nests more than 256 levels/);
    const indented = `services:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 + i)}k${i}:`).join('\n')} x\n`;
    limitFinding(lintBounded({ uri: compose, text: indented, kind: 'compose' }), /nests more than 256 levels/);
  });

  it('a 50 MB file: too large to analyse', () => {
    const text = `{"labels": [${'"team=blue",'.repeat(4_600_000)}"x"]}`;
    assert.ok(text.length > 50_000_000);
    limitFinding(lintBounded({ uri: daemonJson, text }), /This file is 5\d\.\d MB: dockerd-lint analyses files up to 5 MB/);
  });

  it('a line of 10 MB: too large to analyse', () => {
    const text = `{"data-root": "${'a'.repeat(10 * 1024 * 1024)}"}`;
    limitFinding(lintBounded({ uri: daemonJson, text }), /10\.0 MB/);
  });

  it('a YAML alias bomb (billion laughs) is analysed without expanding it', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const previous = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const text = `x-bomb:\n${levels.map((line) => `  ${line}`).join('\n')}\nservices:\n  app:\n    image: nginx\n    environment: *j\n    labels:\n      <<: *j\n`;
    lintBounded({ uri: compose, text, kind: 'compose' });
  });

  // 100,000 services take minutes on a loaded 2-core machine (the yaml parse alone): the README
  // records that run; the test keeps a size that fits in npm test on such a machine.
  it('5,000 services in one Compose file are analysed in bounded time and memory', () => {
    const services = Array.from({ length: 5_000 }, (_, i) => `  s${i}:\n    image: nginx\n    ports: ["${i % 60000}:80"]\n`).join('');
    const text = `services:\n${services}`;
    assert.ok(text.length < 5 * 1024 * 1024, 'under the size limit, so it is really analysed');
    lintBounded({ uri: compose, text, kind: 'compose' });
  });
});

describe('nesting scans count as the parsers do', () => {
  const limit = 3;
  it('JSON: brackets in strings and comments do not count; a line break ends a broken string', () => {
    assert.equal(jsonNesting('{"a": "[[[[[[[["}', limit), undefined);
    assert.equal(jsonNesting('{"a": 1 /* [[[[[[ */, "b": // {{{{{{\n 2}', limit), undefined);
    assert.equal(jsonNesting('{"a": "\\"[[[[[["}', limit), undefined);
    assert.equal(jsonNesting('{"a": "x\n[[[[]]]]', limit), 11);
    assert.equal(jsonNesting('[[[]]] [[[]]] {"a": [[]]}', limit), undefined);
    assert.equal(jsonNesting('[[[[', limit), 3);
  });
  it('YAML blocks: indentation levels and compact items count, blank and comment lines do not', () => {
    assert.equal(yamlNesting('a:\n  b:\n   c: 1\n', 6), undefined);
    assert.equal(yamlNesting('a:\n  b:\n    c:\n      d: 1\n', 6), 21);
    assert.equal(yamlNesting('- - - x\n', 6), 6);
    assert.equal(yamlNesting('a:\n\n# - - - - - -\n  b: 1\n', 6), undefined);
    // Found by fuzzing: items followed by a comment, or by nothing, still nest (yaml overflowed on 2,517).
    assert.equal(yamlNesting('- - - # x\n', 6), 6);
    assert.equal(yamlNesting('- - - ', 6), 6);
  });
  it('YAML: quoted scalars and comments do not count; flow collections do', () => {
    assert.equal(yamlNesting('a: \'[[[[[[\'\nb: "{{{{{{"\n# [[[[[[\n', limit), undefined);
    assert.equal(yamlNesting('a: [[[ ]]]\nb: {c: [[]]}\n', limit), undefined);
    assert.equal(yamlNesting('a: [[[ ]]]\nb: {c: [[{}]]}\n', limit), 20);
    assert.equal(yamlNesting('a: [[[[]]]]\n', limit), 6);
    // A plain scalar in block context may hold brackets: yaml reads them as text.
    assert.equal(yamlNesting('a: x [[[[[[\n', limit), undefined);
  });
  it('the limit is far above real files and far below what overflows the parsers', () => {
    assert.ok(maxNestingDepth >= 64 && maxNestingDepth <= 1000);
    // yaml composes 256 levels without trouble.
    assert.equal(parseAllDocuments(`a: ${'['.repeat(maxNestingDepth)}${']'.repeat(maxNestingDepth)}`)[0].errors.length, 0);
  });
});
