// The guard that keeps --fix from writing a file dockerd could not read, and the project
// configuration model the CLI and the editor share.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsafeFixReason } from '../../server/src/cli/fix';
import { defaultLintOptions, hostGroupOf, resolveConfig, withProjectConfig } from '../../server/src/engine/config';
import { checkProjectConfig, kindByGlobs, parseProjectConfig } from '../../server/src/engine/project-config';
import { serverTlsPaths } from '../../server/src/engine/certs/names';
import { effectiveConfig, checkEditorSettings } from '../../server/src/lsp/settings';

const uri = 'file:///w/etc/docker/daemon.json';

describe('unsafeFixReason', () => {
  it('accepts a fixed text that still parses', () => {
    assert.equal(unsafeFixReason(uri, '{ "hosts": ["tcp://0.0.0.0:2375"] }', '{ "hosts": ["tcp://127.0.0.1:2375"] }', undefined, defaultLintOptions()), undefined);
  });

  it('refuses a result with a new syntax error', () => {
    const reason = unsafeFixReason(uri, '{ "debug": true }', '{ "debug": true, }', undefined, defaultLintOptions());
    assert.match(reason ?? '', /would not parse or would stop dockerd \(json-syntax\)/);
  });

  it('does not blame a fix for a syntax error that was already there', () => {
    assert.equal(unsafeFixReason(uri, '{ "debug": true, }', '{ "debug": false, }', undefined, defaultLintOptions()), undefined);
  });

  it('refuses a result that is no longer recognised as its kind', () => {
    const foreign = 'file:///w/notes/daemon.json';
    const reason = unsafeFixReason(foreign, '{ "hosts": [] }', '{ "theme": "dark" }', undefined, defaultLintOptions());
    assert.match(reason ?? '', /no longer be recognised/);
  });
});

describe('project configuration', () => {
  it('reads comments and keeps the valid parts, naming what it dropped', () => {
    const { value, problems } = parseProjectConfig('// rules for CI\n{ "preset": "strict", "rules": { "privileged": "off", "icc-enabled": "loud" }, "platform": "bsd", "engineVersion": "27.1" }');
    assert.deepEqual(value, { preset: 'strict', rules: { privileged: 'off' }, engineVersion: '27.1' });
    assert.deepEqual(problems, ['"platform" must be one of linux, windows, auto', 'rule "icc-enabled": the level must be one of off, info, warning, error']);
  });

  it('unknown keys and rule ids are problems with a did-you-mean (issue 19 item 12)', () => {
    const { problems } = parseProjectConfig('{ "rule": {}, "rules": { "tcp-without-tsl": "off", "zzz": "off" }, "hostgroups": [] }');
    assert.deepEqual(problems, [
      'unknown key "rule" (did you mean "rules"?)',
      'unknown key "hostgroups" (did you mean "hostGroups"?)',
      'unknown rule "tcp-without-tsl" (did you mean "tcp-without-tls"?)',
      'unknown rule "zzz"',
    ]);
  });

  it('reads ignore entries: rule, optional path glob, reason required', () => {
    const { value, problems } = parseProjectConfig(
      '{ "ignore": [ { "rule": "docker-socket-mount", "path": "ci/**", "reason": "the runner needs it" }, { "rule": "privileged", "reason": "" }, { "rule": "privilegd", "reason": "x" } ] }',
    );
    assert.deepEqual(value.ignore, [{ rule: 'docker-socket-mount', path: 'ci/**', reason: 'the runner needs it' }]);
    assert.deepEqual(problems, ['"ignore[1]" must be { "rule": id, "path": glob (optional), "reason": text }', '"ignore[2]": unknown rule "privilegd" (did you mean "privileged"?)']);
  });

  it('layers options: later layers win, rule levels merge', () => {
    const options = withProjectConfig(defaultLintOptions(), { preset: 'strict', rules: { a: 'off', b: 'info' } }, { rules: { b: 'error' }, platform: 'windows' });
    assert.equal(options.preset, 'strict');
    assert.deepEqual(options.rules, { a: 'off', b: 'error' });
    assert.equal(options.env.platform, 'windows');
  });

  it("matches kind globs (dotfiles included) and anchors host groups at their file's folder, first group wins", () => {
    assert.equal(kindByGlobs('hosts/prod/dockerd.json', { 'daemon-json': ['hosts/*/dockerd.json'] }), 'daemon-json');
    assert.equal(kindByGlobs('.ci/compose.ci.yml', { compose: ['**/compose.*.yml'] }), 'compose');
    assert.equal(kindByGlobs('other.json', { 'daemon-json': ['hosts/**'] }), undefined);
    const { options } = resolveConfig({
      layers: [
        {
          options: {
            hostGroups: [
              { name: 'prod', files: ['prod/**'] },
              { name: 'all', files: ['**'] },
            ],
          },
          baseDir: '/w (copy)/[x]',
        },
      ],
      trusted: true,
    });
    const groupOf = (path: string) => hostGroupOf(`file://${path}`, path, options.hostGroups ?? []);
    assert.equal(groupOf('/w (copy)/[x]/prod/daemon.json'), 0);
    assert.equal(groupOf('/w (copy)/[x]/prod/docker.service.d/override.conf'), 0);
    assert.equal(groupOf('/w (copy)/[x]/dev/daemon.json'), 1);
    assert.equal(groupOf('/w (copy)/x/dev/daemon.json'), undefined);
  });

  it('rejects a configuration that is not an object', () => {
    assert.deepEqual(checkProjectConfig([1]).problems, ['the configuration must be a JSON object']);
  });
});

describe('editor settings', () => {
  it('settings override the project file; an untrusted workspace ignores the file and suppressions', () => {
    const settings = checkEditorSettings({ rules: { privileged: 'warning' }, tlsCertDirectory: '/srv/certs/' }).value;
    const project = { rules: { privileged: 'off' as const, 'icc-enabled': 'off' as const }, preset: 'strict' as const, ignore: [{ rule: 'privileged', reason: 'lab' }] };
    const trusted = effectiveConfig(settings, project, true);
    assert.deepEqual(trusted.options.rules, { privileged: 'warning', 'icc-enabled': 'off' });
    assert.equal(trusted.options.preset, 'strict');
    assert.equal(trusted.options.ignoreSuppressions, undefined);
    assert.deepEqual(trusted.options.env.tlsPaths, serverTlsPaths('/srv/certs'));
    assert.equal(trusted.options.env.tlsPaths?.tlscacert, '/srv/certs/ca.pem');
    const untrusted = effectiveConfig(settings, project, false);
    assert.deepEqual(untrusted.options.rules, { privileged: 'warning' });
    assert.equal(untrusted.options.preset, 'recommended');
    assert.equal(untrusted.options.ignoreSuppressions, true);
    assert.deepEqual(trusted.options.ignore, [{ rule: 'privileged', reason: 'lab' }]);
    assert.equal(untrusted.options.ignore, undefined, 'an untrusted folder records no exceptions');
  });

  it('defaults: enabled, syntax errors left to the editor', () => {
    const { value } = checkEditorSettings(undefined);
    assert.equal(value.enable, true);
    assert.equal(value.reportSyntaxErrors, false);
  });
});
