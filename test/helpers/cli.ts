// The CLI as the tests run it: the built `node dist/cli.js` (build first), on scratch folders
// that are removed when the test file ends.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after } from 'node:test';

export const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');

const roots: string[] = [];
after(() => {
  for (const root of roots) {
    // A test may leave folders it made unreadable (hostile trees): give them back first.
    spawnSync('chmod', ['-R', 'u+rwx', root]);
    rmSync(root, { recursive: true, force: true });
  }
});

/** A scratch folder holding `files` (relative path -> text), removed after the test file. */
export function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-test-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** `node dist/cli.js ARGS` in `cwd`: its exit code and output (up to 64 MB of it). */
export function runCli(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
