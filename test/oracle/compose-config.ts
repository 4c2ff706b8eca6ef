// Debian's docker-compose (1.29) as an oracle: `docker-compose config` validates a Compose
// file against the Compose schema and checks that every named volume is declared.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const available = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
export const composeConfigSkipReason = available.status === 0 ? undefined : 'docker-compose is not installed (apt package docker-compose, .ci/install-oracles)';

/** `docker-compose config` on a Compose text: its exit status and what it printed on stderr. */
export function composeConfig(text: string): { status: number | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-compose-'));
  try {
    writeFileSync(join(dir, 'compose.yaml'), text);
    const result = spawnSync('docker-compose', ['-f', join(dir, 'compose.yaml'), 'config', '-q'], { cwd: dir, encoding: 'utf8', env: { ...process.env, COMPOSE_PROJECT_NAME: 'oracle' } });
    return { status: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
