// The dockerd argument parser against pflag's documented behaviour (spf13/pflag flag.go:
// parseLongArg, parseSingleShortArg, parseArgs) and dockerd's flag table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ArgWord, parseDockerdArgs, parseGoBool, suggestFlag, wordSubSpan } from '../../server/src/engine/dockerd/args';
import { verbatimMap } from '../../server/src/engine/mapped-text';

/** Splits a command line at spaces (no quoting here: the surfaces do that) and keeps spans. */
function wordsOf(line: string): ArgWord[] {
  const words: ArgWord[] = [];
  const pattern = /\S+/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    words.push({ text: match[0], span: { start: match.index, end: match.index + match[0].length } });
  }
  return words;
}

function parse(line: string, platform: 'linux' | 'windows' = 'linux') {
  return parseDockerdArgs(wordsOf(line), { uri: 'file:///x', kind: 'systemd', platform });
}

function slice(line: string, span: { start: number; end: number }): string {
  return line.slice(span.start, span.end);
}

describe('dockerd argument parser', () => {
  it('reads -H values into the config name "hosts", one entry per occurrence', () => {
    const line = '-H fd:// --host=tcp://0.0.0.0:2376 -Hunix:///x.sock -H=tcp://127.0.0.1:1';
    const { entries, errors, unknownFlags } = parse(line);
    assert.deepEqual(errors, []);
    assert.deepEqual(unknownFlags, []);
    assert.deepEqual(
      entries.map((e) => [e.name, e.origin, e.written, e.value]),
      [
        ['hosts', 'flag', '-H', 'fd://'],
        ['hosts', 'flag', '--host', 'tcp://0.0.0.0:2376'],
        ['hosts', 'flag', '-H', 'unix:///x.sock'],
        ['hosts', 'flag', '-H', 'tcp://127.0.0.1:1'],
      ],
    );
    assert.deepEqual(
      entries.map((e) => slice(line, e.valueSpan)),
      ['fd://', 'tcp://0.0.0.0:2376', 'unix:///x.sock', 'tcp://127.0.0.1:1'],
    );
    assert.deepEqual(
      entries.map((e) => slice(line, e.nameSpan)),
      ['-H', '--host', '-H', '-H'],
    );
    assert.deepEqual(
      entries.map((e) => slice(line, e.entrySpan)),
      ['-H fd://', '--host=tcp://0.0.0.0:2376', '-Hunix:///x.sock', '-H=tcp://127.0.0.1:1'],
    );
  });

  it('booleans: bare means true, =false is false, a separate "false" is a positional word', () => {
    const { entries, errors, positionals } = parse('--tlsverify --tls=false --debug false');
    assert.deepEqual(
      entries.map((e) => [e.name, e.value]),
      [
        ['tlsverify', true],
        ['tls', false],
        ['debug', true],
      ],
    );
    assert.deepEqual(
      positionals.map((w) => w.text),
      ['false'],
    );
    assert.match(errors[0].message, /accepts no arguments/);
  });

  it('accepts what Go strconv.ParseBool accepts, and rejects the rest', () => {
    assert.equal(parseGoBool('T'), true);
    assert.equal(parseGoBool('0'), false);
    assert.equal(parseGoBool('yes'), undefined);
    const { entries, errors } = parse('--icc=yes');
    assert.equal(entries.length, 0);
    assert.match(errors[0].message, /invalid argument "yes" for "--icc"/);
  });

  it('grouped short booleans, the last letter taking a value', () => {
    const line = '-Dl debug -DHtcp://1.2.3.4:2375';
    const { entries, errors } = parse(line);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      entries.map((e) => [e.name, e.value]),
      [
        ['debug', true],
        ['log-level', 'debug'],
        ['debug', true],
        ['hosts', 'tcp://1.2.3.4:2375'],
      ],
    );
    assert.equal(slice(line, entries[3].valueSpan), 'tcp://1.2.3.4:2375');
    // A letter sharing its word owns only its characters: removing -D from -Dl leaves -l.
    assert.deepEqual(
      entries.map((e) => slice(line, e.entrySpan)),
      ['D', 'l debug', 'D', 'Htcp://1.2.3.4:2375'],
    );
  });

  it('a value flag takes the next word even when it starts with a dash, as pflag does', () => {
    const { entries } = parse('-H -D');
    assert.deepEqual(
      entries.map((e) => [e.name, e.value]),
      [['hosts', '-D']],
    );
  });

  it('a value flag at the end needs an argument', () => {
    assert.match(parse('--debug --host').errors[0].message, /flag needs an argument: --host/);
    assert.match(parse('-H').errors[0].message, /flag needs an argument: 'H' in -H/);
  });

  it('--flag= gives an empty value', () => {
    assert.deepEqual(
      parse('--data-root=').entries.map((e) => e.value),
      [''],
    );
  });

  it('typed values: integers become numbers, repeatable options stay one string per occurrence', () => {
    const { entries } = parse('--mtu 1400 --label a=b --label c=d --log-opt max-size=10m');
    assert.deepEqual(
      entries.map((e) => [e.name, e.value]),
      [
        ['mtu', 1400],
        ['labels', 'a=b'],
        ['labels', 'c=d'],
        ['log-opts', 'max-size=10m'],
      ],
    );
  });

  it('proxy flags keep their own names (daemon.json "proxies" is flattened to the same names)', () => {
    assert.deepEqual(
      parse('--http-proxy http://p:3128').entries.map((e) => e.name),
      ['http-proxy'],
    );
  });

  it('unknown long and short flags, with the name span; a following word is taken as their value', () => {
    const line = '--tlsverfy --foo bar -x -H fd://';
    const { entries, unknownFlags, positionals } = parse(line);
    assert.deepEqual(
      unknownFlags.map((u) => [u.written, slice(line, u.span)]),
      [
        ['--tlsverfy', '--tlsverfy'],
        ['--foo', '--foo'],
        ['-x', '-x'],
      ],
    );
    assert.deepEqual(positionals, []);
    assert.deepEqual(
      entries.map((e) => e.value),
      ['fd://'],
    );
  });

  it('platform: Linux-only flags are unknown on Windows and the reverse', () => {
    const windows = parse('--iptables=false', 'windows');
    assert.equal(windows.unknownFlags[0].onlyOn, 'linux');
    const linux = parse('--register-service');
    assert.equal(linux.unknownFlags[0].onlyOn, 'windows');
  });

  it('"--" ends the flags: what follows is positional', () => {
    const { entries, positionals } = parse('-D -- -H tcp://x');
    assert.deepEqual(
      entries.map((e) => e.name),
      ['debug'],
    );
    assert.deepEqual(
      positionals.map((w) => w.text),
      ['-H', 'tcp://x'],
    );
  });

  it('bad flag syntax: "---x" and "--=x"', () => {
    assert.match(parse('---debug').errors[0].message, /bad flag syntax/);
    assert.match(parse('--=x').errors[0].message, /bad flag syntax/);
  });

  it('a single dash and an empty word are positional', () => {
    const { positionals } = parseDockerdArgs(
      [
        { text: '-', span: { start: 0, end: 1 } },
        { text: '', span: { start: 2, end: 4 } },
      ],
      { uri: 'file:///x', kind: 'systemd' },
    );
    assert.equal(positionals.length, 2);
  });

  it('single-dash long names are read as short letters, as pflag does', () => {
    const { unknownFlags, entries } = parse('-debug');
    // -d is not a dockerd shorthand: pflag stops at the first unknown letter.
    assert.deepEqual(
      unknownFlags.map((u) => u.written),
      ['-d'],
    );
    assert.deepEqual(entries, []);
  });

  it('maps sub-spans through quoted words', () => {
    // The word "--host=a b" written as `"--host=a b"` at offset 10: each character one column right of the quote.
    const text = '--host=a b';
    const word: ArgWord = { text, span: { start: 10, end: 22 }, map: verbatimMap(11, text.length) };
    assert.deepEqual(wordSubSpan(word, 7, text.length), { start: 18, end: 21 });
    const { entries } = parseDockerdArgs([word], { uri: 'file:///x', kind: 'systemd' });
    assert.deepEqual(entries[0].valueSpan, { start: 18, end: 21 });
    assert.deepEqual(entries[0].entrySpan, { start: 10, end: 22 });
  });

  it("words from another file keep that file as the entry's uri", () => {
    const { entries } = parseDockerdArgs([{ text: '-D', span: { start: 0, end: 2 }, uri: 'file:///etc/default/docker', note: 'from $DOCKER_OPTS' }], {
      uri: 'file:///unit',
      kind: 'systemd',
    });
    assert.equal(entries[0].uri, 'file:///etc/default/docker');
    assert.equal(entries[0].note, 'from $DOCKER_OPTS');
  });

  it('suggests the closest flag for a typo', () => {
    assert.equal(suggestFlag('tlsverfy', 'linux')?.long, 'tlsverify');
    assert.equal(suggestFlag('insecure-registries', 'linux')?.long, 'insecure-registry');
    assert.equal(suggestFlag('zzzzzz', 'linux'), undefined);
  });
});
