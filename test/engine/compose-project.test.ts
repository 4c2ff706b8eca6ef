// Compose projects (compose/project.ts): override files, COMPOSE_FILE, include, extends with
// file:, env_file contents, !reset and !override, and findings placed in the file that set
// the value. The cases where docker-compose v1 agrees with the spec are also checked against
// it in test/oracle/compose-config.test.ts.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { type SourceFile, lintFiles } from '../../server/src/engine/lint';
import { parseDotenv } from '../../server/src/engine/compose/dotenv';

const folder = 'file:///p/';

/** Lints `linted` (name -> text) as a project whose other files are `others`. */
function lintProject(linted: Record<string, string>, others: Record<string, string> = {}) {
  const sources: SourceFile[] = Object.entries(linted).map(([name, text]) => ({ uri: folder + name, text }));
  const options = { ...defaultLintOptions(), readCompanion: (uri: string) => others[uri.slice(folder.length)] };
  const results = lintFiles(sources, options);
  const texts = { ...linted, ...others };
  return results.flatMap((result) =>
    result.findings.map((finding) => {
      const name = finding.uri.slice(folder.length);
      return { rule: finding.ruleId, file: name, text: texts[name].slice(finding.span.start, finding.span.end), fixes: finding.fixes.length };
    }),
  );
}

const socket = '/var/run/docker.sock:/var/run/docker.sock';

describe('Compose project: override file', () => {
  it('a socket mount the override adds is reported in the override', () => {
    const found = lintProject({ 'compose.yaml': 'services:\n  app:\n    image: nginx\n', 'compose.override.yaml': `services:\n  app:\n    volumes:\n      - ${socket}\n` });
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-socket-mount').map((f) => [f.file, f.text]),
      [['compose.override.yaml', '/var/run/docker.sock']],
    );
  });

  it('a value the override corrects is not reported', () => {
    const found = lintProject({ 'compose.yaml': 'services:\n  app:\n    image: nginx\n    privileged: true\n', 'compose.override.yaml': 'services:\n  app:\n    privileged: false\n' });
    assert.deepEqual(
      found.filter((f) => f.rule === 'privileged'),
      [],
    );
  });

  it('a volume the override replaces (same target) is not reported; without the override it is', () => {
    const base = `services:\n  app:\n    image: nginx\n    volumes:\n      - ${socket}\n`;
    const override = 'services:\n  app:\n    volumes:\n      - ./sock:/var/run/docker.sock\n';
    assert.deepEqual(
      lintProject({ 'compose.yaml': base, 'compose.override.yaml': override }).filter((f) => f.rule === 'docker-socket-mount'),
      [],
    );
    assert.equal(lintProject({ 'compose.yaml': base }).filter((f) => f.rule === 'docker-socket-mount').length, 1);
  });

  it('the override is read as a companion when only the base is linted', () => {
    const found = lintProject({ 'compose.yaml': 'services:\n  app:\n    image: nginx\n' }, { 'compose.override.yaml': 'services:\n  app:\n    privileged: true\n' });
    // The override is not linted, so its finding has nowhere to go; the base holds none of it.
    assert.deepEqual(
      found.filter((f) => f.rule === 'privileged'),
      [],
    );
  });
});

