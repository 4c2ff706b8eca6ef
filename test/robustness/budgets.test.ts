// Issue 16 items 4 and 7, issue 19 item 11: every reader and rule is linear in its input.
// Each shape of hostile-shapes.ts is linted at n and 4n in child processes; time and peak
// RSS may grow at most ~5x (growth.ts). The tests of a budget's edge check what happens past
// it: analysis-limit, never a crash.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { type FileResult, lintFiles } from '../../server/src/engine/lint';
import { globProblem } from '../../server/src/engine/globs';
import { kindByGlobs, parseProjectConfig } from '../../server/src/engine/project-config';
import { maxExpandedLength } from '../../server/src/engine/systemd/env-expansion';
import { assertShapeLinear } from './growth';
import { hostileShapes } from './hostile-shapes';

const unitUri = 'file:///workspace/etc/systemd/system/docker.service';

function lintUnit(text: string): FileResult {
  const [result] = lintFiles([{ uri: unitUri, text }], defaultLintOptions());
  assert.ok(result, 'the unit was linted');
  return result;
}

function ruleIds(result: FileResult): string[] {
  return result.findings.map((finding) => finding.ruleId);
}

describe('systemd variable expansion is bounded (issue 16 item 4)', () => {
  it('a value used as ${A} past the budget: analysis-limit at the use that did not fit', () => {
    const value = 'x'.repeat(2_000);
    const text = `[Service]\nEnvironment="A=${value}"\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 ${'--label=${A} '.repeat(1_000)}\n`;
    const result = lintUnit(text);
    assert.deepEqual(ruleIds(result), ['analysis-limit']);
    assert.match(result.findings[0].message, /expand to more than 1 MB/);
    const at = result.findings[0].span.start;
    const uses = Math.floor(maxExpandedLength / (value.length + 9 + '--label='.length));
    assert.equal(text.slice(at, at + '--label=${A}'.length), '--label=${A}');
    assert.equal(at, text.indexOf('ExecStart=') + 'ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375 '.length + uses * '--label=${A} '.length);
  });

  it('$A as a whole word past the budget: analysis-limit', () => {
    const result = lintUnit(`[Service]\nEnvironment="A=${'x '.repeat(5_000)}"\nExecStart=/usr/bin/dockerd ${'$A '.repeat(100)}\n`);
    assert.deepEqual(ruleIds(result), ['analysis-limit']);
  });

  it('within the budget, uses are expanded as before', () => {
    const result = lintUnit(`[Service]\nEnvironment="A=tcp://0.0.0.0:2375" "B=-H tcp://0.0.0.0:2375"\nExecStart=/usr/bin/dockerd -H fd:// -H \${A} $B\n`);
    assert.ok(!ruleIds(result).includes('analysis-limit'));
    assert.ok(ruleIds(result).includes('tcp-without-tls'), ruleIds(result).join(', '));
  });

  it('${A} of 100 KB used 1,000 times (once 2.8 GB and a crash): linear', () => {
    assertShapeLinear('systemd ${VAR} used many times', hostileShapes['systemd ${VAR} used many times'].baseSize);
  });

  it('$A as a whole word (once out of memory at 93 KB): linear', () => {
    assertShapeLinear('systemd $VAR as whole words', hostileShapes['systemd $VAR as whole words'].baseSize);
  });
});

describe('no super-linear path in systemd and daemon.json (issue 16 item 7, issue 19 item 11)', () => {
  // Fixes were built per finding, each scanning every entry and word of the file.
  for (const shape of ['systemd -H tcp:// repeated', 'systemd Environment= hosts', 'systemd hosts in DOCKER_OPTS', 'env file hosts', 'daemon.json hosts']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }

  // Each command looked its file's machine up among all dockerd views.
  it(`${hostileShapes['systemd ; dockerd repeated'].about}: linear`, () => {
    assertShapeLinear('systemd ; dockerd repeated', hostileShapes['systemd ; dockerd repeated'].baseSize);
  });

  it('the fix for one of 2,000 TCP hosts still edits that host and adds TLS once', () => {
    const [source] = hostileShapes['systemd -H tcp:// repeated'].make(2_000);
    const [result] = lintFiles([source], defaultLintOptions());
    const tls = result.findings.filter((finding) => finding.ruleId === 'tcp-without-tls');
    assert.equal(tls.length, 2_000);
    const fix = tls[1_000].fixes.find((candidate) => /TLS client verification/.test(candidate.title));
    assert.ok(fix, tls[1_000].fixes.map((candidate) => candidate.title).join('; '));
    const edits = fix.changes[0].edits;
    assert.equal(source.text.slice(edits[0].start, edits[0].end), 'tcp://0.0.0.0:2375');
    assert.equal(edits[0].start, tls[1_000].span.start);
    assert.match(edits[1].newText, /^ --tlsverify --tlscacert=\S+ --tlscert=\S+ --tlskey=\S+$/);
  });
});

