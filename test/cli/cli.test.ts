// The CLI as users run it: `node dist/cli.js` on temporary folders, checking exit codes,
// output formats (json exactly, SARIF against the official 2.1.0 schema), --fix, --kind,
// configuration files, and the file walk's limits.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { rulesById } from '../../server/src/engine/rules';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-cli-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(args: string[], cwd: string) {
  const result = run(['--format', 'json', ...args], cwd);
  return { ...result, files: JSON.parse(result.stdout) as { filePath: string; kind: string; messages: Record<string, unknown>[] }[] };
}

const daemonJson = 'etc/docker/daemon.json';
const openTcp = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';
const withTls = JSON.stringify(
  { hosts: ['tcp://0.0.0.0:2376'], tlsverify: true, tlscacert: '/etc/docker/ca.pem', tlscert: '/etc/docker/cert.pem', tlskey: '/etc/docker/key.pem' },
  null,
  2,
);

describe('dockerd-lint CLI: exit codes and formats', () => {
  it('exits 0 without error-level findings and prints a summary', () => {
    const root = tree({ [daemonJson]: '{ "debug": true }\n' });
    const { code, stdout } = run(['.'], root);
    assert.equal(code, 0);
    assert.match(stdout, /^1 file checked: 0 error\(s\), 0 warning\(s\), 0 info\.$/m);
  });

  it('exits 1 with an error-level finding; text shows file, line:col, severity, message, rule, fixable', () => {
    const root = tree({ [daemonJson]: openTcp });
    const { code, stdout } = run(['.'], root);
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
      const { code, stdout, stderr } = run(args, root);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.equal(stdout, '');
      assert.match(stderr, /^dockerd-lint: /);
    }
  });

  it('exits 2 on a path that does not exist or cannot be read', () => {
    const root = tree({});
    symlinkSync('loop', join(root, 'loop'));
    for (const path of ['missing.json', 'loop']) {
      const { code, stderr } = run([path], root);
      assert.equal(code, 2, path);
      assert.match(stderr, /dockerd-lint: .*(ENOENT|ELOOP)/);
    }
    if (process.getuid?.() !== 0) {
      writeFileSync(join(root, 'daemon.json'), openTcp);
      chmodSync(join(root, 'daemon.json'), 0o000);
      assert.equal(run(['daemon.json'], root).code, 2, 'unreadable file');
    }
  });

  it('skips files of no known kind, unless --kind says what they are', () => {
    const root = tree({ 'README.md': '# hi\n', 'notes/daemon.json': '{ "theme": "dark", "font": "mono", "hosts": ["tcp://0.0.0.0:2375"] }', 'conf/dockerd.json': openTcp });
    assert.deepEqual(json(['.'], root).files, []);
    const forced = json(['--kind', 'daemon-json', 'conf/dockerd.json'], root);
    assert.equal(forced.code, 1);
    assert.deepEqual(forced.files.map((file) => [file.kind, file.messages.some((m) => m.ruleId === 'tcp-without-tls')]), [['daemon-json', true]]);
  });

  it('never skips a file named on the command line silently: stderr says why and how to force it', () => {
    const root = tree({ 'notes/daemon.json': '{ "theme": "dark", "font": "mono", "hosts": ["tcp://0.0.0.0:2375"] }', 'srv/daemon.json': '{"hostz": ["unix:///var/run/docker.sock"]}' });
    const skipped = run(['notes/daemon.json'], root);
    assert.match(skipped.stderr, /^dockerd-lint: skipped notes\/daemon\.json: .*1 of its 3 top-level keys are.* --kind daemon-json/m);
    // Issue 19 item 6: a misspelt key still makes it dockerd's daemon.json, linted by name.
    const typo = json(['srv/daemon.json'], root);
    assert.equal(typo.stderr, '');
    assert.deepEqual(typo.files.map((file) => [file.filePath, file.messages.map((m) => m.ruleId)]), [[join(root, 'srv/daemon.json'), ['unknown-key']]]);
  });

  it('does not follow a symlink out of the given folder', () => {
    const outside = tree({ [daemonJson]: openTcp });
    const root = tree({ 'ok/etc/docker/daemon.json': '{ "debug": true }' });
    symlinkSync(join(outside, 'etc'), join(root, 'etc'));
    const { code, files } = json(['.'], root);
    assert.equal(code, 0);
    assert.deepEqual(files.map((file) => file.filePath), [join(root, 'ok/etc/docker/daemon.json')]);
  });

  it('dispatches `certs` to the certificate command instead of reading a path named certs', () => {
    const { stderr } = run(['certs', '--help'], tree({}));
    assert.doesNotMatch(stderr, /ENOENT|lstat/);
  });
});

