// The run-length source map against the plain model it replaces: one source offset per
// character, plus where the text ends.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MappedBuilder, type MappedText, mapOfOffsets, pointMap, sliceMapped, sourceAt, subMapped, verbatimMap } from '../../server/src/engine/mapped-text';

interface Plain {
  text: string;
  offsets: number[];
}

function offsetsOf(mapped: MappedText): number[] {
  return [...Array(mapped.text.length + 1).keys()].map((index) => sourceAt(mapped.map, index));
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** The same pieces into a builder and into the plain model: verbatim slices, expansions, escapes. */
function buildBoth(source: string, random: () => number): { mapped: MappedText; plain: Plain } {
  const whole = sliceMapped(source, 0, source.length);
  const builder = new MappedBuilder();
  const plain: Plain = { text: '', offsets: [] };
  let at = 0;
  while (at < source.length) {
    const choice = random();
    if (choice < 0.5) {
      const to = Math.min(source.length, at + 1 + Math.floor(random() * 6));
      builder.pushMapped(whole, at, to);
      for (let i = at; i < to; i++) plain.offsets.push(i);
      plain.text += source.slice(at, to);
      at = to;
    } else if (choice < 0.8) {
      // An escape: one character for two written ones.
      builder.push('E', at);
      plain.text += 'E';
      plain.offsets.push(at);
      at += 2;
    } else {
      // An expansion: several characters for one written place.
      const value = 'xyz'.slice(0, 1 + Math.floor(random() * 3));
      builder.push(value, at);
      plain.text += value;
      for (let i = 0; i < value.length; i++) plain.offsets.push(at);
      at += 2;
    }
  }
  const end = Math.min(at, source.length);
  plain.offsets.push(end);
  return { mapped: builder.build(end), plain };
}

describe('mapped text', () => {
  it('a builder maps every character as the per-character model does, also after cutting', () => {
    const source = 'ExecStart=/usr/bin/dockerd -H "tcp://0.0.0.0:2375" --tls=false %n ${OPTS}';
    for (let seed = 1; seed <= 200; seed++) {
      const random = seeded(seed);
      const { mapped, plain } = buildBoth(source, random);
      assert.equal(mapped.text, plain.text);
      assert.deepEqual(offsetsOf(mapped), plain.offsets, `seed ${seed}`);
      const from = Math.floor(random() * (plain.text.length + 1));
      const to = from + Math.floor(random() * (plain.text.length - from + 1));
      const cut = subMapped(mapped, from, to);
      assert.equal(cut.text, plain.text.slice(from, to));
      assert.deepEqual(offsetsOf(cut), [...plain.offsets.slice(from, to), plain.offsets[to]], `seed ${seed}, [${from}, ${to})`);
    }
  });

  it('keeps one run for text written in one piece', () => {
    const builder = new MappedBuilder();
    const line = sliceMapped('Environment=A=1 B=2', 12, 19);
    builder.pushMapped(line, 0, 3);
    builder.pushMapped(line, 3, 7);
    assert.deepEqual(builder.build(19).map.runs, [0, 12]);
  });

  it("an explicit end replaces the next character's start", () => {
    const value = subMapped(sliceMapped('Key=value  ', 0, 11), 4, 9, 9);
    assert.equal(value.text, 'value');
    assert.equal(sourceAt(value.map, value.text.length), 9);
  });

  it('maps built from offsets, from one point, and verbatim agree with their description', () => {
    assert.deepEqual(offsetsOf({ text: 'abcd', map: mapOfOffsets([5, 6, 9, 9], 10) }), [5, 6, 9, 9, 10]);
    assert.deepEqual(offsetsOf({ text: 'abc', map: pointMap(7, 3) }), [7, 7, 7, 7]);
    assert.deepEqual(offsetsOf({ text: 'ab', map: verbatimMap(3, 2) }), [3, 4, 5]);
    assert.deepEqual(offsetsOf({ text: '', map: verbatimMap(3, 0) }), [3]);
  });
});