describe('no quadratic regular expression on file content (issue 16 item 6)', () => {
  for (const shape of ['systemd unit of blank lines', 'trailing slashes', 'suppression-like comments']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }

  it('a kinds glob of many "*" in one segment (`*a` x12 + `b`: over 60 s) is refused with a reason', () => {
    const glob = `${'*a'.repeat(12)}b`;
    const { value, problems } = parseProjectConfig(JSON.stringify({ kinds: { systemd: [glob, 'units/*.service'] }, hostGroups: [{ name: 'a', files: [glob, '**/x/**/y/**'] }] }));
    assert.deepEqual(value.kinds, { systemd: ['units/*.service'] });
    assert.deepEqual(value.hostGroups, [{ name: 'a', files: [] }]);
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[0], /"kinds\.systemd": the glob "\*a\*a.*" has more than 2 "\*" in one path segment: it is ignored/);
    assert.match(problems[2], /more than 2 "\*\*" segments/);
    assert.equal(kindByGlobs(`${'a'.repeat(200)}/units/docker.service`, value.kinds ?? {}), undefined);
  });

  it('globs within the limits still match; extglobs are plain text', () => {
    assert.equal(globProblem('hosts/*/etc/**/*.conf'), undefined);
    assert.equal(globProblem('**/docker*.service.d/*.conf'), undefined);
    assert.equal(kindByGlobs('hosts/prod/etc/systemd/x.conf', { systemd: ['hosts/*/etc/**/*.conf'] }), 'systemd');
    assert.equal(kindByGlobs('aaa', { systemd: ['+(a)'] }), undefined);
  });
});

describe('Compose: extends chains and flow maps (issue 16 items 4 and 7)', () => {
  const composeUri = 'file:///workspace/project/compose.yaml';

  it('an extends chain inheriting past the budget: analysis-limit at the first service past it', () => {
    const [source] = hostileShapes['Compose extends chain'].make(400);
    const [result] = lintFiles([source], defaultLintOptions());
    assert.deepEqual(ruleIds(result), ['analysis-limit']);
    assert.match(result.findings[0].message, /inherit more than 100,000 items \(service "s\d+" and after\)/);
  });

  it('a short chain still inherits: the published dind port of the base is judged once, on the base', () => {
    const text =
      'services:\n  base:\n    image: docker:dind\n    privileged: true\n    ports: ["2375:2375"]\n    environment: [DOCKER_TLS_CERTDIR=]\n  child:\n    extends: base\n  grandchild:\n    extends: child\n';
    const [result] = lintFiles([{ uri: composeUri, text }], defaultLintOptions());
    const published = result.findings.filter((finding) => finding.ruleId === 'docker-api-port-published');
    assert.ok(published.length >= 1, ruleIds(result).join(', '));
    assert.ok(published.every((finding) => text.slice(finding.span.start, finding.span.end).includes('2375')));
    assert.ok(!ruleIds(result).includes('analysis-limit'));
  });

  it(`${hostileShapes['Compose extends chain'].about}: linear`, () => {
    assertShapeLinear('Compose extends chain', hostileShapes['Compose extends chain'].baseSize);
  });

  it(`${hostileShapes['Compose flow map'].about} (40,000 keys: 14 s in yaml's duplicate-key check): linear`, () => {
    assertShapeLinear('Compose flow map', hostileShapes['Compose flow map'].baseSize);
  });

  it(`${hostileShapes['Compose clients of one plain dind'].about} (500: 16 s): linear`, () => {
    assertShapeLinear('Compose clients of one plain dind', hostileShapes['Compose clients of one plain dind'].baseSize);
  });

  it('a duplicate key in a flow map is still a yaml-syntax error, as yaml words it', () => {
    const text = 'services:\n  a:\n    image: nginx\n    environment: {A: 1, B: 2, A: 3}\n';
    const [result] = lintFiles([{ uri: composeUri, text }], defaultLintOptions());
    const syntax = result.findings.filter((finding) => finding.ruleId === 'yaml-syntax');
    assert.equal(syntax.length, 1, ruleIds(result).join(', '));
    assert.match(syntax[0].message, /Map keys must be unique/);
    assert.equal(syntax[0].span.start, text.lastIndexOf('A: 3'));
  });
});
