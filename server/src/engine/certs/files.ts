// Writes a certificate set under the names Docker expects (so DOCKER_CERT_PATH works as is),
// never replacing a file unless asked, and then keeping the old one as a backup.
// The only part of the certificate module that touches the disk; used by the CLI and the
// extension alike.

import { closeSync, constants, copyFileSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CertificateSet } from './generate';
import { certificateFileNames } from './names';
import { outputFolderProblem } from './output-folder';

export interface PlannedFile {
  name: string;
  /** Private keys are written 0600, certificates 0644. */
  secret: boolean;
  contents: string;
}

/**
 * The files of a set, in writing order. With `keepCaKey: false` the CA key is not part of
 * the output at all: it only ever lived in memory, so nobody can sign with this CA again.
 */
export function plannedFiles(set: CertificateSet, keepCaKey: boolean): PlannedFile[] {
  const names = certificateFileNames;
  const files: PlannedFile[] = [
    { name: names.caCert, secret: false, contents: set.ca.certificatePem },
    { name: names.serverCert, secret: false, contents: set.server.certificatePem },
    { name: names.serverKey, secret: true, contents: set.server.privateKeyPem },
    { name: names.clientCert, secret: false, contents: set.client.certificatePem },
    { name: names.clientKey, secret: true, contents: set.client.privateKeyPem },
  ];
  if (keepCaKey) files.splice(1, 0, { name: names.caKey, secret: true, contents: set.ca.privateKeyPem });
  return files;
}

/** The file names `plannedFiles` would write; known before any key is generated. */
export function plannedFileNames(keepCaKey: boolean): string[] {
  const names = Object.values(certificateFileNames) as string[];
  return keepCaKey ? names : names.filter((name) => name !== certificateFileNames.caKey);
}

/** Which of the names already exist in the folder (any kind of entry, dangling links too). */
export function existingFiles(directory: string, names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      lstatSync(join(directory, name));
      return true;
    } catch {
      return false;
    }
  });
}

export interface WriteResult {
  written: string[];
  /** Old file -> its backup, for every file that was replaced. */
  backups: { file: string; backup: string }[];
}

/** The folder itself is the problem (another user's, a pseudo file system...): one line, no stack. */
export class OutputFolderError extends Error {}

export class FilesExistError extends Error {
  constructor(readonly existing: string[]) {
    super(`not replacing existing files: ${existing.join(', ')} (confirm replacing them to keep the old ones as backups)`);
  }
}

/**
 * Writes every file atomically (temporary file in the same folder, fsync, rename). Refuses
 * when any target exists, unless `replace` is set: then each old file is first copied to
 * `name.bak-<timestamp>` (never over an existing backup). Error messages name files only.
 */
export function writeCertificateFiles(directory: string, files: readonly PlannedFile[], options: { replace: boolean; now?: Date }): WriteResult {
  const before = outputFolderProblem(directory);
  if (before) throw new OutputFolderError(before);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // Again once it exists: what was created, or swapped in meanwhile, must be ours too.
  const after = outputFolderProblem(directory);
  if (after) throw new OutputFolderError(after);
  const existing = existingFiles(
    directory,
    files.map((file) => file.name),
  );
  if (existing.length > 0 && !options.replace) throw new FilesExistError(existing);
  for (const name of existing) {
    if (!lstatSync(join(directory, name)).isFile()) throw new Error(`${join(directory, name)} is not a regular file: not replacing it`);
  }

  const temporaries: { temporary: string; target: string }[] = [];
  try {
    for (const file of files) {
      const target = join(directory, file.name);
      temporaries.push({ temporary: writeTemporary(directory, file), target });
    }
    const backups = existing.map((name) => ({ file: join(directory, name), backup: backUp(directory, name, options.now ?? new Date()) }));
    for (const { temporary, target } of temporaries) renameSync(temporary, target);
    syncDirectory(directory);
    return { written: temporaries.map((entry) => entry.target), backups };
  } finally {
    for (const { temporary } of temporaries) rmSync(temporary, { force: true });
  }
}

function writeTemporary(directory: string, file: PlannedFile): string {
  const temporary = join(directory, `.${file.name}.${randomBytes(6).toString('hex')}.tmp`);
  // O_EXCL: never write through a file or link someone else put there.
  const mode = file.secret ? 0o600 : 0o644;
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    // The exact mode, whatever the umask.
    fchmodSync(fd, mode);
    writeSync(fd, file.contents);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Copies a file to a backup name that does not exist yet; the copy keeps the file's mode. */
function backUp(directory: string, name: string, now: Date): string {
  const source = join(directory, name);
  const base = `${name}.bak-${timestamp(now)}`;
  for (let attempt = 1; ; attempt++) {
    const backup = join(directory, attempt === 1 ? base : `${base}-${attempt}`);
    try {
      copyFileSync(source, backup, constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    const fd = openSync(backup, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return backup;
  }
}

/** Makes the renames durable; some platforms (Windows) cannot open a folder, which is fine. */
function syncDirectory(directory: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
