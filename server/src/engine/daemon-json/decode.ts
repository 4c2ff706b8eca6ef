// Bytes of a daemon.json to text, as dockerd (23.0+) reads them: a UTF-8 or UTF-16 (LE/BE)
// byte-order mark selects the encoding (unicode.BOMOverride); without one the bytes must be
// UTF-8. The BOM stays in the text as U+FEFF so offsets and edits keep it.

export interface DecodedDaemonJson {
  text: string;
  /** Offset (UTF-16 code units, in `text`) of the first byte sequence that is not valid UTF-8. */
  invalidUtf8Offset?: number;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

export function decodeDaemonJson(bytes: Uint8Array): DecodedDaemonJson {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes), encoding: 'utf-16be' };
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    return { text, invalidUtf8Offset: firstInvalidUtf8(bytes), encoding: 'utf-8' };
  }
}

/** The offset in the decoded text where the first invalid sequence starts. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  const validPrefix = (n: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (validPrefix(mid)) low = mid;
    else high = mid - 1;
  }
  // Streaming, so that the lead bytes of the bad sequence (kept back) are not counted as a U+FFFD.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(0, low), { stream: true }).length;
}