describe('Compose project: !reset and !override (compose-spec merge.md)', () => {
  it('!reset removes the base ports and volumes', () => {
    const found = lintProject({
      'compose.yaml': `services:\n  app:\n    image: nginx\n    ports:\n      - "2375:2375"\n    volumes:\n      - ${socket}\n`,
      'compose.override.yaml': 'services:\n  app:\n    ports: !reset []\n    volumes: !reset []\n',
    });
    assert.deepEqual(
      found.filter((f) => ['docker-socket-mount', 'docker-api-port-published'].includes(f.rule)),
      [],
    );
  });

  it('!override replaces the base list; a plain list is appended', () => {
    const base = `services:\n  app:\n    image: nginx\n    volumes:\n      - ${socket}\n`;
    const replaced = lintProject({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  app:\n    volumes: !override\n      - ./data:/data\n' });
    assert.deepEqual(
      replaced.filter((f) => f.rule === 'docker-socket-mount'),
      [],
    );
    const appended = lintProject({ 'compose.yaml': base, 'compose.override.yaml': 'services:\n  app:\n    volumes:\n      - ./data:/data\n' });
    assert.deepEqual(
      appended.filter((f) => f.rule === 'docker-socket-mount').map((f) => f.file),
      ['compose.yaml'],
    );
  });

  it('!reset on a scalar removes it', () => {
    const found = lintProject({ 'compose.yaml': 'services:\n  app:\n    image: nginx\n    privileged: true\n', 'compose.override.yaml': 'services:\n  app:\n    privileged: !reset null\n' });
    assert.deepEqual(
      found.filter((f) => f.rule === 'privileged'),
      [],
    );
  });
});

describe('Compose project: COMPOSE_FILE, include, extends file:', () => {
  it('COMPOSE_FILE in .env names the files merged, in order', () => {
    const found = lintProject(
      { 'compose.yaml': 'services:\n  app:\n    image: nginx\n', 'docker-compose.dev.yml': `services:\n  app:\n    volumes:\n      - ${socket}\n` },
      { '.env': 'COMPOSE_FILE=compose.yaml:docker-compose.dev.yml\n' },
    );
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-socket-mount').map((f) => f.file),
      ['docker-compose.dev.yml'],
    );
  });

  it('an included file adds its services, reported in that file', () => {
    const found = lintProject({
      'compose.yaml': 'include:\n  - sub/tools.yaml\nservices:\n  app:\n    image: nginx\n',
      'sub/tools.yaml': `services:\n  tool:\n    image: docker:cli\n    volumes:\n      - ${socket}\n`,
    });
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-socket-mount').map((f) => f.file),
      ['sub/tools.yaml'],
    );
  });

  it('extends with file: inherits the base service from the other file, reported there', () => {
    const found = lintProject(
      { 'compose.yaml': 'services:\n  app:\n    extends:\n      file: common.yml\n      service: base\n    image: nginx\n' },
      { 'common.yml': 'services:\n  base:\n    image: alpine\n    privileged: true\n' },
    );
    // common.yml is not linted: the finding belongs to it, not to compose.yaml.
    assert.deepEqual(
      found.filter((f) => f.rule === 'privileged'),
      [],
    );
    const linted = lintProject({
      'compose.yaml': 'services:\n  app:\n    extends:\n      file: common.yml\n      service: base\n    image: nginx\n',
      'common.yml': 'services:\n  base:\n    image: alpine\n    privileged: true\n',
    });
    assert.ok(linted.some((f) => f.rule === 'privileged' && f.file === 'common.yml'));
  });

  it('include cycles and deep chains stop', () => {
    const found = lintProject(
      { 'compose.yaml': 'include:\n  - compose.yaml\n  - a.yaml\nservices:\n  app:\n    image: nginx\n' },
      { 'a.yaml': 'include:\n  - a.yaml\n  - compose.yaml\nservices: {}\n' },
    );
    assert.ok(Array.isArray(found));
  });
});

describe('Compose project: env_file', () => {
  it('DOCKER_HOST from an env file is found, at the env_file entry, without a fix', () => {
    const found = lintProject({ 'compose.yaml': 'services:\n  app:\n    image: docker:cli\n    env_file: docker.env\n' }, { 'docker.env': '# remote\nDOCKER_HOST=tcp://build:2375\n' });
    const hit = found.filter((f) => f.rule === 'docker-host-plain-tcp');
    assert.deepEqual(
      hit.map((f) => [f.file, f.text, f.fixes]),
      [['compose.yaml', 'docker.env', 0]],
    );
  });

  it('environment: wins over the env file', () => {
    const found = lintProject(
      { 'compose.yaml': 'services:\n  app:\n    image: docker:cli\n    env_file: docker.env\n    environment:\n      DOCKER_HOST: unix:///var/run/docker.sock\n' },
      { 'docker.env': 'DOCKER_HOST=tcp://build:2375\n' },
    );
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-host-plain-tcp'),
      [],
    );
  });

  it('an env file that sets DOCKER_TLS_VERIFY turns verification on', () => {
    const found = lintProject(
      { 'compose.yaml': 'services:\n  app:\n    image: docker:cli\n    env_file: [docker.env]\n    environment:\n      DOCKER_HOST: tcp://build:2376\n' },
      { 'docker.env': 'DOCKER_TLS_VERIFY=1\n' },
    );
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-host-plain-tcp'),
      [],
    );
  });
});

