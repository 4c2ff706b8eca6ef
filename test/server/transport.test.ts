// The stdio framing guard on its own: it follows LSP framing across any chunking without a
// false alarm, and stops a Content-Length no honest client sends.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FramingGuard } from '../../server/src/lsp/transport';

function frame(body: string): Buffer {
  return Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** Feeds `bytes` in chunks of `size` and returns the violations and the bytes passed through. */
function feed(bytes: Buffer, size: number, maxBody = 1000): { violations: string[]; passed: Buffer } {
  const violations: string[] = [];
  const guard = new FramingGuard(maxBody, (reason) => violations.push(reason));
  const passed: Buffer[] = [];
  guard.on('data', (chunk: Buffer) => passed.push(chunk));
  for (let i = 0; i < bytes.length; i += size) guard.write(bytes.subarray(i, i + size));
  return { violations, passed: Buffer.concat(passed) };
}

describe('FramingGuard', () => {
  const stream = Buffer.concat([frame('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}'), frame('{"ü":"\\r\\n\\r\\nContent-Length: 99999"}'), frame('{}')]);

  it('legal messages in any chunking: no violation, every byte passed on unchanged', () => {
    for (const size of [1, 2, 3, 7, 16, stream.length]) {
      const { violations, passed } = feed(stream, size);
      assert.deepEqual(violations, [], `chunks of ${size}`);
      assert.deepEqual(passed, stream);
    }
  });

  it('a Content-Length over the limit, after legal messages, in any chunking: one violation', () => {
    const hostile = Buffer.concat([stream, Buffer.from('Content-Length: 999999999999\r\n\r\n{')]);
    for (const size of [1, 5, hostile.length]) assert.equal(feed(hostile, size).violations.length, 1);
    assert.match(feed(hostile, 5).violations[0], /Content-Length: 999999999999 is over the 1000-byte limit/);
  });

  it('leading zeros are only zeros: Content-Length 000000000000000002 is 2', () => {
    assert.deepEqual(feed(Buffer.from('Content-Length: 000000000000000002\r\n\r\n{}'), 4).violations, []);
  });

  it('a header that never ends', () => {
    assert.match(feed(Buffer.from(`X-Junk: ${'a'.repeat(10_000)}`), 64).violations[0] ?? '', /header longer than/);
  });
});
