import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { decodeDaemonJson } from '../../server/src/engine/daemon-json/decode';
import { lintText } from '../../server/src/engine/lint';
import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const engine2010 = { options: { env: { platform: 'linux' as const, engineVersion: '20.10' } } };

ruleTester('json-syntax', {
  valid: [
    { name: 'strict JSON', files: { [daemonJson]: '{\n  "debug": true\n}\n' } },
    { name: 'a BOM is fine for dockerd 23.0 and later', files: { [daemonJson]: '\ufeff{"debug": true}' } },
    { name: 'an empty file is an empty config from 23.0 on', files: { [daemonJson]: '' } },
    { name: 'whitespace only', files: { [daemonJson]: '  \n' } },
    { name: 'CRLF line endings', files: { [daemonJson]: '{\r\n  "debug": true\r\n}\r\n' } },
    { name: 'null at the top level decodes to nothing: an empty config', files: { [daemonJson]: 'null' } },
    { name: 'null on 20.10 too', files: { [daemonJson]: 'null\n' }, ...engine2010 },
    { name: 'dockerd 20.10 reads only the first JSON value (measured)', files: { [daemonJson]: '{"debug": true}\n{"debug": false}\n' }, ...engine2010 },
    { name: 'escapes and unicode in strings', files: { [daemonJson]: '{"labels": ["note=caf\\u00e9 \\"x\\"", "ü=1"]}' } },
  ],
  invalid: [
    {
      name: 'a line comment',
      files: { [daemonJson]: '{\n  // debug for now\n  "debug": true\n}\n' },
      errors: [{ line: 2, message: 'Comments are not allowed' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'a comment after a value keeps the value',
      files: { [daemonJson]: '{\n  "debug": true /* why */\n}\n' },
      errors: [{ line: 2, column: 17 }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: 'a trailing comma',
      files: { [daemonJson]: '{\n  "debug": true,\n}\n' },
      errors: [{ line: 3, message: 'trailing comma' }],
      output: { [daemonJson]: '{\n  "debug": true\n}\n' },
    },
    {
      name: "a trailing comma in a list (the docs' proxies example had one)",
      files: { [daemonJson]: '{"dns": ["1.1.1.1", "8.8.8.8",]}' },
      errors: [{ line: 1, message: 'trailing comma' }],
      output: { [daemonJson]: '{"dns": ["1.1.1.1", "8.8.8.8"]}' },
    },
    {
      name: 'single quotes',
      files: { [daemonJson]: "{'debug': true}" },
      errors: [{ line: 1, column: 2, message: 'single quotes' }],
      output: null,
    },
    {
      name: 'an array at the top level',
      files: { [daemonJson]: '["debug"]' },
      errors: [{ line: 1, message: 'cannot unmarshal array into Go value' }],
    },
    {
      name: 'a string at the top level',
      files: { [daemonJson]: '"debug"' },
      errors: [{ line: 1, message: 'not a string' }],
    },
    {
      name: 'a BOM stops dockerd 20.10',
      files: { [daemonJson]: '\ufeff{"debug": true}' },
      ...engine2010,
      errors: [{ line: 1, message: 'before 23.0' }],
      output: { [daemonJson]: '{"debug": true}' },
    },
    {
      name: 'an empty file stops dockerd 20.10 ("EOF")',
      files: { [daemonJson]: '\n' },
      ...engine2010,
      errors: [{ line: 1, message: '"EOF"' }],
      output: { [daemonJson]: '\n{}' },
    },
    {
      name: 'two objects: from 23.0 dockerd decodes the whole file',
      files: { [daemonJson]: '{"debug": true}\n{"debug": false}\n' },
      errors: [{ line: 2, message: 'after the end' }],
    },
    {
      name: 'a number with a leading zero',
      files: { [daemonJson]: '{"mtu": 01500}' },
      errors: [{ line: 1 }],
    },
  ],
});

const options = defaultLintOptions();

it('json-syntax: invalid UTF-8 is reported where it starts', () => {
  const bytes = Buffer.concat([Buffer.from('{"labels": ["a='), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"]}')]);
  const decoded = decodeDaemonJson(bytes);
  assert.equal(decoded.invalidUtf8Offset, 15);
  const result = lintText({ uri: 'file:///etc/docker/daemon.json', ...decoded }, options);
  const finding = result?.findings.find((f) => f.ruleId === 'json-syntax');
  assert.equal(finding?.span.start, 15);
  assert.match(finding?.message ?? '', /not valid UTF-8/);
  // dockerd 20.10 let Go's decoder replace bad bytes inside strings.
  const old = lintText({ uri: 'file:///etc/docker/daemon.json', ...decoded }, { ...options, env: { platform: 'linux', engineVersion: '20.10' } });
  assert.deepEqual(
    old?.findings.filter((f) => f.ruleId === 'json-syntax'),
    [],
  );
});

it('json-syntax: UTF-16 with a BOM decodes to the same findings as UTF-8', () => {
  const text = '\ufeff{"debug": true, "hostz": []}';
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  for (const bytes of [le, be]) {
    const decoded = decodeDaemonJson(bytes);
    assert.equal(decoded.text, text);
    assert.equal(decoded.invalidUtf8Offset, undefined);
    const result = lintText({ uri: 'file:///etc/docker/daemon.json', ...decoded }, options);
    assert.deepEqual(
      result?.findings.map((f) => f.ruleId),
      ['unknown-key'],
    );
  }
});
