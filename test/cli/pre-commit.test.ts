// The pre-commit hook definition (.pre-commit-hooks.yaml) run by the real pre-commit
// (`pre-commit try-repo` on this repository) against a git repository with staged files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';

const repositoryRoot = join(__dirname, '..', '..');
const cliPath = join(repositoryRoot, 'dist', 'cli.js');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'dockerd-lint-pre-commit-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A git repository with `files` staged, and a PATH whose `dockerd-lint` is this build's CLI. */
function stagedRepository(name: string, files: Record<string, string>): { cwd: string; env: NodeJS.ProcessEnv } {
  const cwd = join(scratch, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  const git = (...args: string[]) => assert.equal(spawnSync('git', args, { cwd }).status, 0, `git ${args.join(' ')}`);
  git('init', '-q');
  git('add', '.');
  const bin = join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'dockerd-lint'), `#!/bin/sh\nexec "${process.execPath}" "${cliPath}" "$@"\n`);
  chmodSync(join(bin, 'dockerd-lint'), 0o755);
  return { cwd, env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, PRE_COMMIT_HOME: join(scratch, 'cache') } };
}

function tryRepo(repository: { cwd: string; env: NodeJS.ProcessEnv }) {
  const result = spawnSync('pre-commit', ['try-repo', repositoryRoot, 'dockerd-lint', '--all-files'], { ...repository, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: result.stdout + result.stderr };
}

describe('pre-commit hook', { skip: hasPreCommit ? false : 'pre-commit is not installed (.ci/install-oracles installs it)' }, () => {
  it('fails on a staged Compose file that mounts the Docker socket, naming the rule', () => {
    const { code, output } = tryRepo(
      stagedRepository('bad', { 'compose.yaml': 'services:\n  app:\n    image: alpine\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n', 'README.md': '# x\n' }),
    );
    assert.equal(code, 1, output);
    assert.match(output, /compose\.yaml \(compose\)\n {2}5:9 {2}error .* docker-socket-mount/);
  });

  it('passes a clean daemon.json, and skips a repository without files of its kinds', () => {
    assert.equal(tryRepo(stagedRepository('good', { 'etc/docker/daemon.json': '{ "debug": true }\n' })).code, 0);
    const none = tryRepo(stagedRepository('none', { 'README.md': '# x\n' }));
    assert.equal(none.code, 0, none.output);
    assert.match(none.output, /dockerd-lint\.*\(no files to check\)Skipped/);
  });
});
