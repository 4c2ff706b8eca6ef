// Reading a file whose name is ours to choose (`.dockerd-lint.json`) in a tree nobody has
// reviewed (issue 16 items 5 and 12): opened without following a symbolic link (O_NOFOLLOW)
// and without waiting for a writer (O_NONBLOCK: a FIFO once hung the CLI and the server),
// read only when it is a regular file (not /dev/zero, which once grew to 16.8 GB), and
// only up to a size cap. Shared by the CLI and the language server.

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Far above any real configuration file. */
export const maxConfigFileBytes = 1024 * 1024;

/** The file's text; throws an Error whose message says why it was not read. */
export function readRegularFileBounded(path: string, maxBytes = maxConfigFileBytes): string {
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK are 0 where the platform lacks them (Windows).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new Error('it is a symbolic link, which dockerd-lint does not follow for its configuration');
    throw new Error(code ?? (error as Error).message);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`it is not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) throw new Error(`it is ${stat.size} bytes; dockerd-lint reads configuration files up to ${maxBytes} bytes`);
    // Read up to one byte past the cap, in case the file grows after the check.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) throw new Error(`it grew past ${maxBytes} bytes while being read`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function kindOf(stat: ReturnType<typeof fstatSync>): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}
