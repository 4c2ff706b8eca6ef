// systemd's word splitting, ExecStart= command lines and variable substitution, with the
// cases systemd's own documentation gives (systemd.syntax(7) "Quoting", systemd.service(5)
// "Command lines") and the behaviour systemd-analyze 252 showed for the rest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expandArgs } from '../../server/src/engine/systemd/env-expansion';
import { parseExecLine, runsDockerd } from '../../server/src/engine/systemd/exec';
import { sliceMapped, sourceAt } from '../../server/src/engine/mapped-text';
import { parseSystemd } from '../../server/src/engine/systemd/parse';
import { quoteWord, splitWords } from '../../server/src/engine/systemd/words';

function words(value: string, cunescape = true) {
  const split = splitWords(sliceMapped(value, 0, value.length), { cunescape, relax: false });
  return { texts: split.groups.flat().map((w) => w.text), split };
}

function unit(text: string, uri = 'file:///etc/systemd/system/docker.service.d/x.conf') {
  return parseSystemd(uri, text).systemd;
}

/** The arguments of the last ExecStart= of a unit after variable substitution. */
function argsOf(text: string): string[] {
  const document = unit(text);
  const step = document.execStarts[document.execStarts.length - 1];
  const command = step.exec!.commands[0];
  return expandArgs(command, document.environment, 'file:///etc/systemd/system/docker.service.d/x.conf').words.map((w) => w.text);
}

describe('systemd word splitting', () => {
  it('double and single quotes wrap a whole item and are removed', () => {
    assert.deepEqual(words(`"something" "some thing" '…'`).texts, ['something', 'some thing', '…']);
  });

  it('quotes may open inside a word (extract_first_word), unlike the documented rule of thumb', () => {
    assert.deepEqual(words(`a"b c"d 'e'f`).texts, ['ab cd', 'ef']);
  });

  it('a backslash escapes inside single quotes too (not the shell)', () => {
    assert.deepEqual(words(`'a\\'b'`).texts, ["a'b"]);
  });

  it('C-style escapes from the documented table', () => {
    assert.deepEqual(words('\\x41 \\101 \\u00e9 a\\sb \\t \\\\ \\"').texts, ['A', 'A', 'é', 'a b', '\t', '\\', '"']);
  });

  it('an unknown escape is kept verbatim with a warning (extract_first_word_and_warn)', () => {
    const { texts, split } = words('a\\d');
    assert.deepEqual(texts, ['a\\d']);
    assert.equal(split.problems[0].severity, 'warning');
  });

  it('NUL escapes are not allowed and stay verbatim', () => {
    assert.deepEqual(words('\\x00').texts, ['\\x00']);
  });

  it('unbalanced quotes make the whole setting invalid', () => {
    const { split } = words(`"/bin/true" "a`);
    assert.equal(split.ok, false);
    assert.match(split.problems[0].message, /Unbalanced quoting/);
  });

  it('without C unescaping (a $VAR value), a backslash takes the next character', () => {
    assert.deepEqual(words('a\\nb', false).texts, ['anb']);
  });

  it('keeps the source span of every word, quotes included, and of each character', () => {
    const value = `-H "tcp://a b"`;
    const [flag, host] = words(value).split.groups[0];
    assert.deepEqual(flag.span, { start: 0, end: 2 });
    assert.deepEqual(host.span, { start: 3, end: 14 });
    assert.equal(sourceAt(host.map!, 0), 4);
    assert.equal(sourceAt(host.map!, host.text.length), 13);
  });

  it('quoteWord writes words systemd reads back unchanged', () => {
    for (const text of ['plain', 'two words', 'quote"inside', "it's", 'back\\slash', '', ';', 'tab\there']) {
      const written = quoteWord(text, false);
      assert.deepEqual(words(written).texts, [text], `${JSON.stringify(text)} as ${written}`);
    }
    assert.equal(quoteWord('100%'), '100%%');
    // Any text, read back through a whole ExecStart= (specifiers, splitting, variables), is unchanged.
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((text) => !text.includes('\0')),
        (text) => {
          const value = `/usr/bin/dockerd ${quoteWord(text)}`;
          const document = unit(`[Service]\nExecStart=${value}\n`);
          const command = document.execStarts[0].exec!.commands[0];
          const args = expandArgs(command, new Map(), 'file:///x').words.map((w) => w.text);
          assert.deepEqual(args, [text]);
        },
      ),
      { numRuns: 300 },
    );
    assert.equal(quoteWord('$HOME'), '$$HOME');
  });
});

