// Shared by the certificate tests: a fresh folder, and a certificate set written there the
// way the CLI writes it.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCertificateHosts } from '../../server/src/engine/certs/hosts';
import { generateCertificates } from '../../server/src/engine/certs/generate';
import type { KeyType } from '../../server/src/engine/certs/options';
import { plannedFiles, writeCertificateFiles } from '../../server/src/engine/certs/files';

export function temporaryDirectory(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `dockerd-lint-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface WrittenSet {
  directory: string;
  read(name: string): string;
}

/** Generates a set for `hosts` and writes it into `directory` (CA key included). */
export async function writeSet(directory: string, hosts: string[], keyType: KeyType = 'ecdsa-p256'): Promise<WrittenSet> {
  const parsed = parseCertificateHosts(hosts);
  if (parsed.errors.length > 0) throw new Error(`bad test hosts: ${parsed.errors.map((e) => e.error).join('; ')}`);
  const set = await generateCertificates({ hosts: parsed.hosts, keyType });
  writeCertificateFiles(directory, plannedFiles(set, true), { replace: false });
  return { directory, read: (name) => readFileSync(join(directory, name), 'utf8') };
}

export function openssl(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

export function hasOpenssl(): boolean {
  return spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
}
