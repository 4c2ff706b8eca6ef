// Where the real editors of the test tiers are (installed by .ci/install-editors), or why not.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

export type Found = { path: string } | { missing: string };

const editorsDir = process.env.DOCKERD_LINT_EDITORS ?? join(homedir(), '.cache', 'dockerd-lint-editors');

function onPath(program: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

export function chromium(): Found {
  const path = process.env.CHROMIUM_PATH ?? onPath('chromium') ?? onPath('chromium-browser');
  return path ? { path } : { missing: 'Chromium is not installed (apt-get install chromium, or run .ci/install-editors; CHROMIUM_PATH names another one)' };
}

/** code-server runs under the Node 24 that .ci/install-editors put next to it. */
export function codeServer(): { node: string; entry: string } | { missing: string } {
  const node = join(editorsDir, 'node24', 'node_modules', 'node', 'bin', 'node');
  const entry = join(editorsDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(node)) return { missing: `Node 24 for code-server is not installed in ${editorsDir} (run .ci/install-editors)` };
  if (!existsSync(entry)) return { missing: `code-server is not installed in ${editorsDir} (run .ci/install-editors)` };
  return { node, entry };
}

export function neovim(): Found {
  const path = process.env.NVIM_PATH ?? onPath('nvim');
  return path ? { path } : { missing: 'Neovim is not installed (apt-get install neovim, or run .ci/install-editors)' };
}
