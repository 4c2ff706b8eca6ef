// The CLI as users run it: `node dist/cli.js` on temporary folders, checking exit codes,
// output formats (json exactly, SARIF against the official 2.1.0 schema), --fix, --kind,
// configuration files, and the file walk's limits.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { rulesById } from '../../server/src/engine/rules';
import { cliPath, runCli, tree } from '../helpers/cli';

function json(args: string[], cwd: string) {
  const result = runCli(['--format', 'json', ...args], cwd);
  return { ...result, files: JSON.parse(result.stdout) as { filePath: string; kind: string; messages: Record<string, unknown>[] }[] };
}

const daemonJson = 'etc/docker/daemon.json';
const openTcp = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';
const withTls = JSON.stringify({ hosts: ['tcp://0.0.0.0:2376'], tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/cert.pem', tlskey: '/etc/docker/key.pem' }, null, 2);

describe('dockerd-lint CLI: exit codes and formats', () => {
  it('exits 0 without error-level findings and prints a summary', () => {
    const root = tree({ [daemonJson]: '{ "debug": true }\n' });
    const { code, stdout } = runCli(['.'], root);
    assert.equal(code, 0);
    assert.match(stdout, /^1 file checked: 0 error\(s\), 0 warning\(s\), 0 info\.$/m);
  });

  it('exits 1 with an error-level finding; text shows file, line:col, severity, message, rule, fixable', () => {
    const root = tree({ [daemonJson]: openTcp });
    const { code, stdout } = runCli(['.'], root);
    assert.equal(code, 1);
    assert.match(stdout, /^etc\/docker\/daemon\.json \(daemon-json\)$/m);
    assert.match(stdout, /^ {2}2:13 {2}error {4}dockerd listens on tcp:\/\/0\.0\.0\.0:2375 .* tcp-without-tls \(fixable\)$/m);
  });

  it('--format json prints exactly the documented shape', () => {
    const root = tree({ [daemonJson]: openTcp });
    const { code, files } = json(['.'], root);
    assert.equal(code, 1);
    assert.equal(files.length, 1);
    assert.deepEqual(Object.keys(files[0]), ['filePath', 'kind', 'messages']);
    assert.equal(files[0].filePath, join(root, daemonJson));
    assert.equal(files[0].kind, 'daemon-json');
    const message = files[0].messages.find((m) => m.ruleId === 'tcp-without-tls')!;
    for (const other of files[0].messages) assert.deepEqual(Object.keys(other), Object.keys(message));
    assert.deepEqual(Object.keys(message), ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
    assert.deepEqual({ ...message, message: undefined }, { ruleId: 'tcp-without-tls', severity: 'error', message: undefined, line: 2, column: 13, endLine: 2, endColumn: 33, fixable: true });
  });

  it('exits 2 on usage errors, with the message on stderr', () => {
    const root = tree({ [daemonJson]: openTcp });
    for (const args of [[], ['--format', 'xml', '.'], ['--kind', 'dockerfile', '.'], ['--preset', 'paranoid', '.'], ['--platform', 'mac', '.'], ['--engine-version', 'latest', '.'], ['--nope', '.']]) {
      const { code, stdout, stderr } = runCli(args, root);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, /^dockerd-lint: /);
    }
  });

  it('exits 2 on a path that does not exist or cannot be read', () => {
    const root = tree({});
    symlinkSync('loop', join(root, 'loop'));
    for (const path of ['missing.json', 'loop']) {
      const { code, stderr } = runCli([path], root);
      assert.equal(code, 2, path);
      assert.match(stderr, /dockerd-lint: .*(ENOENT|ELOOP)/);
    }
    if (process.getuid?.() !== 0) {
      writeFileSync(join(root, 'daemon.json'), openTcp);
      chmodSync(join(root, 'daemon.json'), 0o000);
      assert.equal(runCli(['daemon.json'], root).code, 2, 'unreadable file');
    }
  });

  it('skips files of no known kind, unless --kind says what they are', () => {
    const root = tree({ 'README.md': '# hi\n', 'notes/daemon.json': '{ "theme": "dark", "font": "mono", "hosts": ["tcp://0.0.0.0:2375"] }', 'conf/dockerd.json': openTcp });
    assert.deepEqual(json(['--no-error-on-unmatched-pattern', '.'], root).files, []);
    const forced = json(['--kind', 'daemon-json', 'conf/dockerd.json'], root);
    assert.equal(forced.code, 1);
    assert.deepEqual(
      forced.files.map((file) => [file.kind, file.messages.some((m) => m.ruleId === 'tcp-without-tls')]),
      [['daemon-json', true]],
    );
  });

  it('never skips a file named on the command line silently: stderr says why and how to force it', () => {
    const root = tree({ 'notes/daemon.json': '{ "theme": "dark", "font": "mono", "hosts": ["tcp://0.0.0.0:2375"] }', 'srv/daemon.json': '{"hostz": ["unix:///var/run/docker.sock"]}' });
    const skipped = runCli(['notes/daemon.json'], root);
    assert.match(skipped.stderr, /^dockerd-lint: skipped notes\/daemon\.json: .*1 of its 3 top-level keys are.* --kind daemon-json/m);
    // Issue 19 item 6: a misspelt key still makes it dockerd's daemon.json, linted by name.
    const typo = json(['srv/daemon.json'], root);
    assert.equal(typo.stderr, '');
    assert.deepEqual(
      typo.files.map((file) => [file.filePath, file.messages.map((m) => m.ruleId)]),
      [[join(root, 'srv/daemon.json'), ['unknown-key']]],
    );
  });

  it('a PATH with no file of a known kind exits 2 and says so, unless --no-error-on-unmatched-pattern (issue 19 item 12)', () => {
    const root = tree({ 'docs/README.md': '# hi\n', [daemonJson]: '{ "debug": true }\n' });
    const { code, stdout, stderr } = runCli(['etc', 'docs'], root);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'dockerd-lint: no file of a kind dockerd-lint reads found in "docs" (give its kind with --kind, or pass --no-error-on-unmatched-pattern)\n');
    assert.equal(runCli(['--no-error-on-unmatched-pattern', 'etc', 'docs'], root).code, 0);
    assert.equal(runCli(['etc'], root).code, 0);
  });

  it('--version prints the version; usage errors print one line and a hint, with a did-you-mean for options', () => {
    const root = tree({ [daemonJson]: '{ "debug": true }\n' });
    const version = runCli(['--version'], root);
    assert.equal(version.code, 0);
    assert.equal(version.stdout, `${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version}\n`);
    const typo = runCli(['--report-unused-disable-directive', '.'], root);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, "dockerd-lint: unknown option --report-unused-disable-directive (did you mean --report-unused-disable-directives?)\nRun 'dockerd-lint --help' for usage.\n");
    const format = runCli(['--format', 'xml', '.'], root);
    assert.equal(format.stderr.split('\n').length, 3, 'one line, the hint, and the final newline');
    assert.doesNotMatch(format.stderr, /Usage:/);
  });

  it('--engine-version takes 27.0, v27.0 and 28', () => {
    const root = tree({ [daemonJson]: '{ "debug": true }\n' });
    for (const version of ['27.0', 'v27.0', '28', 'v28']) assert.equal(runCli(['--engine-version', version, '.'], root).code, 0, version);
    assert.equal(runCli(['--engine-version', 'latest', '.'], root).code, 2);
  });

  it('names other files in messages relative to the working directory, as the file headers do', () => {
    const root = tree({
      'etc/default/docker': 'DOCKER_OPTS="--debug"\n',
      'lib/systemd/system/docker.service': '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n',
    });
    const { stdout } = runCli(['.'], root);
    assert.match(stdout, /its ExecStart= in lib\/systemd\/system\/docker\.service\)/);
    assert.ok(!stdout.includes(root), stdout);
  });

  it('does not follow a symlink out of the given folder', () => {
    const outside = tree({ [daemonJson]: openTcp });
    const root = tree({ 'ok/etc/docker/daemon.json': '{ "debug": true }' });
    symlinkSync(join(outside, 'etc'), join(root, 'etc'));
    const { code, files } = json(['.'], root);
    assert.equal(code, 0);
    assert.deepEqual(
      files.map((file) => file.filePath),
      [join(root, 'ok/etc/docker/daemon.json')],
    );
  });

  it('dispatches `certs` to the certificate command instead of reading a path named certs', () => {
    const { stderr } = runCli(['certs', '--help'], tree({}));
    assert.doesNotMatch(stderr, /ENOENT|lstat/);
  });
});