describe('unit files: comments and continuations (systemd.syntax(7))', () => {
  it('joins continued lines, the backslash becoming a space', () => {
    assert.deepEqual(argsOf('[Service]\nExecStart=/usr/bin/dockerd -H fd:// \\\n  --debug\n'), ['-H', 'fd://', '--debug']);
  });

  it('skips comment lines inside a continuation, "#" and ";", indented or not', () => {
    assert.deepEqual(argsOf('[Service]\nExecStart=/usr/bin/dockerd \\\n# this line is ignored\n ; this line is ignored too\n  --debug\n'), ['--debug']);
  });

  it('a comment line ending in a backslash does not swallow the next line', () => {
    const document = unit('[Service]\n# comment \\\nExecStart=/usr/bin/dockerd\n');
    assert.equal(document.execStarts.length, 1);
  });

  it('an escaped backslash at the end is not a continuation', () => {
    const document = unit('[Service]\nExecStart=/usr/bin/dockerd --label=a\\\\\nExecStart=\n');
    assert.equal(document.execStarts.length, 2);
    assert.equal(document.execStarts[0].exec!.commands[0].args[0].text, '--label=a\\');
  });

  it('an empty line ends a continuation', () => {
    const document = unit('[Service]\nExecStart=/usr/bin/dockerd \\\n\nType=notify\n');
    assert.equal(document.serviceType, 'notify');
  });

  it('repeated keys stay in order; the empty assignment is a reset', () => {
    const document = unit('[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -D\n');
    assert.deepEqual(
      document.execStarts.map((s) => s.reset),
      [true, false],
    );
  });

  it('assignments outside a section are ignored', () => {
    const document = unit('ExecStart=/usr/bin/dockerd\n[Service]\n');
    assert.equal(document.execStarts.length, 0);
    assert.match(document.unit!.problems[0].message, /outside of section/);
  });

  it('an invalid section header ends the reading: nothing below it is applied, comments are still seen', () => {
    for (const header of ['[Service', '[Serv"ice]']) {
      const document = unit(`[Service]\nType=notify\n${header}\nExecStart=/usr/bin/dockerd\n# dockerd-lint-disable-file\n`);
      assert.equal(document.serviceType, 'notify');
      assert.equal(document.execStarts.length, 0);
      assert.deepEqual(
        document.unit!.problems.map((problem) => problem.kind),
        ['invalid-section-header'],
      );
      assert.equal(document.unit!.comments.length, 1);
    }
  });

  it('a line starting with "=" has no key: ignored, not an assignment', () => {
    const document = unit('[Service]\n=/usr/bin/dockerd\n');
    assert.equal(document.unit!.assignments.length, 0);
    assert.match(document.unit!.problems[0].message, /Missing key name before '='/);
  });

  it('keys and values are stripped of blanks; CRLF line ends are fine', () => {
    const document = unit('[Service]\r\nExecStart = /usr/bin/dockerd -D \r\n');
    assert.deepEqual(
      document.execStarts[0].exec!.commands[0].args.map((w) => w.text),
      ['-D'],
    );
  });
});