describe("Compose project: interpolation from the project's .env", () => {
  const compose = 'services:\n  app:\n    image: nginx\n    volumes:\n      - ${SOCK:-/tmp/x.sock}:/var/run/docker.sock\n    environment:\n      DOCKER_HOST: ${REMOTE}\n';
  it('a socket path and a DOCKER_HOST the .env sets are found', () => {
    const found = lintProject({ 'compose.yaml': compose }, { '.env': 'SOCK=/var/run/docker.sock\nREMOTE=tcp://ci:2375\n' });
    assert.deepEqual(
      found
        .filter((f) => ['docker-socket-mount', 'docker-host-plain-tcp'].includes(f.rule))
        .map((f) => [f.rule, f.text])
        .sort(),
      [
        ['docker-host-plain-tcp', 'DOCKER_HOST: ${REMOTE}'],
        ['docker-socket-mount', '${SOCK:-/tmp/x.sock}'],
      ],
    );
  });
  it('a value of the file that holds the service keeps its fix; one from the override has none', () => {
    const found = lintProject(
      {
        // A TLS fix is offered only for a daemon in the files at hand (docker-host-plain-tcp): the dind is here.
        'compose.yaml': 'services:\n  ci:\n    image: docker:27-dind\n    privileged: true\n  app:\n    image: docker:cli\n    environment:\n      DOCKER_HOST: tcp://ci:2375\n',
        'compose.override.yaml': 'services:\n  app:\n    environment:\n      OTHER: tcp://x:1\n  tool:\n    image: docker:cli\n',
      },
      { '.env': 'X=1\n' },
    );
    assert.deepEqual(
      found.filter((f) => f.rule === 'docker-host-plain-tcp').map((f) => [f.file, f.fixes]),
      [['compose.yaml', 1]],
    );
    const moved = lintProject({
      'compose.yaml': 'services:\n  ci:\n    image: docker:27-dind\n    privileged: true\n  app:\n    image: docker:cli\n',
      'compose.override.yaml': 'services:\n  app:\n    environment:\n      DOCKER_HOST: tcp://ci:2375\n',
    });
    assert.deepEqual(
      moved.filter((f) => f.rule === 'docker-host-plain-tcp').map((f) => [f.file, f.fixes]),
      [['compose.override.yaml', 0]],
    );
  });
  it('without the .env, the default and the unset variable decide', () => {
    const found = lintProject({ 'compose.yaml': compose });
    assert.deepEqual(
      found.filter((f) => ['docker-socket-mount', 'docker-host-plain-tcp'].includes(f.rule)),
      [],
    );
  });
});

