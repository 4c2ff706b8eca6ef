// A Compose project's .env: read as `docker compose` reads it, and used to interpolate the
// Compose files next to it. The oracle is Debian's docker-compose (v1) `config`, which prints
// the project with every variable substituted.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseDotenv } from '../../server/src/engine/compose/dotenv';
import { parseCompose } from '../../server/src/engine/compose/parse';
import { lintCase } from '../helpers/rule-tester';

const dotenv = [
  '# comment',
  'IMAGE=busybox:1.36',
  'A="quoted value"',
  "B='single $x'",
  'C=',
  'D=',
  'export F=exported',
  'H=a # trailing comment',
  'I=  spaced  ',
  'J="escaped \\"quote\\""',
  'not a line',
  '',
].join('\n');

const composeUsingIt = [
  'services:',
  '  app:',
  '    image: ${IMAGE:-alpine}',
  '    environment:',
  '      A: ${A}',
  '      B: "${B}"',
  '      C: ${C:-dflt}',
  '      D: ${D-dflt}',
  '      F: $F',
  '      G: ${UNSET:-x}',
  '      H: ${H}',
  '      I: ${I}',
  '      J: ${J}',
  '',
].join('\n');

describe('Compose .env', () => {
  it('reads NAME=value lines as docker compose does', () => {
    const env = parseDotenv('file:///p/.env', dotenv);
    assert.deepEqual(Object.fromEntries([...env.variables].map(([name, variable]) => [name, variable.value])), {
      IMAGE: 'busybox:1.36',
      A: 'quoted value',
      B: 'single $x',
      C: '',
      D: '',
      F: 'exported',
      H: 'a',
      I: 'spaced',
      J: 'escaped "quote"',
    });
    assert.equal(env.variables.get('IMAGE')!.line, 1);
  });

  it('interpolates the Compose file next to it: values, defaults of empty variables, notes without the value', () => {
    const model = lintModel();
    const app = model.services[0];
    assert.equal(app.image?.text, 'busybox:1.36');
    assert.deepEqual(app.image?.notes, ['${IMAGE:-alpine} is taken from .env (line 2)']);
    assert.deepEqual(Object.fromEntries(app.environment.map((variable) => [variable.name, variable.value?.text])), expectedEnvironment);
  });

  it('agrees with docker-compose config (v1) on every value', (t) => {
    if (spawnSync('docker-compose', ['version']).status !== 0) return t.skip('docker-compose is not installed (.ci/install-oracles installs it)');
    const folder = mkdtempSync(join(tmpdir(), 'dockerd-lint-dotenv-'));
    try {
      writeFileSync(join(folder, 'compose.yaml'), composeUsingIt);
      writeFileSync(join(folder, '.env'), dotenv);
      const result = spawnSync('docker-compose', ['config'], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      assert.equal(result.status, 0, result.stderr);
      const config = parse(result.stdout) as { services: { app: { image: string; environment: Record<string, string> } } };
      // `config` prints a literal `$` as `$$` (escaped for a second interpolation).
      const printed = Object.fromEntries(Object.entries(config.services.app.environment).map(([name, value]) => [name, String(value).replace(/\$\$/g, '$')]));
      assert.deepEqual(printed, expectedEnvironment);
      assert.equal(config.services.app.image, lintModel().services[0].image?.text);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a socket path set in .env is judged by its value; a .env value corrects a default', () => {
    const socket = 'services:\n  app:\n    image: alpine\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n';
    const ids = (files: Record<string, string>) => lintCase(files).flatMap((result) => result.findings.map((finding) => `${finding.ruleId} ${finding.message.includes('.env (line 1)')}`));
    // Unset, the variable host path is judged by its target (issue 19 item 8); from .env, by its value.
    assert.deepEqual(ids({ 'compose.yaml': socket }), ['docker-socket-mount false']);
    assert.deepEqual(ids({ 'compose.yaml': socket, '.env': 'SOCK=/var/run/docker.sock\n' }), ['docker-socket-mount true']);
    assert.deepEqual(ids({ 'compose.yaml': socket, 'other/.env': 'SOCK=/var/run/docker.sock\n' }), ['docker-socket-mount false'], 'only the .env of the project folder');
    const client = 'services:\n  cli:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: ${DOCKER_HOST:-tcp://dind:2375}\n';
    assert.deepEqual(ids({ 'compose.yaml': client }), ['docker-host-plain-tcp false']);
    assert.deepEqual(ids({ 'compose.yaml': client, '.env': 'DOCKER_HOST=unix:///run/user/1000/docker.sock\n' }), []);
  });
});

describe('COMPOSE_FILE in a project .env', () => {
  const files = {
    '.env': 'COMPOSE_FILE=deploy/stack.txt:deploy/ci.txt\nSOCK=/var/run/docker.sock\n',
    'deploy/stack.txt': 'services:\n  app:\n    image: alpine\n',
    'deploy/ci.txt': 'services:\n  app:\n    volumes:\n      - ${SOCK}:/var/run/docker.sock\n',
  };

  it('names Compose files whatever their names, read with the project .env', () => {
    const results = lintCase(files);
    assert.deepEqual(
      results.map((result) => [result.uri.slice('file:///workspace/'.length), result.kind, result.findings.map((finding) => finding.ruleId)]),
      [
        ['deploy/stack.txt', 'compose', []],
        ['deploy/ci.txt', 'compose', ['docker-socket-mount']],
      ],
    );
    assert.match(results[1].findings[0].message, /\$\{SOCK\} is taken from \.env \(line 2\)/);
  });

  it('docker-compose config reads the same files and the same socket path', (t) => {
    if (spawnSync('docker-compose', ['version']).status !== 0) return t.skip('docker-compose is not installed (.ci/install-oracles installs it)');
    const folder = mkdtempSync(join(tmpdir(), 'dockerd-lint-compose-file-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(folder, path)), { recursive: true });
        writeFileSync(join(folder, path), text);
      }
      const result = spawnSync('docker-compose', ['config'], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      assert.equal(result.status, 0, result.stderr);
      const config = parse(result.stdout) as { services: { app: { image: string; volumes: string[] } } };
      assert.equal(config.services.app.image, 'alpine');
      assert.deepEqual(config.services.app.volumes, ['/var/run/docker.sock:/var/run/docker.sock:rw']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

const expectedEnvironment = { A: 'quoted value', B: 'single $x', C: 'dflt', D: '', F: 'exported', G: 'x', H: 'a', I: 'spaced', J: 'escaped "quote"' };

function lintModel() {
  const [result] = lintCase({ 'compose.yaml': composeUsingIt, '.env': dotenv });
  assert.equal(result.kind, 'compose');
  // The model the rules read, through the same parse the engine uses with the .env.
  return parseCompose('file:///workspace/compose.yaml', composeUsingIt, parseDotenv('file:///workspace/.env', dotenv)).containers.models[0];
}