describe('ExecStart= command lines (systemd.service(5))', () => {
  const line = (value: string) => parseExecLine(sliceMapped(value, 0, value.length), { name: 'docker.service' });

  it('prefixes -, @, :, +, !, !! on the first word', () => {
    assert.equal(line('-/usr/bin/dockerd').commands[0].prefixes, '-');
    assert.equal(line('!!/usr/bin/dockerd').commands[0].prefixes, '!!');
    assert.equal(line('-+/usr/bin/dockerd').commands[0].path.text, '/usr/bin/dockerd');
    const withArgv0 = line('@/usr/bin/dockerd dockerd -D').commands[0];
    assert.equal(withArgv0.argv0?.text, 'dockerd');
    assert.deepEqual(
      withArgv0.args.map((w) => w.text),
      ['-D'],
    );
    assert.equal(line(':/usr/bin/dockerd $X').commands[0].noEnvExpansion, true);
    assert.equal(runsDockerd(line('-/usr/sbin/dockerd').commands[0]), true);
    assert.equal(runsDockerd(line('/usr/bin/dockerd-rootless.sh').commands[0]), false);
  });

  it('a lone ";" separates commands, "\\;" is a literal ";" word', () => {
    const parsed = line('/bin/echo a \\; b ; /usr/bin/dockerd -D');
    assert.equal(parsed.commands.length, 2);
    assert.deepEqual(
      parsed.commands[0].args.map((w) => w.text),
      ['a', ';', 'b'],
    );
    assert.equal(parsed.commands[1].path.text, '/usr/bin/dockerd');
  });

  it('specifiers: %% is a percent sign, %n the unit, %i the instance; host ones stay; unknown ones are an error', () => {
    const parsed = line('/usr/bin/dockerd --label=a%%b --label=%n --label=%H');
    assert.deepEqual(
      parsed.commands[0].args.map((w) => w.text),
      ['--label=a%b', '--label=docker.service', '--label=%H'],
    );
    assert.deepEqual(parsed.runtimeSpecifiers, ['%H']);
    const template = parseExecLine(sliceMapped('/usr/bin/dockerd --data-root=/var/lib/%i', 0, 41), { name: 'docker@blue.service' });
    assert.equal(template.commands[0].args[0].text, '--data-root=/var/lib/blue');
    const bad = line('/usr/bin/dockerd %Z');
    assert.equal(bad.ok, false);
    assert.match(bad.problems[0].message, /specifiers/);
  });

  it('documented example: Environment="ONE=one" \'TWO=two two\', ExecStart=echo $ONE $TWO ${TWO}', () => {
    assert.deepEqual(argsOf(`[Service]\nEnvironment="ONE=one" 'TWO=two two'\nExecStart=/bin/echo $ONE $TWO \${TWO}\n`), ['one', 'two', 'two', 'two two']);
  });

  it("documented example: ONE='one' \"TWO='two two' too\" THREE= (the man page's \"'one'\" was a doc bug, systemd#42442)", () => {
    const env = `[Service]\nEnvironment=ONE='one' "TWO='two two' too" THREE=\n`;
    assert.deepEqual(argsOf(env + 'ExecStart=/bin/echo ${ONE} ${TWO} ${THREE}\n'), ['one', "'two two' too", '']);
    assert.deepEqual(argsOf(env + 'ExecStart=/bin/echo $ONE $TWO $THREE\n'), ['one', 'two two', 'too']);
  });

  it('$$ is a literal $, an undefined $VAR word vanishes, a $ inside a word stays', () => {
    assert.deepEqual(argsOf('[Service]\nExecStart=/bin/echo $$HOME $UNDEFINED a$b\n'), ['$HOME', 'a$b']);
  });

  it('the ":" prefix turns substitution off', () => {
    assert.deepEqual(argsOf('[Service]\nEnvironment=X=1\nExecStart=:/bin/echo $X\n'), ['$X']);
  });

  it('an empty Environment= resets the variables', () => {
    assert.deepEqual(argsOf('[Service]\nEnvironment=X=1\nEnvironment=\nExecStart=/bin/echo $X\n'), []);
  });
});
