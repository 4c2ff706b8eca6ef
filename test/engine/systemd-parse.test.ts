// Detection, environment files, docker.socket listeners and suppression comments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectKind } from '../../server/src/engine/detect';
import { fileOfKind } from '../../server/src/engine/document';
import { parseFile } from '../../server/src/engine/lint';
import { readEnvFile } from '../../server/src/engine/systemd/env-file';

describe('systemd detection', () => {
  const dockerdUnit = '[Service]\nExecStart=/usr/local/bin/dockerd -H fd://\n';
  for (const [path, text, expected] of [
    ['/lib/systemd/system/docker.service', '', 'systemd'],
    ['/lib/systemd/system/docker.socket', '', 'systemd'],
    ['/etc/systemd/system/docker.service.d/override.conf', '', 'systemd'],
    ['/etc/systemd/system/docker.socket.d/tcp.conf', '', 'systemd'],
    ['/etc/default/docker', '', 'systemd'],
    ['/repo/hosts/a/etc/sysconfig/docker', '', 'systemd'],
    ['/etc/systemd/system/dockerd-lab.service', dockerdUnit, 'systemd'],
    ['/etc/systemd/system/dockerd-lab.service', '[Service]\nExecStart=-"/usr/bin/dockerd" -D\n', 'systemd'],
    ['/etc/systemd/system/nginx.service', '[Service]\nExecStart=/usr/sbin/nginx\n', undefined],
    ['/etc/systemd/system/nginx.service', '[Service]\nExecStart=/usr/bin/dockerd-rootless.sh\n', undefined],
    ['/etc/default/dockerd', '', undefined],
    ['/etc/systemd/system/other.service.d/override.conf', '[Service]\nExecStart=\n', undefined],
  ] as const) {
    it(`${path}${text ? ' (by content)' : ''} -> ${expected ?? 'not ours'}`, () => {
      assert.equal(detectKind(`file://${path}`, text), expected);
    });
  }

  it('a forced kind reads a file without sections as an environment file', () => {
    const file = parseFile({ uri: 'file:///x/docker.env', text: 'DOCKER_OPTS="-D"\n', kind: 'systemd' })!;
    assert.equal(fileOfKind(file, 'systemd')?.systemd.role, 'env-file');
    assert.deepEqual(
      file.dockerd[0].entries.map((e) => e.name),
      ['debug'],
    );
  });
});

describe('environment files as systemd reads them', () => {
  it('quotes, escapes, comments and continuations', () => {
    const file = readEnvFile(
      ['# comment', '; comment too', 'A="x \\"y\\" \\$z \\n"', "B='a \\ b'", 'C=plain value   ', 'D=one\\', 'two', 'E=v # not a comment', 'F="multi', 'line"', 'bad name=1'].join('\n'),
    );
    const values = Object.fromEntries(file.assignments.map((a) => [a.name, a.value.text]));
    assert.deepEqual(values, { A: 'x "y" $z \\n', B: 'a \\ b', C: 'plain value', D: 'onetwo', E: 'v # not a comment', F: 'multi\nline' });
    assert.equal(file.problems.length, 1);
    assert.equal(file.comments.length, 2);
  });

  it('DOCKER_OPTS words keep spans inside the quotes', () => {
    const text = 'DOCKER_OPTS="-H tcp://1.2.3.4:2375"\n';
    const file = parseFile({ uri: 'file:///etc/default/docker', text })!;
    const host = file.dockerd[0].entries[0];
    assert.equal(text.slice(host.valueSpan.start, host.valueSpan.end), 'tcp://1.2.3.4:2375');
    assert.equal(host.origin, 'flag');
  });

  it('the last DOCKER_OPTS wins', () => {
    const file = parseFile({ uri: 'file:///etc/default/docker', text: 'DOCKER_OPTS="-D"\nDOCKER_OPTS="--icc=false"\n' })!;
    assert.deepEqual(
      file.dockerd[0].entries.map((e) => e.name),
      ['icc'],
    );
  });
});

describe('docker.socket', () => {
  it('reads ListenStream= kinds', () => {
    const file = parseFile({
      uri: 'file:///lib/systemd/system/docker.socket',
      text: '[Socket]\nListenStream=/run/docker.sock\nListenStream=2375\nListenStream=127.0.0.1:2376\nListenStream=[::1]:2377\nListenStream=@abstract\n',
    })!;
    assert.deepEqual(
      fileOfKind(file, 'systemd')?.systemd.listenStreams.map((l) => [l.address, l.tcp, l.allInterfaces]),
      [
        ['/run/docker.sock', false, false],
        ['2375', true, true],
        ['127.0.0.1:2376', true, false],
        ['[::1]:2377', true, false],
        ['@abstract', false, false],
      ],
    );
    assert.deepEqual(file.dockerd, [], 'a socket unit alone configures no dockerd options');
  });
});

describe('suppression comments in unit files', () => {
  it('disable-next-line covers every physical line of a continued setting; stacked comments work', () => {
    const file = parseFile({
      uri: 'file:///etc/systemd/system/docker.service.d/x.conf',
      text: '[Service]\n# dockerd-lint-disable-next-line tcp-without-tls, tcp-all-interfaces -- lab\n# dockerd-lint-disable-next-line execstart-not-reset\nExecStart=/usr/bin/dockerd \\\n  -H tcp://0.0.0.0:2375\nType=notify\n',
    })!;
    assert.deepEqual(
      file.suppressions.directives.map((d) => [d.rules, d.reason, d.firstLine, d.lastLine]),
      [
        [['tcp-without-tls', 'tcp-all-interfaces'], 'lab', 3, 4],
        [['execstart-not-reset'], undefined, 3, 4],
      ],
    );
  });

  it('disable without a rule list silences every rule for the file', () => {
    const file = parseFile({ uri: 'file:///etc/default/docker', text: '# dockerd-lint-disable\nDOCKER_OPTS="-H tcp://0.0.0.0:2375"\n' })!;
    assert.deepEqual(
      file.suppressions.directives.map((d) => [d.form, d.rules]),
      [['file', ['*']]],
    );
  });

  it('a directive followed by a blank line applies to that blank line only', () => {
    const file = parseFile({ uri: 'file:///etc/systemd/system/docker.service.d/x.conf', text: '[Service]\n# dockerd-lint-disable-next-line\n\nExecStart=/usr/bin/dockerd\n' })!;
    assert.deepEqual(
      file.suppressions.directives.map((d) => [d.firstLine, d.lastLine]),
      [[2, 2]],
    );
  });
});