describe('dockerd-lint CLI: Compose projects', () => {
  const socketFromEnv = 'services:\n  app:\n    image: alpine\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n';

  it('interpolates a Compose file with the .env of its folder, walked or named', () => {
    const root = tree({ 'compose.yaml': socketFromEnv, '.env': 'SOCK=/var/run/docker.sock\n' });
    for (const path of ['.', 'compose.yaml']) {
      const { files } = json([path], root);
      assert.deepEqual(
        files.flatMap((file) => file.messages.map((m) => m.ruleId)),
        ['docker-socket-mount'],
        path,
      );
    }
  });

  it('reads .env by its name only as a small regular file: not a symlink, not a FIFO', () => {
    const outside = tree({ 'secret.env': 'SOCK=/var/run/docker.sock\n' });
    const linked = tree({ 'compose.yaml': socketFromEnv });
    symlinkSync(join(outside, 'secret.env'), join(linked, '.env'));
    // Not read through the symlink: the mount is judged by its target only (a warning), not as the .env value's socket (an error).
    assert.deepEqual(
      json(['compose.yaml'], linked).files[0].messages.map((m) => [m.ruleId, m.severity]),
      [['docker-socket-mount', 'warning']],
    );
    const fifo = tree({ 'compose.yaml': socketFromEnv });
    if (spawnSync('mkfifo', [join(fifo, '.env')]).status !== 0) return;
    const result = spawnSync(process.execPath, [cliPath, '--format', 'json', 'compose.yaml'], { cwd: fifo, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.signal, null, 'the CLI does not wait on a FIFO named .env');
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('dockerd-lint CLI: GitLab Code Quality', () => {
  it('--format gitlab prints the issues GitLab reads, with relative paths and stable fingerprints', () => {
    const root = tree({ [daemonJson]: openTcp, 'compose.yaml': 'services:\n  app:\n    image: alpine\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n' });
    const first = runCli(['--format', 'gitlab', '.'], root);
    assert.equal(first.code, 1);
    const issues = JSON.parse(first.stdout) as Record<string, unknown>[];
    for (const issue of issues) assert.deepEqual(Object.keys(issue), ['description', 'check_name', 'fingerprint', 'severity', 'location']);
    const tcp = issues.find((issue) => issue.check_name === 'tcp-without-tls')!;
    assert.deepEqual(
      { ...tcp, description: undefined, fingerprint: undefined },
      { description: undefined, check_name: 'tcp-without-tls', fingerprint: undefined, severity: 'blocker', location: { path: 'etc/docker/daemon.json', lines: { begin: 2, end: 2 } } },
    );
    const socket = issues.find((issue) => issue.check_name === 'docker-socket-mount')!;
    assert.deepEqual(socket.location, { path: 'compose.yaml', lines: { begin: 5, end: 5 } });
    assert.equal(issues.find((issue) => issue.check_name === 'tcp-all-interfaces')?.severity, 'major');
    const fingerprints = issues.map((issue) => issue.fingerprint);
    assert.equal(new Set(fingerprints).size, fingerprints.length);
    writeFileSync(join(root, daemonJson), '\n\n' + openTcp);
    const moved = JSON.parse(runCli(['--format', 'gitlab', '.'], root).stdout) as Record<string, unknown>[];
    assert.deepEqual(moved.map((issue) => issue.fingerprint).sort(), [...fingerprints].sort(), 'lines added above do not change fingerprints');
  });
});

describe('dockerd-lint CLI: SARIF', () => {
  const root = tree({ [daemonJson]: openTcp, 'other/etc/docker/daemon.json': '{\n  "hosts": ["tcp://0.0.0.0:2375"],\n}\n' });
  const result = runCli(['--format', 'sarif', '--preset', 'strict', '.'], root);
  const log = JSON.parse(result.stdout) as Log;

  it('validates against the official SARIF 2.1.0 schema', () => {
    const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    // The schema's `language` pattern is not valid with the u flag: compile it as draft-04 tools did.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(result.code, 1);
  });

  it('lists every rule from its metadata, with the rule page as help and no file:// link', () => {
    const driver = log.runs[0].tool.driver;
    assert.deepEqual(
      driver.rules!.map((rule) => rule.id),
      [...rulesById.keys(), 'unused-disable-directive'],
    );
    const rule = driver.rules!.find((r) => r.id === 'tcp-without-tls')!;
    const meta = rulesById.get('tcp-without-tls')!.meta;
    assert.equal(rule.shortDescription!.text, meta.title);
    assert.equal(rule.fullDescription!.text, meta.summary);
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', 'tcp-without-tls.md'), 'utf8');
    assert.equal(rule.help!.markdown, page);
    assert.equal(rule.help!.text, page);
    assert.equal(rule.helpUri, undefined, 'a link to the machine that ran the CLI means nothing in code scanning');
    assert.equal(rule.defaultConfiguration!.level, 'error');
  });

  it('ranks rules for code scanning: security-severity, CWE and CIS tags as the pinned fixture says', () => {
    const expected = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif-rules.expected.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const actual = Object.fromEntries(
      log.runs[0].tool.driver.rules!.map((rule) => {
        const { tags, 'security-severity': securitySeverity, 'problem.severity': problemSeverity } = rule.properties as Record<string, unknown>;
        return [rule.id, { level: rule.defaultConfiguration!.level, tags, ...(securitySeverity ? { 'security-severity': securitySeverity } : { 'problem.severity': problemSeverity }) }];
      }),
    );
    assert.deepEqual(actual, expected);
  });

  it('has the fields GitHub code scanning documents, within its limits', () => {
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'dockerd-lint');
    assert.ok(run0.tool.driver.semanticVersion);
    for (const rule of run0.tool.driver.rules!) {
      const properties = rule.properties as Record<string, unknown>;
      assert.ok(rule.shortDescription!.text.length > 0 && rule.fullDescription!.text.length > 0 && rule.help!.text.length > 0, rule.id);
      const tags = properties.tags as string[];
      assert.ok(tags.length > 0 && tags.length <= 20, `${rule.id}: 1-20 tags`);
      const severity = properties['security-severity'];
      if (tags.includes('security')) {
        assert.match(String(severity), /^\d+\.\d$/, `${rule.id}: security-severity is a number in a string`);
        assert.ok(Number(severity) > 0 && Number(severity) <= 10, `${rule.id}: security-severity within (0, 10]`);
      } else assert.ok(['error', 'warning', 'recommendation'].includes(properties['problem.severity'] as string), rule.id);
      assert.ok(['very-high', 'high', 'medium', 'low'].includes(properties.precision as string), rule.id);
    }
    for (const result of run0.results!) {
      assert.ok(result.message.text && result.ruleId && result.locations![0].physicalLocation!.region!.startLine! >= 1);
      assert.ok(Object.keys(result.partialFingerprints!).length > 0);
    }
  });

  it('reports results with ruleIndex, level, relative location and fingerprints', () => {
    const run0 = log.runs[0];
    const results = run0.results!;
    const tcp = results.filter((r) => r.ruleId === 'tcp-without-tls');
    assert.equal(tcp.length, 2);
    for (const r of results) assert.equal(run0.tool.driver.rules![r.ruleIndex!].id, r.ruleId);
    const first = tcp.find((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === 'etc/docker/daemon.json')!;
    assert.equal(first.level, 'error');
    assert.equal(first.locations![0].physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
    assert.deepEqual(first.locations![0].physicalLocation!.region, { startLine: 2, startColumn: 13, endLine: 2, endColumn: 33 });
    const fingerprints = results.map((r) => Object.values(r.partialFingerprints!)[0]);
    assert.equal(new Set(fingerprints).size, fingerprints.length, 'fingerprints tell results apart');
    assert.ok(
      results.some((r) => r.ruleId === 'json-syntax' && r.level === 'error'),
      'the CLI always reports syntax errors',
    );
  });
});

/** A configuration with every rule but tcp-without-tls off, so other rules' fixes do not change the expected files. */
function focusOnTcpWithoutTls(root: string): string {
  const rules = Object.fromEntries([...rulesById.keys()].filter((id) => id !== 'tcp-without-tls').map((id) => [id, 'off']));
  writeFileSync(join(root, 'focus.json'), JSON.stringify({ rules }));
  return join(root, 'focus.json');
}

describe('dockerd-lint CLI: --fix', () => {
  it('writes the preferred fixes atomically, keeps the mode, and is idempotent', () => {
    const root = tree({ [daemonJson]: openTcp });
    const path = join(root, daemonJson);
    chmodSync(path, 0o640);
    const focus = focusOnTcpWithoutTls(root);
    const first = runCli(['--fix', '--config', focus, '.'], root);
    assert.equal(first.code, 0, first.stderr);
    const fixed = readFileSync(path, 'utf8');
    assert.equal(
      fixed,
      '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
    );
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dirname(path)), ['daemon.json'], 'no temporary file is left behind');
    const second = runCli(['--fix', '--config', focus, '.'], root);
    assert.equal(second.code, 0);
    assert.equal(readFileSync(path, 'utf8'), fixed);
  });

  it('fixes a symlinked file where it points, leaving the link in place', () => {
    const root = tree({ 'real/daemon.json': openTcp });
    mkdirSync(join(root, 'etc/docker'), { recursive: true });
    symlinkSync(join(root, 'real/daemon.json'), join(root, daemonJson));
    assert.equal(runCli(['--fix', '--config', focusOnTcpWithoutTls(root), daemonJson], root).code, 0);
    assert.match(readFileSync(join(root, 'real/daemon.json'), 'utf8'), /"tlsverify": true/);
    assert.ok(readdirSync(join(root, 'etc/docker')).length === 1);
  });
});

describe('dockerd-lint CLI: configuration', () => {
  it('applies the nearest .dockerd-lint.json above a path, up to the repository root', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.dockerd-lint.json': '// project rules\n{ "rules": { "tcp-without-tls": "warning" } }', [daemonJson]: openTcp });
    const { files } = json(['etc'], root);
    assert.deepEqual(
      files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls').map((m) => m.severity),
      ['warning'],
    );
  });

  it('--config overrides discovery; flags override the file', () => {
    const root = tree({ '.dockerd-lint.json': '{ "rules": { "tcp-without-tls": "warning" } }', 'strict.json': '{ "rules": { "tcp-without-tls": "off" } }', [daemonJson]: openTcp });
    assert.deepEqual(
      json(['--config', 'strict.json', '.'], root).files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls'),
      [],
    );
    const flagged = json(['--config', 'strict.json', '--preset', 'strict', '.'], root);
    assert.deepEqual(
      flagged.files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls'),
      [],
      'a flag changes only what it names',
    );
  });

  it('maps extra globs to kinds', () => {
    const root = tree({ '.dockerd-lint.json': '{ "kinds": { "daemon-json": ["hosts/*/dockerd.json"] } }', 'hosts/prod/dockerd.json': openTcp });
    const { files } = json(['.'], root);
    assert.deepEqual(
      files.map((file) => [file.kind, file.messages.filter((m) => m.ruleId === 'tcp-without-tls').length]),
      [['daemon-json', 1]],
    );
  });

  it('exits 2 on an invalid configuration', () => {
    const root = tree({ '.dockerd-lint.json': '{ "preset": "paranoid" }', [daemonJson]: openTcp });
    const { code, stderr } = runCli(['.'], root);
    assert.equal(code, 2);
    assert.match(stderr, /"preset" must be one of recommended, strict/);
  });
});

describe('acceptance: daemon.json with hosts tcp://0.0.0.0:2375', () => {
  const root = tree({ [daemonJson]: '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n', 'tls/etc/docker/daemon.json': withTls });
  const { files } = json(['.'], root);
  const open = files.find((file) => file.filePath === join(root, daemonJson))!;
  const tls = files.find((file) => file.filePath === join(root, 'tls', daemonJson))!;

  it('reports tcp-without-tls at that line, and not with tlsverify + certificates on 2376', () => {
    assert.deepEqual(
      open.messages.filter((m) => m.ruleId === 'tcp-without-tls').map((m) => m.line),
      [2],
    );
    assert.deepEqual(
      tls.messages.filter((m) => m.ruleId === 'tcp-without-tls'),
      [],
    );
  });

  it('reports tcp-all-interfaces at that line', () => {
    assert.deepEqual(
      open.messages.filter((m) => m.ruleId === 'tcp-all-interfaces').map((m) => m.line),
      [2],
    );
  });
});

describe('dockerd-lint CLI: suppressions with a reason', () => {
  const socketCompose = (comment: string) => `services:\n  app:\n    image: alpine\n    volumes:\n      ${comment}\n      - /var/run/docker.sock:/var/run/docker.sock\n`;

  it('an ignore entry of .dockerd-lint.json silences the files its glob names; SARIF keeps the result, suppressed with the reason', () => {
    const root = tree({
      '.dockerd-lint.json': '{ "ignore": [ { "rule": "docker-socket-mount", "path": "ci/**", "reason": "the CI runner builds images" } ] }',
      'ci/compose.yaml': socketCompose('# mounted on purpose'),
      'app/compose.yaml': socketCompose('# dockerd-lint-disable-next-line docker-socket-mount -- reviewed in #42'),
      'other/compose.yaml': socketCompose('# nothing'),
    });
    const text = json(['.'], root);
    assert.deepEqual(
      text.files.map((file) => [file.filePath.slice(root.length + 1), file.messages.map((m) => m.ruleId)]),
      [
        ['app/compose.yaml', []],
        ['ci/compose.yaml', []],
        ['other/compose.yaml', ['docker-socket-mount']],
      ],
    );
    const log = JSON.parse(runCli(['--format', 'sarif', '.'], root).stdout) as Log;
    const byFile = (path: string) => log.runs[0].results!.filter((r) => r.locations![0].physicalLocation!.artifactLocation!.uri === path);
    assert.deepEqual(
      byFile('ci/compose.yaml').map((r) => r.suppressions),
      [[{ kind: 'external', status: 'accepted', justification: 'the CI runner builds images' }]],
    );
    assert.deepEqual(
      byFile('app/compose.yaml').map((r) => r.suppressions),
      [[{ kind: 'inSource', status: 'accepted', justification: 'reviewed in #42' }]],
    );
    assert.deepEqual(
      byFile('other/compose.yaml').map((r) => r.suppressions),
      [undefined],
    );
  });

  it('--report-unused-disable-directives reports a directive that silences nothing, as an error (exit 1)', () => {
    const root = tree({ 'compose.yaml': 'services:\n  app:\n    # dockerd-lint-disable-next-line privileged -- was privileged once\n    image: alpine\n' });
    assert.equal(runCli(['.'], root).code, 0);
    const reported = json(['--report-unused-disable-directives', '.'], root);
    assert.equal(reported.code, 1);
    assert.deepEqual(
      reported.files[0].messages.map((m) => [m.ruleId, m.severity, m.line]),
      [['unused-disable-directive', 'error', 3]],
    );
  });

  it('an unknown key or rule id in .dockerd-lint.json exits 2 with a did-you-mean', () => {
    const root = tree({ '.dockerd-lint.json': '{ "rules": { "docker-socket-mnt": "off" }, "ignores": [] }', 'compose.yaml': socketCompose('') });
    const { code, stdout, stderr } = runCli(['.'], root);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown key "ignores" \(did you mean "ignore"\?\)/);
    assert.match(stderr, /unknown rule "docker-socket-mnt" \(did you mean "docker-socket-mount"\?\)/);
  });
});