describe('dockerd-lint CLI: SARIF', () => {
  const root = tree({ [daemonJson]: openTcp, 'other/etc/docker/daemon.json': '{\n  "hosts": ["tcp://0.0.0.0:2375"],\n}\n' });
  const result = run(['--format', 'sarif', '--preset', 'strict', '.'], root);
  const log = JSON.parse(result.stdout) as Log;

  it('validates against the official SARIF 2.1.0 schema', () => {
    const schemaPath = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    // The schema's `language` pattern is not valid with the u flag: compile it as draft-04 tools did.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(result.code, 1);
  });

  it('lists every rule from its metadata, with help and tags', () => {
    const driver = log.runs[0].tool.driver;
    assert.deepEqual(driver.rules!.map((rule) => rule.id), [...rulesById.keys()]);
    const rule = driver.rules!.find((r) => r.id === 'tcp-without-tls')!;
    const meta = rulesById.get('tcp-without-tls')!.meta;
    assert.equal(rule.shortDescription!.text, meta.title);
    assert.equal(rule.fullDescription!.text, meta.summary);
    assert.match(rule.help!.markdown!, new RegExp(meta.howToFix.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(rule.helpUri!, /\/docs\/rules\/tcp-without-tls\.md$/);
    assert.equal(rule.defaultConfiguration!.level, 'error');
    assert.ok((rule.properties!.tags as string[]).includes('security'));
  });

  it('--docs-base-url points help links at a published site', () => {
    const published = JSON.parse(run(['--format', 'sarif', '--docs-base-url', 'https://example.org/rules/', '.'], root).stdout) as Log;
    const rule = published.runs[0].tool.driver.rules!.find((r) => r.id === 'tcp-without-tls')!;
    assert.equal(rule.helpUri, 'https://example.org/rules/tcp-without-tls.md');
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
    assert.ok(results.some((r) => r.ruleId === 'json-syntax' && r.level === 'error'), 'the CLI always reports syntax errors');
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
    const first = run(['--fix', '--config', focus, '.'], root);
    assert.equal(first.code, 0, first.stderr);
    const fixed = readFileSync(path, 'utf8');
    assert.equal(
      fixed,
      '{\n  "hosts": ["tcp://0.0.0.0:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
    );
    assert.equal(statSync(path).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dirname(path)), ['daemon.json'], 'no temporary file is left behind');
    const second = run(['--fix', '--config', focus, '.'], root);
    assert.equal(second.code, 0);
    assert.equal(readFileSync(path, 'utf8'), fixed);
  });

  it('fixes a symlinked file where it points, leaving the link in place', () => {
    const root = tree({ 'real/daemon.json': openTcp });
    mkdirSync(join(root, 'etc/docker'), { recursive: true });
    symlinkSync(join(root, 'real/daemon.json'), join(root, daemonJson));
    assert.equal(run(['--fix', '--config', focusOnTcpWithoutTls(root), daemonJson], root).code, 0);
    assert.match(readFileSync(join(root, 'real/daemon.json'), 'utf8'), /"tlsverify": true/);
    assert.ok(readdirSync(join(root, 'etc/docker')).length === 1);
  });
});

describe('dockerd-lint CLI: configuration', () => {
  it('applies the nearest .dockerd-lint.json above a path, up to the repository root', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', '.dockerd-lint.json': '// project rules\n{ "rules": { "tcp-without-tls": "warning" } }', [daemonJson]: openTcp });
    const { code, files } = json(['etc'], root);
    assert.deepEqual(files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls').map((m) => m.severity), ['warning']);
  });

  it('--config overrides discovery; flags override the file', () => {
    const root = tree({ '.dockerd-lint.json': '{ "rules": { "tcp-without-tls": "warning" } }', 'strict.json': '{ "rules": { "tcp-without-tls": "off" } }', [daemonJson]: openTcp });
    assert.deepEqual(json(['--config', 'strict.json', '.'], root).files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls'), []);
    const flagged = json(['--config', 'strict.json', '--preset', 'strict', '.'], root);
    assert.deepEqual(flagged.files[0].messages.filter((m) => m.ruleId === 'tcp-without-tls'), [], 'a flag changes only what it names');
  });

  it('maps extra globs to kinds', () => {
    const root = tree({ '.dockerd-lint.json': '{ "kinds": { "daemon-json": ["hosts/*/dockerd.json"] } }', 'hosts/prod/dockerd.json': openTcp });
    const { files } = json(['.'], root);
    assert.deepEqual(files.map((file) => [file.kind, file.messages.filter((m) => m.ruleId === 'tcp-without-tls').length]), [['daemon-json', 1]]);
  });

  it('exits 2 on an invalid configuration', () => {
    const root = tree({ '.dockerd-lint.json': '{ "preset": "paranoid" }', [daemonJson]: openTcp });
    const { code, stderr } = run(['.'], root);
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
    assert.deepEqual(open.messages.filter((m) => m.ruleId === 'tcp-without-tls').map((m) => m.line), [2]);
    assert.deepEqual(tls.messages.filter((m) => m.ruleId === 'tcp-without-tls'), []);
  });

  it('reports tcp-all-interfaces at that line', () => {
    assert.deepEqual(open.messages.filter((m) => m.ruleId === 'tcp-all-interfaces').map((m) => m.line), [2]);
  });
});
