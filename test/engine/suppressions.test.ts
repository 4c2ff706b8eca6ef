// Suppressions: directives only from real comment tokens, reasons, the three forms, ignore
// entries, unused directives, and Restricted Mode (ignoreSuppressions) ignoring all of them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDirective } from '../../server/src/engine/suppressions';
import { lintCase } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const socketMount = '    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';

function ruleIds(files: Record<string, string>, options = {}): string[] {
  return lintCase(files, { options }).flatMap((result) => result.findings.map((finding) => finding.ruleId));
}

describe('suppression directives', () => {
  it('parses the three forms, rule lists and a reason after " -- "', () => {
    assert.deepEqual(parseDirective('# dockerd-lint-disable'), { form: 'file', rules: ['*'] });
    assert.deepEqual(parseDirective('# dockerd-lint-disable-line a, b -- reviewed in #12'), { form: 'line', rules: ['a', 'b'], reason: 'reviewed in #12' });
    assert.deepEqual(parseDirective('; dockerd-lint-disable-next-line a -- lab box -- behind a firewall'), { form: 'next-line', rules: ['a'], reason: 'lab box -- behind a firewall' });
    assert.deepEqual(parseDirective('#dockerd-lint-disable -- whole file, every rule'), { form: 'file', rules: ['*'], reason: 'whole file, every rule' });
    assert.deepEqual(parseDirective('# dockerd-lint-disable a--b'), { form: 'file', rules: ['a--b'] });
    assert.equal(parseDirective('# dockerd-lint-disable-file'), undefined);
    assert.equal(parseDirective('# see dockerd-lint-disable'), undefined);
  });

  it('a directive inside a YAML block scalar or a quoted string is text, not a comment (issue 16 item 10)', () => {
    const blockScalar = `services:\n  app:\n    image: alpine\n    healthcheck:\n      test: |\n        # dockerd-lint-disable\n        true\n${socketMount}`;
    assert.deepEqual(ruleIds({ [compose]: blockScalar }), ['docker-socket-mount']);
    const quoted = `services:\n  app:\n    image: alpine\n    command: "sh -c '# dockerd-lint-disable'"\n${socketMount}`;
    assert.deepEqual(ruleIds({ [compose]: quoted }), ['docker-socket-mount']);
    const folded = `x-doc: >-\n  # dockerd-lint-disable docker-socket-mount\nservices:\n  app:\n    image: alpine\n${socketMount}`;
    assert.deepEqual(ruleIds({ [compose]: folded }), ['docker-socket-mount']);
  });

  it('a real comment silences, in each form', () => {
    assert.deepEqual(ruleIds({ [compose]: `# dockerd-lint-disable docker-socket-mount -- CI runner\nservices:\n  app:\n    image: alpine\n${socketMount}` }), []);
    const nextLine = `services:\n  app:\n    image: alpine\n    volumes:\n      # dockerd-lint-disable-next-line docker-socket-mount -- CI runner\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
    assert.deepEqual(ruleIds({ [compose]: nextLine }), []);
    const sameLine = `services:\n  app:\n    image: alpine\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock # dockerd-lint-disable-line docker-socket-mount -- CI runner\n`;
    assert.deepEqual(ruleIds({ [compose]: sameLine }), []);
    const unit = '[Service]\nExecStart=\n# dockerd-lint-disable-next-line tcp-without-tls, tcp-all-interfaces -- lab\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2375\n';
    assert.deepEqual(ruleIds({ 'etc/systemd/system/docker.service.d/override.conf': unit }), []);
  });

  it('keeps silenced findings with their reason; unused directives are reported on request', () => {
    const text = `# dockerd-lint-disable privileged -- nothing privileged here\nservices:\n  app:\n    image: alpine\n    volumes:\n      # dockerd-lint-disable-next-line docker-socket-mount -- CI runner\n      - /var/run/docker.sock:/var/run/docker.sock\n`;
    const [result] = lintCase({ [compose]: text });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.suppressed.map((s) => [s.finding.ruleId, s.suppression]),
      [['docker-socket-mount', { kind: 'inSource', justification: 'CI runner' }]],
    );
    const [reported] = lintCase({ [compose]: text }, { options: { reportUnusedDirectives: 'error' } });
    assert.deepEqual(
      reported.findings.map((f) => [f.ruleId, f.severity, f.span.start]),
      [['unused-disable-directive', 'error', 0]],
    );
    assert.match(reported.findings[0].message, /no finding of "privileged"/);
    const [typo] = lintCase({ [compose]: `# dockerd-lint-disable docker-sock-mount\nservices:\n  app:\n    image: alpine\n${socketMount}` }, { options: { reportUnusedDirectives: 'error' } });
    assert.match(typo.findings.find((f) => f.ruleId === 'unused-disable-directive')!.message, /no rule "docker-sock-mount" \(did you mean "docker-socket-mount"\?\)/);
  });

  it('ignore entries silence a rule in the files they name, with their reason', () => {
    const files = { [compose]: `services:\n  app:\n    image: alpine\n${socketMount}`, 'other/compose.yaml': `services:\n  app:\n    image: alpine\n${socketMount}` };
    const results = lintCase(files, { options: { ignore: [{ rule: 'docker-socket-mount', path: '/workspace/compose.yaml', reason: 'the CI runner needs it' }] } });
    assert.deepEqual(
      results.map((r) => [r.findings.map((f) => f.ruleId), r.suppressed.map((s) => s.suppression)]),
      [
        [[], [{ kind: 'external', justification: 'the CI runner needs it' }]],
        [['docker-socket-mount'], []],
      ],
    );
  });

  it('Restricted Mode (ignoreSuppressions) ignores comments and ignore entries alike', () => {
    const text = `# dockerd-lint-disable\nservices:\n  app:\n    image: alpine\n${socketMount}`;
    const ignore = [{ rule: '*', reason: 'everything' }];
    assert.deepEqual(ruleIds({ [compose]: text }, { ignore }), []);
    assert.deepEqual(ruleIds({ [compose]: text }, { ignore, ignoreSuppressions: true, reportUnusedDirectives: 'error' }), ['docker-socket-mount']);
  });
});
