// VS Code itself (Electron) through @vscode/test-electron: loads the extension from this
// repository and runs test/editor/electron/suite.ts inside the extension host. Needs a VS Code
// build (VSCODE_EXECUTABLE, or a download from update.code.visualstudio.com) and an X display
// (run under xvfb-run on a server); skipped, with the reason, otherwise.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { build } from 'esbuild';
import { repositoryRoot } from './vsix';

async function vscodeExecutable(): Promise<{ path: string } | { missing: string }> {
  if (process.env.VSCODE_EXECUTABLE) return { path: process.env.VSCODE_EXECUTABLE };
  const cachePath = join(process.env.DOCKERD_LINT_EDITORS ?? join(homedir(), '.cache', 'dockerd-lint-editors'), 'vscode');
  try {
    return { path: await downloadAndUnzipVSCode({ version: 'stable', cachePath, timeout: 30_000 }) };
  } catch (error) {
    return { missing: `no VS Code: VSCODE_EXECUTABLE is not set and the download failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** What the engine reports for each fixture file, by rule id: the editor must show the same. */
function expectedFindings(workspace: string): Record<string, string[]> {
  const result = spawnSync(process.execPath, [join(repositoryRoot, 'dist', 'cli.js'), '--format', 'json', workspace], { encoding: 'utf8' });
  const files: { filePath: string; messages: { ruleId: string }[] }[] = JSON.parse(result.stdout);
  const expected: Record<string, string[]> = { 'daemon.json': [], 'docker.service.d/override.conf': [], 'compose.yaml': [] };
  for (const file of files) expected[relative(workspace, file.filePath)] = file.messages.map((message) => message.ruleId);
  return expected;
}

test('extension tests inside VS Code: diagnostics on daemon.json, a drop-in and a Compose file; quick-fix; certificates', { timeout: 600_000 }, async (t) => {
  if (process.platform === 'linux' && !process.env.DISPLAY) return t.skip('no X display for VS Code (set DISPLAY, e.g. run npm test under xvfb-run)');
  const executable = await vscodeExecutable();
  if ('missing' in executable) return t.skip(executable.missing);

  const work = mkdtempSync(join(tmpdir(), 'dockerd-lint-electron-'));
  try {
    const workspace = join(work, 'workspace');
    cpSync(join(repositoryRoot, 'test', 'editor', 'workspace'), workspace, { recursive: true });
    const suite = join(work, 'suite.js');
    await build({
      entryPoints: [join(repositoryRoot, 'test', 'editor', 'electron', 'suite.ts')],
      outfile: suite,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['vscode'],
      logLevel: 'warning',
    });
    const exitCode = await runTests({
      vscodeExecutablePath: executable.path,
      extensionDevelopmentPath: repositoryRoot,
      extensionTestsPath: suite,
      extensionTestsEnv: { EXPECTED_FINDINGS: JSON.stringify(expectedFindings(workspace)) },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(work, 'user-data'), '--extensions-dir', join(work, 'extensions')],
    });
    assert.equal(exitCode, 0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
