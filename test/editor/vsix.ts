// Packages the extension the way `npm run package` does, from the dist/ that `npm test` built,
// into a folder of the caller's choosing.

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

export const repositoryRoot = join(dirname(__filename), '..', '..');

/** Runs vsce (bundled: no node_modules in the package) and returns the .vsix path. */
export function packageVsix(outDir: string): string {
  const out = join(outDir, 'dockerd-lint.vsix');
  const vsce = join(repositoryRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const result = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vsce package failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return out;
}
