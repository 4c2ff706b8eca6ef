// Inputs the fuzzing found, kept as plain regression cases (each fixed in the engine), and the
// ones still open, marked `todo` so they are reported without failing the run.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSource } from '../../server/src/cli/files';
import { defaultLintOptions } from '../../server/src/engine/config';
import { applyFix, fixAll } from '../../server/src/engine/fix';
import { lintFiles } from '../../server/src/engine/lint';
import { checkFixHelps, checkProperties, sourceOf } from './harness';

describe('fuzz regressions', () => {
  it('an unterminated /* at the end of daemon.json: the finding and its fix stay inside the text', () => {
    // jsonc-parser reports this comment one character past the end of the text.
    const text = '{"debug": true} /*';
    const result = checkProperties([sourceOf('daemon-json', text)]);
    assert.ok(result.findings > 0, 'the comment is reported');
  });

  it('a plain-TCP host in a daemon.json ending in an unterminated /*: the TLS fix edits inside the text', () => {
    // The nodes that end at an unterminated comment were one character too long as well.
    const found =
      '{\r\n  "hosts": [unix:///var/run/docker.sock", "tcp://10.0.0.5:2376"],\r\n  "tlsverify": true,\r\n  "tlscacert": "/etc/docker/certs/ca.pem",\r\n' +
      '  "tlscert": "/etc/docker/certs/server-cert.pem",\r\n  "tlskey": "/etc/docker/certs/server-key.pem"/*,\r\n  "log-level": "info"\r\n}\r\n';
    for (const text of [found, '{"hosts": ["tcp://0.0.0.0:2375"] /*']) {
      assert.ok(checkProperties([sourceOf('daemon-json', text)]).fixes > 0, JSON.stringify(text));
    }
  });

  it('removing the only member on a last line without a line break stays inside the text', () => {
    // Found as an edit from 32 to 0: applied, it would have written the file twice over.
    const text = '{\n  // opened for the CI runner\n  "hosts": ["';
    assert.ok(checkProperties([sourceOf('daemon-json', text)]).fixes > 0);
    checkProperties([sourceOf('daemon-json', '{\n  "hosts": ["tcp://0.0.0.0:2375"]')]);
  });

  it('a Compose file whose YAML error is at its very end: the yaml-syntax span stays inside the text', () => {
    // yaml reports these one character past the end of the text.
    for (const text of ['xxxxxxxxxxservices:\n  a:\n    image: x\n    cap_add: [NET_BI', 'services:\n  a:\n    image: "x\n']) {
      assert.ok(checkProperties([sourceOf('compose', text)]).findings > 0, JSON.stringify(text));
    }
  });

  it('a comma before a stray colon is not offered as a trailing comma to remove', () => {
    // Found as: removing it left the same error. A trailing comma is one right before } or ].
    for (const text of ['{"a": 1, :"x"}', '{"hosts": [],\n :\u{10000} "true"}']) {
      const [result] = lintFiles([sourceOf('daemon-json', text)], defaultLintOptions());
      const titles = result.findings.flatMap((finding) => finding.fixes.map((fix) => fix.title));
      assert.ok(!titles.includes('Remove the trailing comma'), `${JSON.stringify(text)}: ${titles.join(', ')}`);
      checkProperties([sourceOf('daemon-json', text)]);
    }
    assert.ok(checkProperties([sourceOf('daemon-json', '{\n  "debug": true,\n}\n')]).fixes > 0, 'a real trailing comma keeps its fix');
  });

  it('a Compose long-syntax port with host_ip after the port: the finding span runs forwards', () => {
    // Found as span 123..105: the span ran from host_ip to the port, assuming short-syntax order.
    const text = 'services:\n  services:\n  dind:\n    image: example/api\n    privileged: true\n    ports:\n      - target: 2375\n        host_ip: "0.0.0.0"\n"        published: "12375"\n';
    assert.ok(checkProperties([sourceOf('compose', text, false)]).findings > 0);
  });

  it('a misspelt key renamed to hosts may reveal that its list is broken: that is not the fix adding an error', () => {
    // " osts" -> "hosts" puts "cp://127.0.0.1:2375" in force, which invalid-host then reports.
    assert.ok(checkProperties([sourceOf('daemon-json', '{" osts": ["cp://127.0.0.1:2375"], "api-cors-header": ""}')]).fixes > 0);
  });

  it('moving the last of two duplicate flag-named keys under "proxies": the earlier one is another finding', () => {
    const text = '{\n  "no-proxy": "dead,value",\n  "no-proxy": "live,value"\n}\n';
    assert.ok(checkProperties([sourceOf('daemon-json', text)]).fixes > 0);
    const fixed = fixAll([sourceOf('daemon-json', text)], defaultLintOptions());
    assert.equal([...fixed.texts.values()][0], '{\n  "proxies": {"no-proxy": "live,value"}\n}\n');
  });

  it('a drop-in with two dockerd commands and a broken one: the TLS fix edits the command that listens', () => {
    // Found as: the fix set --tlsverify=true on the other command, and the finding stayed.
    const text =
      '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsve[Service]\n"ExecStart=\nExecStart=/usr/bin/dockerd -H tcp://127.0.0.1:2376 --tlsverify=false --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n';
    assert.ok(checkProperties([sourceOf('systemd', text, false)]).fixes > 0);
  });

  it('a broken Compose flow map: fix-all does not add host_ip on every pass', () => {
    // Found as fix-all once and twice writing 10 and 20 `host_ip: 127.0.0.1` into a flow map cut in half.
    const text = 'services:\n  dind:\n    image: example/api\n    privileged: true\n    ports:\n      - {target: 2375, published: 2375\n';
    checkProperties([sourceOf('compose', text)]);
    const once = fixAll([sourceOf('compose', text)], defaultLintOptions());
    assert.equal([...once.texts.values()][0], text);
  });

  it('removing the last line of a Compose file that ends in a lone CR takes the CR too', () => {
    // Found as: the removal left "\r" alone on a line, which yaml reads as a key without a value.
    const text = 'services:\r\n  dind:\r\n    image: docker:27-dind\r\n    privileged: true\r\n    environment:\r\n      DOCKER_TLS_CERTDIR: ""   # no TLS\r';
    assert.ok(checkProperties([sourceOf('compose', text)]).fixes > 0);
  });

  it('adding an environment entry after the last line of a Compose file that ends in a lone CR', () => {
    // Found as (seed 11): DOCKER_TLS_VERIFY: "1" went before the lone CR, which then followed the
    // quoted scalar as stray content (a yaml syntax error); it now goes after it. The client's
    // daemon is in the file: a TLS fix is offered only for a daemon whose clients it can move.
    const text = 'services:\r\n  dind:\r\n    image: docker:27-dind\r\n    privileged: true\r\n  app:\r\n    image: docker:cli\r\n    environment:\r\n      DOCKER_HOST: tcp://dind:2376\r';
    assert.ok(checkProperties([sourceOf('compose', text)]).fixes > 0);
  });

  it('adding host_ip to a long-syntax port whose last key is left empty (`:`) keeps the map indentation', () => {
    // Found as (seed 12): yaml puts an empty key's range at the start of its line, so host_ip
    // went to column 0, a top-level key, and the port stayed published on every interface.
    const text = 'services:\n  dind:\n    image: example/api\n    privileged: true\n    ports:\n      - \u{10000}\u{10000}published: 2375\n        target: 2375\n        :';
    assert.ok(checkProperties([sourceOf('compose', text)]).fixes > 0);
  });

  it('the same at offset 0 and after a key', () => {
    for (const text of ['/*', '{/*', '{"debug": true /* x']) checkProperties([sourceOf('daemon-json', text)]);
  });
});

