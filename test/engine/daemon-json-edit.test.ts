import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removeListElement } from '../../server/src/engine/daemon-json/edit';
import { readDaemonJson } from '../../server/src/engine/daemon-json/reader';
import { applyEdits } from '../../server/src/engine/text';

function removeMember(text: string, key: string): string {
  const { members } = readDaemonJson(text);
  const index = members.findIndex((member) => member.key === key);
  return applyEdits(text, [
    removeListElement(
      text,
      members.map((m) => m.memberSpan),
      index,
    ),
  ]);
}

describe('daemon.json member removal keeps every other byte', () => {
  const multiLine = '{\n  "hosts": ["a", "b"],\n  "debug": true,\n  "x": [1, 2]\n}\n';
  it('first member', () => assert.equal(removeMember(multiLine, 'hosts'), '{\n  "debug": true,\n  "x": [1, 2]\n}\n'));
  it('middle member', () => assert.equal(removeMember(multiLine, 'debug'), '{\n  "hosts": ["a", "b"],\n  "x": [1, 2]\n}\n'));
  it('last member takes the comma before it', () => assert.equal(removeMember(multiLine, 'x'), '{\n  "hosts": ["a", "b"],\n  "debug": true\n}\n'));
  it('only member', () => assert.equal(removeMember('{\n  "debug": true\n}\n', 'debug'), '{\n}\n'));
  it('one-line object', () => assert.equal(removeMember('{"a": 1, "b": 2, "c": 3}', 'b'), '{"a": 1, "c": 3}'));
  it('one-line last', () => assert.equal(removeMember('{"a": 1, "b": 2}', 'b'), '{"a": 1}'));
  it('CRLF', () => assert.equal(removeMember('{\r\n  "a": 1,\r\n  "b": 2\r\n}\r\n', 'a'), '{\r\n  "b": 2\r\n}\r\n'));
  const commented = '{\n  // about a\n  "a": 1, // a\n  /* about b */\n  "b": 2, // b\n  // about c\n  "c": 3 // c\n}\n';
  it('a comment on the removed line goes, the one above the next member stays', () =>
    assert.equal(removeMember(commented, 'a'), '{\n  // about a\n  /* about b */\n  "b": 2, // b\n  // about c\n  "c": 3 // c\n}\n'));
  it('the last member with comments between it and the previous one', () =>
    assert.equal(removeMember(commented, 'c'), '{\n  // about a\n  "a": 1, // a\n  /* about b */\n  "b": 2 // b\n  // about c\n}\n'));
  it('a member spanning lines', () => assert.equal(removeMember('{\n  "x": {\n    "y": 1\n  },\n  "z": 2\n}\n', 'x'), '{\n  "z": 2\n}\n'));
  it("the closing brace on the last member's line", () => assert.equal(removeMember('{\n  "a": 1,\n  "b": 2}', 'b'), '{\n  "a": 1}'));
});
