// The server's end of the connection, guarded where vscode-languageserver trusts its client:
// - over stdio, a Content-Length larger than any honest message (999999999999) would have the
//   reader wait for that many bytes, deaf to everything after; the framing is followed here
//   and such a header ends the process, so that the client restarts the server;
// - requests before `initialize` are answered ServerNotInitialized and requests after
//   `shutdown` InvalidRequest, as the LSP specification asks, instead of being served.

import { Transform, type TransformCallback } from 'node:stream';
import {
  type DataCallback,
  type Disposable,
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  type Message,
  type MessageReader,
  type MessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';

/**
 * The largest message body accepted: far above a didOpen of the largest file a client syncs
 * (a few tens of MB, JSON-escaped), far below what would exhaust the heap while buffering it.
 */
export const maxMessageBytes = 256 * 1024 * 1024;

/** Longer headers are not LSP's (one or two short fields). */
const maxHeaderBytes = 8 * 1024;

/**
 * Passes a byte stream through unchanged while following its LSP framing, and calls
 * `onViolation` (once) for a header too long or a Content-Length above `maxBody`. A header
 * without a usable Content-Length is left to the reader, which reports it, and the guard stops
 * following: it cannot know where the next message starts.
 */
export class FramingGuard extends Transform {
  private header = '';
  private bodyLeft = 0;
  private following = true;

  constructor(
    private readonly maxBody: number,
    private readonly onViolation: (reason: string) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.following) this.follow(chunk);
    done(null, chunk);
  }

  private follow(chunk: Buffer): void {
    for (let i = 0; i < chunk.length && this.following; ) {
      if (this.bodyLeft > 0) {
        const taken = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= taken;
        i += taken;
        continue;
      }
      this.header += String.fromCharCode(chunk[i++]);
      if (this.header.endsWith('\r\n\r\n')) this.endHeader();
      else if (this.header.length > maxHeaderBytes) this.violation(`a message header longer than ${maxHeaderBytes} bytes`);
    }
  }

  private endHeader(): void {
    // Leading zeros dropped after the match: `0*(\d+)` backtracks quadratically on a run of zeros.
    const value = /^content-length:[ \t]*(\d+)[ \t]*$/im.exec(this.header)?.[1]?.replace(/^0+(?=\d)/, '');
    this.header = '';
    if (value === undefined) {
      this.following = false;
      return;
    }
    // Compared as text first: a value of hundreds of digits is no number worth parsing.
    if (value.length > String(this.maxBody).length || Number(value) > this.maxBody) {
      this.violation(`Content-Length: ${value.slice(0, 20)}${value.length > 20 ? '...' : ''} is over the ${this.maxBody}-byte limit`);
      return;
    }
    this.bodyLeft = Number(value);
  }

  private violation(reason: string): void {
    this.following = false;
    this.onViolation(reason);
  }
}

type Phase = 'uninitialized' | 'running' | 'shut down';

/**
 * A MessageReader that answers requests the server must not serve yet or any more, and drops
 * notifications in those phases (except `exit`, which always ends the server).
 */
export class LifecycleReader implements MessageReader {
  private phase: Phase = 'uninitialized';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get onError() {
    return this.inner.onError;
  }

  get onClose() {
    return this.inner.onClose;
  }

  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.admits(message)) callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }

  private admits(message: Message): boolean {
    const { id, method } = message as { id?: number | string | null; method?: unknown };
    // Responses to the server's own requests, and what is not a message at all, are the
    // connection's business.
    if (typeof method !== 'string') return true;
    if (method === 'exit') return true;
    const isRequest = id !== undefined && id !== null;
    if (this.phase === 'uninitialized') {
      if (method === 'initialize' && isRequest) {
        this.phase = 'running';
        return true;
      }
      if (isRequest) this.refuse(id, ErrorCodes.ServerNotInitialized, `The server is not initialized: "${method}" came before "initialize".`);
      return false;
    }
    if (this.phase === 'shut down') {
      if (isRequest) this.refuse(id, ErrorCodes.InvalidRequest, `The server is shut down: "${method}" came after "shutdown".`);
      return false;
    }
    if (method === 'initialize' && isRequest) {
      this.refuse(id, ErrorCodes.InvalidRequest, '"initialize" was already sent.');
      return false;
    }
    if (method === 'shutdown') this.phase = 'shut down';
    return true;
  }

  private refuse(id: number | string, code: number, message: string): void {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message);
  }
}

/**
 * Reader and writer for the way the server was started: `--stdio` (framing guarded; a broken
 * frame calls onFramingLost) or `--node-ipc` (framed by Node itself); undefined for the other
 * ways vscode-languageserver finds in the arguments itself (sockets, pipes).
 */
export function openTransport(onFramingLost: (reason: string) => void): { reader: MessageReader; writer: MessageWriter } | undefined {
  if (process.argv.includes('--stdio')) {
    const guarded = process.stdin.pipe(new FramingGuard(maxMessageBytes, onFramingLost));
    const writer = new StreamMessageWriter(process.stdout);
    const reader = new StreamMessageReader(guarded);
    reader.onError((error) => {
      // Bad JSON or odd params in a well-framed message are that message's problem alone: the
      // next one is read. Only a broken header (vscode-jsonrpc's wording) loses the framing.
      if (/header/i.test(error.message)) onFramingLost(error.message);
    });
    return { reader: new LifecycleReader(reader, writer), writer };
  }
  if (!process.argv.includes('--node-ipc')) return undefined;
  const writer = new IPCMessageWriter(process);
  return { reader: new LifecycleReader(new IPCMessageReader(process), writer), writer };
}