describe('fuzz regressions: bytes that are not UTF-8', () => {
  const cases: [string, number[], number][] = [
    ['a lone lead byte is the whole file', [0xc2], 0],
    ['a lead byte before ASCII', [0x7b, 0xc2, 0x7d], 1],
    ['a truncated 3-byte sequence at the end', [0x7b, 0x7d, 0xe2, 0x82], 2],
    ['a stray continuation byte', [0x7b, 0x80, 0x7d], 1],
  ];
  for (const [name, bytes, offset] of cases) {
    it(`${name}: the offset points at the replaced bytes`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-utf8-'));
      try {
        const path = join(dir, 'daemon.json');
        writeFileSync(path, Buffer.from(bytes));
        const source = readSource(path);
        assert.equal(source.invalidUtf8Offset, offset);
        assert.equal(source.text.charCodeAt(offset), 0xfffd);
        checkProperties([{ ...sourceOf('daemon-json', source.text), invalidUtf8Offset: source.invalidUtf8Offset }]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('fuzz: fix-all on broken files', () => {
  it('fix-all on a daemon.json that does not parse reaches a fixed point', () => {
    const text = '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"\n}\n';
    const options = defaultLintOptions();
    const once = fixAll([sourceOf('daemon-json', text)], options);
    // Files a fix created (a drop-in) are detected by their path, like the daemon.json beside them.
    const twice = fixAll(
      [...once.texts].map(([uri, t]) => ({ uri, text: t })),
      options,
    );
    assert.deepEqual([...twice.texts], [...once.texts]);
  });
});

describe('fuzz: what a fix may reveal', () => {
  // Lines above [Service] are skipped by systemd: the fix that puts them under the header puts a
  // plain-TCP dockerd in force, and the TCP rules rightly report it then.
  const dropIn = 'ExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n[Service]\nRestart=always\n';

  it("a systemd-syntax fix may reveal other rules' errors, because its rule says it reveals skipped lines", () => {
    const source = sourceOf('systemd', dropIn);
    const before = lintFiles([source], defaultLintOptions());
    const finding = before[0].findings.find((f) => f.ruleId === 'systemd-syntax' && f.fixes.some((fix) => fix.preferred));
    assert.ok(finding, 'systemd-syntax reports the lines outside [Service] with a preferred fix');
    const fix = finding.fixes.find((candidate) => candidate.preferred)!;
    const fixed = applyFix(new Map([[source.uri, source.text]]), fix).get(source.uri)!;
    const after = lintFiles([{ ...source, text: fixed }], defaultLintOptions());
    assert.ok(
      after[0].findings.some((f) => f.severity === 'error' && f.ruleId !== 'systemd-syntax'),
      'the fix puts the TCP listener in force',
    );
    checkFixHelps(finding, fix, before, after, 'systemd-syntax');
    // The same change from a rule without that metadata is a fix that adds errors.
    assert.throws(() => checkFixHelps({ ...finding, ruleId: 'duplicate-key' }, fix, before, after, 'duplicate-key'), /the fix adds a [a-z-]+ error/);
  });
});