describe('Compose project: hardening fields merge', () => {
  const strict = (linted: Record<string, string>) => {
    const results = lintFiles(
      Object.entries(linted).map(([name, text]) => ({ uri: folder + name, text })),
      { ...defaultLintOptions(), preset: 'strict', readCompanion: () => undefined },
    );
    const hardening = ['capabilities-not-dropped', 'writable-root-filesystem', 'no-resource-limits', 'image-not-pinned'];
    return results.flatMap((result) => result.findings.filter((f) => hardening.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.uri.slice(folder.length)}`)).sort();
  };
  const base = 'services:\n  app:\n    image: example/app:1\n';

  it("an override's cap_drop, read_only, pids_limit, mem_limit and build are kept", () => {
    assert.deepEqual(strict({ 'compose.yaml': base }), [
      'capabilities-not-dropped compose.yaml',
      'image-not-pinned compose.yaml',
      'no-resource-limits compose.yaml',
      'writable-root-filesystem compose.yaml',
    ]);
    const override = 'services:\n  app:\n    build: .\n    cap_drop: [ALL]\n    read_only: true\n    pids_limit: 100\n    mem_limit: 256m\n';
    assert.deepEqual(strict({ 'compose.yaml': base, 'compose.override.yaml': override }), []);
  });

  it('!reset in the override removes them again; a read_only: false is reported where it is set', () => {
    const hardened = 'services:\n  app:\n    image: example/app:1\n    build: .\n    cap_drop: [ALL]\n    read_only: true\n    pids_limit: 100\n    mem_limit: 256m\n';
    const reset = 'services:\n  app:\n    cap_drop: !reset []\n    read_only: false\n    pids_limit: !reset null\n';
    assert.deepEqual(strict({ 'compose.yaml': hardened, 'compose.override.yaml': reset }), [
      'capabilities-not-dropped compose.yaml',
      'no-resource-limits compose.yaml',
      'writable-root-filesystem compose.override.yaml',
    ]);
  });
});

describe('dotenv reading', () => {
  it('reads KEY=VALUE, export, quotes and comments', () => {
    assert.deepEqual(
      // parseDotenv (compose/dotenv.ts) counts lines from 0; shown here from 1 as editors do.
      [...parseDotenv('file:///p/.env', '# c\nA=1\nexport B="two words"\nC=x # note\nD\n=bad\nE=\'q\'\n').variables].map(([name, v]) => [name, v.value, v.line + 1]),
      [
        ['A', '1', 2],
        ['B', 'two words', 3],
        ['C', 'x', 4],
        ['E', 'q', 7],
      ],
    );
  });
});

describe('Compose project: linear in its size', () => {
  /** A project of `count` services, each extending one base in common.yml, overridden, with an env file. */
  function project(count: number) {
    const names = Array.from({ length: count }, (_, i) => `s${i}`);
    const base =
      'services:\n' +
      names.map((name) => `  ${name}:\n    extends:\n      file: common.yml\n      service: base\n    env_file: app.env\n    ports:\n      - "${1000 + (names.indexOf(name) % 5000)}:80"\n`).join('');
    const override = 'services:\n' + names.map((name) => `  ${name}:\n    environment:\n      MODE: ${name}\n    volumes:\n      - ./d:/d\n`).join('');
    const others = { 'common.yml': 'services:\n  base:\n    image: nginx\n    volumes:\n      - ./c:/c\n', 'app.env': Array.from({ length: 20 }, (_, i) => `V${i}=${i}`).join('\n') };
    return () => lintProject({ 'compose.yaml': base, 'compose.override.yaml': override }, others);
  }

  it('four times the services take far less than sixteen times as long (one run, a ratio)', () => {
    const time = (run: () => unknown) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        run();
        best = Math.min(best, Number(process.hrtime.bigint() - start));
      }
      return best;
    };
    const small = project(150);
    const large = project(600);
    small();
    const ratio = time(large) / time(small);
    // Linear is about 4; quadratic would be 16.
    assert.ok(ratio < 10, `ratio ${ratio.toFixed(1)}`);
  });
});

describe('Compose project: env files within a budget', () => {
  it('a large env file named by many services is copied only up to the budget, then left unread', () => {
    const services = 'services:\n' + Array.from({ length: 400 }, (_, i) => `  s${i}:\n    image: docker:cli\n    env_file: big.env\n`).join('');
    const big = Array.from({ length: 1000 }, (_, i) => `V${i}=${i}`).join('\n') + '\nDOCKER_HOST=tcp://x:2375\n';
    const found = lintProject({ 'compose.yaml': services }, { 'big.env': big });
    const hits = found.filter((f) => f.rule === 'docker-host-plain-tcp');
    // 100 000 variables: the first 99 services get the file's 1001, the others are told it was not read.
    assert.equal(hits.length, 99);
  });
});
