// The CLI lints a folder as its Compose projects (docs/compose-projects.md): the override and
// env files are read from inside the linted folder only, as regular files of bounded size.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { maxCompanionSize } from '../../server/src/companion-reader';
import { cliPath, tree } from '../helpers/cli';

/** rule id -> file (relative to `root`) of every finding of `dockerd-lint --format json PATH`. */
function findings(path: string, root: string): string[] {
  const result = spawnSync(process.execPath, [cliPath, '--format', 'json', path], { cwd: root, encoding: 'utf8' });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
  return files.flatMap((file) => file.messages.map((message) => `${message.ruleId} ${file.filePath.slice(root.length + 1)}`)).sort();
}

const base = 'services:\n  client:\n    image: docker:cli\n    env_file: docker.env\n';
const override = 'services:\n  client:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n';
const env = 'DOCKER_HOST=tcp://builder:2375\n';

describe('CLI: a folder is linted as its Compose projects', () => {
  it("finds the override's socket mount and the env file's DOCKER_HOST", () => {
    const root = tree({ 'app/compose.yaml': base, 'app/compose.override.yaml': override, 'app/docker.env': env });
    assert.deepEqual(findings('app', root), ['docker-host-plain-tcp app/compose.yaml', 'docker-socket-mount app/compose.override.yaml']);
  });

  it('--fix edits the file that holds each value, and leaves the project clean', () => {
    // A TLS fix is offered for a client of a daemon in the same file (docker-host-plain-tcp moves dind and client together).
    const dind = (name: string) => `  ${name}:\n    image: docker:27-dind\n    privileged: true\n`;
    const client = (name: string, daemon: string) => `  ${name}:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://${daemon}:2375\n`;
    const root = tree({
      'app/compose.yaml': `services:\n${dind('ci')}${client('app', 'ci')}`,
      'app/compose.override.yaml': `services:\n  app:\n    environment:\n      MODE: x\n${dind('builder')}${client('other', 'builder')}`,
    });
    const result = spawnSync(process.execPath, [cliPath, '--fix', 'app'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(readFileSync(join(root, 'app/compose.yaml'), 'utf8'), /DOCKER_HOST: tcp:\/\/ci:2376\n {6}DOCKER_TLS_VERIFY: "1"\n/);
    const fixedOverride = readFileSync(join(root, 'app/compose.override.yaml'), 'utf8');
    assert.match(fixedOverride, /^services:\n {2}app:\n {4}environment:\n {6}MODE: x\n/);
    assert.match(fixedOverride, /DOCKER_HOST: tcp:\/\/builder:2376\n {6}DOCKER_TLS_VERIFY: "1"\n/);
    // What remains is the dinds' privileged (info): the project is clean of plain-TCP clients.
    assert.deepEqual(findings('app', root), ['privileged app/compose.override.yaml', 'privileged app/compose.yaml']);
  });

  it('an env file that is a symlink out of the tree is not read', () => {
    const root = tree({ 'app/compose.yaml': base, 'outside/docker.env': env });
    symlinkSync(join(root, 'outside', 'docker.env'), join(root, 'app', 'docker.env'));
    assert.deepEqual(findings('app', root), []);
  });

  it('an env file in a folder that links out of the tree is not read', () => {
    const root = tree({ 'app/compose.yaml': 'services:\n  client:\n    image: docker:cli\n    env_file: conf/docker.env\n', 'outside/docker.env': env });
    symlinkSync(join(root, 'outside'), join(root, 'app', 'conf'));
    assert.deepEqual(findings('app', root), []);
  });

  it('an env file larger than the cap is not read', () => {
    const root = tree({ 'app/compose.yaml': base, 'app/docker.env': env + '#'.repeat(maxCompanionSize) + '\n' });
    assert.deepEqual(findings('app', root), []);
  });

  it('a FIFO as env file does not hang the lint', () => {
    const root = tree({ 'app/compose.yaml': base });
    const fifo = spawnSync('mkfifo', [join(root, 'app', 'docker.env')]);
    assert.equal(fifo.status, 0, 'mkfifo (coreutils) makes the FIFO');
    assert.deepEqual(findings('app', root), []);
  });
});
