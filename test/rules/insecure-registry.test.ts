import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFix } from '../../server/src/engine/fix';
import { lintCase, ruleTester, uriOf } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('insecure-registry', {
  valid: [
    { name: 'none', files: { [daemonJson]: '{"insecure-registries": []}' } },
    { name: 'a registry with TLS needs no entry', files: { [daemonJson]: '{"registry-mirrors": ["https://mirror.example.com"]}' } },
    {
      // dockerd itself always treats 127.0.0.0/8 (so localhost) as insecure: these entries change nothing.
      name: 'loopback registries dockerd already treats as insecure',
      files: { [daemonJson]: '{"insecure-registries": ["localhost:5000", "127.0.0.1:5000", "127.0.0.0/8", "127.1.2.0/24"]}' },
    },
    {
      name: 'the same on a drop-in',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --insecure-registry localhost:5000\n' },
    },
  ],
  invalid: [
    {
      name: 'a private registry: warning',
      files: { [daemonJson]: '{"insecure-registries": ["registry.internal:5000", "10.0.0.0/8"]}' },
      errors: [
        { line: 1, column: 26, severity: 'warning' },
        { line: 1, column: 52, severity: 'warning' },
      ],
      output: { [daemonJson]: '{}' },
    },
    {
      name: '::1 and a CIDR wider than 127.0.0.0/8 are not covered by the loopback default',
      files: { [daemonJson]: '{"insecure-registries": ["[::1]:5000", "126.0.0.0/7"]}' },
      errors: [
        { line: 1, column: 26, severity: 'warning' },
        { line: 1, column: 40, severity: 'error' },
      ],
      output: { 'etc/docker/daemon.json': '{}' },
    },
    {
      name: 'a CIDR covering everything',
      files: { [daemonJson]: '{\n  "insecure-registries": ["0.0.0.0/0"]\n}\n' },
      errors: [{ line: 2, severity: 'error', message: 'covers public internet addresses' }],
      output: { [daemonJson]: '{\n}\n' },
    },
    {
      name: 'a public registry host',
      files: { [daemonJson]: '{"insecure-registries": ["registry-1.docker.io", "192.168.1.10:5000"]}' },
      errors: [
        { line: 1, severity: 'error', message: 'registry on the public internet' },
        { line: 1, severity: 'warning' },
      ],
      output: { 'etc/docker/daemon.json': '{}' },
    },
    {
      name: 'a flag on a drop-in',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --insecure-registry=8.8.8.8:5000\n' },
      errors: [{ line: 3, severity: 'error', message: 'public internet address' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
  ],
});

describe('insecure-registry: removing one registry keeps the other lines as written', () => {
  /** The text after the preferred fix of the finding on `registry`. */
  function removing(text: string, registry: string): string {
    const findings = lintCase({ [daemonJson]: text })
      .flatMap((result) => result.findings)
      .filter((f) => f.ruleId === 'insecure-registry');
    const finding = findings.find((f) => text.slice(f.span.start, f.span.end) === JSON.stringify(registry));
    assert.ok(finding, `no finding on ${registry}`);
    const fix = finding.fixes.find((candidate) => candidate.preferred);
    assert.ok(fix, 'no preferred fix');
    return applyFix(new Map([[uriOf(daemonJson), text]]), fix).get(uriOf(daemonJson))!;
  }
  const list = (items: string[], eol = '\n') => ['{', '  "insecure-registries": [', ...items, '  ],', '  "debug": true', '}', ''].join(eol);

  it('the first of a list, one per line', () => {
    assert.equal(removing(list(['    "a.internal:5000",', '    "b.internal:5000",', '    "10.0.0.0/8"']), 'a.internal:5000'), list(['    "b.internal:5000",', '    "10.0.0.0/8"']));
  });
  it('the middle one', () => {
    assert.equal(removing(list(['    "a.internal:5000",', '    "b.internal:5000",', '    "10.0.0.0/8"']), 'b.internal:5000'), list(['    "a.internal:5000",', '    "10.0.0.0/8"']));
  });
  it('the last one takes the comma before it', () => {
    assert.equal(removing(list(['    "a.internal:5000",', '    "b.internal:5000",', '    "10.0.0.0/8"']), '10.0.0.0/8'), list(['    "a.internal:5000",', '    "b.internal:5000"']));
  });
  it('odd indentation and two per line stay as written', () => {
    assert.equal(removing(list(['      "a.internal:5000",  "b.internal:5000",', '   "10.0.0.0/8"']), 'a.internal:5000'), list(['      "b.internal:5000",', '   "10.0.0.0/8"']));
  });
  it("comments: the removed line's own comment goes, the others stay", () => {
    const before = list(['    // the lab', '    "a.internal:5000", // old lab', '    // the office', '    "b.internal:5000" // office']);
    assert.equal(removing(before, 'a.internal:5000'), list(['    // the lab', '    // the office', '    "b.internal:5000" // office']));
    assert.equal(removing(before, 'b.internal:5000'), list(['    // the lab', '    "a.internal:5000" // old lab', '    // the office']));
  });
  it('CRLF line endings', () => {
    assert.equal(removing(list(['    "a.internal:5000",', '    "b.internal:5000"'], '\r\n'), 'b.internal:5000'), list(['    "a.internal:5000"'], '\r\n'));
  });
  it('a list on one line', () => {
    assert.equal(removing('{"insecure-registries": ["a.internal:5000", "b.internal:5000", "c.internal:5000"]}', 'b.internal:5000'), '{"insecure-registries": ["a.internal:5000", "c.internal:5000"]}');
  });
});
