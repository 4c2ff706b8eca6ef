// GitLab CI (issue 20): a `.gitlab-ci.yml` is found by the CLI, read into the container model
// (one stack per job: the job container and its services) and judged by the same rules as
// Compose. Fixtures under gitlab-ci/ are public pipelines (GitLab's docs and templates).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tree } from '../helpers/cli';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';

const fixtures = join(__dirname, 'gitlab-ci');

function fixture(name: string): string {
  return readFileSync(join(fixtures, name), 'utf8');
}

interface JsonMessage {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fix?: unknown;
  fixable?: boolean;
}

function lintJson(files: Record<string, string>) {
  const root = tree(files);
  const result = runCli(['--format', 'json', '.'], root);
  return { ...result, files: JSON.parse(result.stdout) as { filePath: string; kind: string; messages: JsonMessage[] }[] };
}

/** The 1-based line and column of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} is in the fixture`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

describe('GitLab CI: the Code Quality pipeline (dind without TLS)', () => {
  const text = fixture('code-quality.gitlab-ci.yml');

  it('is checked as gitlab-ci and reports dind-tls-disabled and docker-host-plain-tcp at their variables', () => {
    const { code, files } = lintJson({ '.gitlab-ci.yml': text });
    assert.equal(files.length, 1);
    assert.equal(files[0].kind, 'gitlab-ci');
    assert.equal(code, 1);
    const byRule = new Map(files[0].messages.map((message) => [message.ruleId, message]));
    const tlsOff = byRule.get('dind-tls-disabled');
    assert.ok(tlsOff, JSON.stringify(files[0].messages, null, 1));
    assert.equal(tlsOff.severity, 'error');
    assert.match(tlsOff.message, /^Service "docker:20\.10\.12-dind" of job "code_quality" sets DOCKER_TLS_CERTDIR to empty/);
    // Without FF_NETWORK_PER_BUILD: GitLab's legacy links on Docker's default bridge.
    assert.match(tlsOff.message, /reachable without authentication from the job's container, which GitLab links to it, and by address from every container on Docker's default bridge/);
    const certDir = positionOf(text, 'DOCKER_TLS_CERTDIR: ""');
    assert.deepEqual([tlsOff.line, tlsOff.column], [certDir.line, certDir.column]);
    const plain = byRule.get('docker-host-plain-tcp');
    assert.ok(plain);
    assert.match(plain.message, /^Job "code_quality" talks to the Docker API at tcp:\/\/docker:2375 without TLS/);
    const host = positionOf(text, 'DOCKER_HOST: tcp');
    assert.deepEqual([plain.line, plain.column], [host.line, host.column]);
    // The listener the entrypoint adds is dind-tls-disabled's finding, not tcp-without-tls's.
    assert.ok(!byRule.has('tcp-without-tls'));
    // The `rules: if:` expression names DOCKER_HOST but sets nothing: nothing is reported on it.
    const ifLine = positionOf(text, '- if:').line;
    assert.ok(files[0].messages.every((message) => message.line !== ifLine));
  });

  it('text and SARIF carry the new kind', () => {
    const root = tree({ '.gitlab-ci.yml': text });
    const textRun = runCli(['.'], root);
    assert.match(textRun.stdout, /^\.gitlab-ci\.yml \(gitlab-ci\)$/m);
    assert.match(textRun.stdout, /^1 file checked: /m);
    const sarif = JSON.parse(runCli(['--format', 'sarif', '.'], root).stdout);
    const results = sarif.runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    assert.ok(results.some((result) => result.ruleId === 'dind-tls-disabled' && result.locations[0].physicalLocation.artifactLocation.uri.endsWith('.gitlab-ci.yml')));
  });
});

describe('GitLab CI: the documented TLS setup is silent', () => {
  it('default image/services with DOCKER_TLS_CERTDIR /certs and DOCKER_HOST tcp://docker:2376', () => {
    const { code, files } = lintJson({ '.gitlab-ci.yml': fixture('documented-tls.gitlab-ci.yml') });
    assert.equal(files[0].kind, 'gitlab-ci');
    const connectivity = files[0].messages.filter((message) => ['dind-tls-disabled', 'docker-host-plain-tcp', 'docker-host-mismatch', 'tcp-without-tls'].includes(message.ruleId));
    assert.deepEqual(connectivity, []);
    assert.equal(code, 0, JSON.stringify(files[0].messages, null, 1));
  });
});

describe('GitLab CI: extends, default, inherit, !reference', () => {
  const text = fixture('extends.gitlab-ci.yml');

  it('judges the job the templates compose, at the lines that set each value', () => {
    const { files } = lintJson({ '.gitlab-ci.yml': text });
    const messages = files[0].messages;
    const tlsOff = messages.filter((message) => message.ruleId === 'dind-tls-disabled');
    // Only "build" has the dind (through .base -> .dind); "lint" inherits no variables and no services.
    assert.equal(tlsOff.length, 1);
    assert.match(tlsOff[0].message, /^Service "docker:24-dind" of job "build"/);
    assert.equal(tlsOff[0].line, positionOf(text, 'DOCKER_TLS_CERTDIR: ""').line);
    const plain = messages.filter((message) => message.ruleId === 'docker-host-plain-tcp');
    assert.equal(plain.length, 1);
    // .base's DOCKER_HOST (the alias dockerd) overrides .dind's.
    assert.equal(plain[0].line, positionOf(text, 'DOCKER_HOST: tcp://dockerd:2375').line);
    assert.match(plain[0].message, /tcp:\/\/dockerd:2375/);
    assert.deepEqual(
      messages.filter((message) => message.ruleId === 'docker-host-mismatch'),
      [],
    );
  });
});

describe('GitLab CI: the dind TLS fix keeps every client working', () => {
  function fixed(name: string): { before: string; after: string; relint: ReturnType<typeof runCli> } {
    const before = fixture(name);
    const root = tree({ '.gitlab-ci.yml': before });
    runCli(['--fix', '.'], root);
    const after = readFileSync(join(root, '.gitlab-ci.yml'), 'utf8');
    return { before, after, relint: runCli(['--format', 'json', '.'], root) };
  }

  it('the docker CLI job image: DOCKER_TLS_CERTDIR "/certs" and port 2376, the entrypoint verifies with the shared certificates', () => {
    const { before, after, relint } = fixed('code-quality.gitlab-ci.yml');
    assert.equal(after, before.replace('DOCKER_TLS_CERTDIR: ""', 'DOCKER_TLS_CERTDIR: "/certs"').replace('DOCKER_HOST: tcp://docker:2375', 'DOCKER_HOST: tcp://docker:2376'));
    assert.equal(relint.code, 0);
    assert.deepEqual(JSON.parse(relint.stdout)[0].messages, []);
  });

  it("another job image also gets DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, in the file's formatting", () => {
    const { before, after, relint } = fixed('python-client.gitlab-ci.yml');
    assert.equal(
      after,
      before
        .replace("DOCKER_TLS_CERTDIR: ''", 'DOCKER_TLS_CERTDIR: "/certs"')
        .replace('DOCKER_HOST: tcp://docker:2375', 'DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: /certs/client'),
    );
    assert.equal(relint.code, 0);
    assert.deepEqual(JSON.parse(relint.stdout)[0].messages, []);
  });

  it('top-level variables: edited once, for every job they reach', () => {
    const { before, after, relint } = fixed('testcontainers.gitlab-ci.yml');
    assert.equal(
      after,
      before
        .replace('DOCKER_TLS_CERTDIR: ""', 'DOCKER_TLS_CERTDIR: "/certs"')
        .replace('DOCKER_HOST: "tcp://docker:2375"', 'DOCKER_HOST: "tcp://docker:2376"\n  DOCKER_TLS_VERIFY: "1"\n  DOCKER_CERT_PATH: /certs/client'),
    );
    assert.equal(relint.code, 0);
    assert.deepEqual(JSON.parse(relint.stdout)[0].messages, []);
  });

  it('a job on port 2375 of a dind that serves TLS on 2376 is moved there (docker-host-mismatch)', () => {
    const before = fixture('tls-port-2375.gitlab-ci.yml');
    const { files } = lintJson({ '.gitlab-ci.yml': before });
    const mismatch = files[0].messages.filter((message) => message.ruleId === 'docker-host-mismatch');
    assert.equal(mismatch.length, 2, JSON.stringify(files[0].messages, null, 1));
    assert.ok(mismatch.every((message) => message.fixable && !message.message.includes('No fix is offered')));
    const { after, relint } = fixed('tls-port-2375.gitlab-ci.yml');
    assert.equal(
      after,
      before
        .replace('DOCKER_HOST: tcp://docker:2375\n\nbuild', 'DOCKER_HOST: tcp://docker:2376\n\nbuild')
        .replace('    DOCKER_HOST: tcp://docker:2375', '    DOCKER_HOST: tcp://docker:2376\n    DOCKER_TLS_VERIFY: "1"\n    DOCKER_CERT_PATH: /certs/client'),
    );
    assert.equal(relint.code, 0, relint.stdout);
    assert.deepEqual(JSON.parse(relint.stdout)[0].messages, []);
  });

  it('the fix title says the runner must share /certs/client', () => {
    const [result] = lintFiles([{ uri: 'file:///project/.gitlab-ci.yml', text: fixture('code-quality.gitlab-ci.yml') }], defaultLintOptions());
    const tlsOff = result.findings.find((finding) => finding.ruleId === 'dind-tls-disabled');
    assert.equal(tlsOff?.fixes.length, 1);
    assert.equal(
      tlsOff?.fixes[0].title,
      'Turn on TLS in service "docker:20.10.12-dind" of job "code_quality" (DOCKER_TLS_CERTDIR "/certs", verified TLS on 2376) and move job "code_quality" to tcp://docker:2376; the runner must share /certs/client',
    );
  });

  it('is not offered when the alias the job connects to is not in the generated certificate, and says why', () => {
    const { files } = lintJson({ '.gitlab-ci.yml': fixture('extends.gitlab-ci.yml') });
    const tlsOff = files[0].messages.find((message) => message.ruleId === 'dind-tls-disabled');
    assert.match(tlsOff?.message ?? '', /No fix is offered: the certificate dind generates carries docker, localhost, not "dockerd"/);
    assert.equal(tlsOff?.fix, undefined);
  });
});

describe('GitLab CI: local includes', () => {
  it('merges included files under the pipeline and reports each value in the file that sets it', () => {
    const folder = join(fixtures, 'include-local');
    const files = Object.fromEntries(['.gitlab-ci.yml', 'ci/docker.yml', 'templates/variables.yml'].map((path) => [path, readFileSync(join(folder, path), 'utf8')]));
    const { files: results } = lintJson(files);
    const variables = results.find((result) => result.filePath.endsWith('templates/variables.yml'));
    const pipeline = results.find((result) => result.filePath.endsWith('.gitlab-ci.yml'));
    assert.equal(variables?.kind, 'gitlab-ci');
    const tlsOff = variables?.messages.find((message) => message.ruleId === 'dind-tls-disabled');
    assert.match(tlsOff?.message ?? '', /^Service "docker:27-dind" of job "build"/);
    assert.equal(tlsOff?.line, 2);
    // The pipeline's own DOCKER_HOST wins over the included one.
    const plain = pipeline?.messages.find((message) => message.ruleId === 'docker-host-plain-tcp');
    assert.equal(plain?.line, positionOf(files['.gitlab-ci.yml'], 'DOCKER_HOST: tcp://docker:2375').line);
    // A fix would edit the included file: not offered, and said why.
    assert.match(tlsOff?.message ?? '', /No fix is offered: DOCKER_TLS_CERTDIR is set in the included file/);
  });
});

describe('GitLab CI: a top-level DOCKER_HOST in a job without the dind it names', () => {
  it('is judged in the job that has the dind, not again in the others', () => {
    const text = fixture('testcontainers.gitlab-ci.yml');
    const { files } = lintJson({ '.gitlab-ci.yml': text });
    const plain = files[0].messages.filter((message) => message.ruleId === 'docker-host-plain-tcp');
    assert.deepEqual(
      plain.map((message) => message.message.slice(0, 10)),
      ['Job "test"'],
    );
  });
});

describe('GitLab CI: includes that cannot be read offline', () => {
  it('a template include gets an info finding at its entry; alone it does not fail the run', () => {
    const text = `include:
  - template: Jobs/Code-Quality.gitlab-ci.yml
  - remote: https://example.com/ci/docker.yml

test:
  image: node:22
  script: npm test
`;
    const { code, files } = lintJson({ '.gitlab-ci.yml': text });
    assert.equal(code, 0, JSON.stringify(files, null, 1));
    const unread = files[0].messages.filter((message) => message.ruleId === 'source-not-read');
    assert.deepEqual(
      unread.map((message) => [message.severity, message.line, message.column]),
      [
        ['info', 2, 5],
        ['info', 3, 5],
      ],
    );
    assert.match(unread[0].message, /^The include template "Jobs\/Code-Quality\.gitlab-ci\.yml" is not read: GitLab takes it from its own instance/);
    assert.match(unread[0].message, /jobs, services and variables it adds to the pipeline are not checked/);
    assert.match(unread[1].message, /^The include remote "https:\/\/example\.com\/ci\/docker\.yml" is not read/);
  });

  it('a job that extends a template only an unread include can hold: the pipeline is not analysed (exit 3)', () => {
    const text = `include:
  - project: group/ci-templates
    file: /templates/docker.yml

build:
  extends: .docker-build
  script: docker build .
`;
    const { code, stderr, files } = lintJson({ '.gitlab-ci.yml': text });
    assert.equal(code, 3, stderr);
    assert.match(stderr, /was not analysed/);
    const limit = files[0].messages.find((message) => message.ruleId === 'analysis-limit');
    assert.match(
      limit?.message ?? '',
      /^Job "build" extends "\.docker-build", which is in none of the files read: it may come from the include project "group\/ci-templates" file "\/templates\/docker\.yml"/,
    );
    assert.equal(limit?.line, positionOf(text, '.docker-build').line);
  });

  it('a !reference to a job only an unread include can hold: not analysed either', () => {
    const text = `include:
  - component: gitlab.com/components/docker/build@1.0

build:
  image: docker:27
  variables: !reference [.docker-vars, variables]
  script: docker build .
`;
    const { code, files } = lintJson({ '.gitlab-ci.yml': text });
    assert.equal(code, 3);
    assert.match(files[0].messages[0].message, /"\.docker-vars", which is in none of the files read: it may come from the include component "gitlab\.com\/components\/docker\/build@1\.0"/);
  });

  it('a local include that is not there is said so, and a template found locally is no gap', () => {
    const text = `include:
  - local: ci/missing.yml
  - local: ci/docker.yml

build:
  extends: .docker
  script: docker build .
`;
    const { code, files } = lintJson({ '.gitlab-ci.yml': text, 'ci/docker.yml': '.docker:\n  image: docker:27\n' });
    assert.equal(code, 0, JSON.stringify(files, null, 1));
    const pipeline = files.find((file) => file.filePath.endsWith('.gitlab-ci.yml'));
    const unread = pipeline?.messages.filter((message) => message.ruleId === 'source-not-read') ?? [];
    assert.equal(unread.length, 1);
    assert.match(unread[0].message, /^The include local "ci\/missing\.yml" is not read: no such file in the repository/);
  });
});
