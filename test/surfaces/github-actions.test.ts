// GitHub Actions workflows as a kind (issue 20 item 1): the CLI walks .github/workflows/ and
// reports the container rules on jobs' services, job containers and steps, at the characters
// that decide (the `ports:` item, the `--privileged` word inside `options:`), in text, JSON and
// SARIF. Before this kind, a workflow with a plaintext dind service gave "no file of a kind
// dockerd-lint reads found" (exit 2).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Log } from 'sarif';
import { serviceLabel } from '../../server/src/engine/compose/report';
import { connectivityOfFiles } from '../../server/src/engine/lint';
import { lintCase, optionsOf, ruleTester, sourcesOf } from '../helpers/rule-tester';
import { assertShapeLinear } from '../robustness/growth';
import { hostileShapes } from '../robustness/hostile-shapes';

const cliPath = join(__dirname, '..', '..', 'dist', 'cli.js');
const fixtures = join(__dirname, 'fixtures', 'github-actions');
const root = mkdtempSync(join(tmpdir(), 'dockerd-lint-actions-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, '.github'), { recursive: true });
cpSync(fixtures, join(root, '.github', 'workflows'), { recursive: true });

function run(args: string[]) {
  const result = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonFile {
  filePath: string;
  kind: string;
  messages: { ruleId: string; line: number; column: number; endLine: number; endColumn: number; message: string; severity: number | string }[];
}

const jsonRun = run(['--format', 'json', '.']);
const files: JsonFile[] = JSON.parse(jsonRun.stdout);
const byName = (name: string) => files.find((file) => file.filePath.endsWith(`/.github/workflows/${name}`))!;
const found = (name: string) =>
  byName(name)
    .messages.map((message) => `${message.ruleId}@${message.line}:${message.column}-${message.endColumn}`)
    .sort();

/** The 1-based line and columns of `needle`'s `nth` occurrence in the fixture (its first `length` characters). */
function at(name: string, needle: string, nth = 0, length = needle.length): string {
  const text = readFileSync(join(fixtures, name), 'utf8');
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} in ${name}`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}-${before[before.length - 1].length + 1 + length}`;
}

describe('GitHub Actions workflows in the CLI', () => {
  it('walks .github/workflows and reads every workflow as github-actions', () => {
    assert.equal(jsonRun.code, 1, jsonRun.stderr);
    assert.deepEqual(files.map((file) => [file.filePath.slice(file.filePath.indexOf('.github')), file.kind]).sort(), [
      ['.github/workflows/dind-plain-container.yml', 'github-actions'],
      ['.github/workflows/dind-plain.yml', 'github-actions'],
      ['.github/workflows/dind-tls-client-plain.yml', 'github-actions'],
      ['.github/workflows/dind-tls-client-string-container.yml', 'github-actions'],
      ['.github/workflows/dind-tls.yml', 'github-actions'],
      ['.github/workflows/job-container.yml', 'github-actions'],
    ]);
  });

  it('a plaintext dind service: TLS off, API port published on the runner, the step talking plain TCP', () => {
    const name = 'dind-plain.yml';
    assert.deepEqual(
      found(name),
      [
        `dind-tls-disabled@${at(name, 'DOCKER_TLS_CERTDIR: ""')}`,
        `docker-api-port-published@${at(name, '2375:2375', 0, 4)}`,
        `docker-host-plain-tcp@${at(name, 'DOCKER_HOST: tcp://localhost:2375')}`,
        `privileged@${at(name, '--privileged')}`,
      ].sort(),
    );
    const messages = byName(name).messages;
    assert.match(messages.find((message) => message.ruleId === 'docker-host-plain-tcp')!.message, /^Step "Build" of job "build" talks to the Docker API at tcp:\/\/localhost:2375 without TLS/);
    assert.match(messages.find((message) => message.ruleId === 'dind-tls-disabled')!.message, /^Service "dind" of job "build" sets DOCKER_TLS_CERTDIR to empty/);
    assert.match(messages.find((message) => message.ruleId === 'privileged')!.message, /runs dockerd, which needs --privileged: treat/);
  });

  it('a job container: socket mount, and each dangerous flag of options: at its own word', () => {
    const name = 'job-container.yml';
    assert.deepEqual(
      found(name),
      [
        `docker-socket-mount@${at(name, '/var/run/docker.sock')}`,
        `privileged@${at(name, '--privileged')}`,
        `host-namespace@${at(name, 'host', 0)}`,
        `sensitive-host-mount@${at(name, '/:/host', 0, 1)}`,
        `dangerous-capability@${at(name, 'SYS_ADMIN')}`,
        `host-namespace@${at(name, 'host', 2)}`,
      ].sort(),
    );
    assert.match(byName(name).messages.find((message) => message.ruleId === 'docker-socket-mount')!.message, /^The job container of job "test" mounts the container runtime socket/);
    const namespaces = byName(name)
      .messages.filter((message) => message.ruleId === 'host-namespace')
      .map((message) => message.message);
    assert.deepEqual(
      namespaces.map((message) => message.slice(0, message.indexOf(':'))),
      ['The job container of job "test" sets --network host', 'The job container of job "test" sets --pid host'],
    );
  });

  it('TLS dind with a client that verifies is silent but for dind needing privileged (info); an app *_HOST and an if: expression are not clients', () => {
    assert.deepEqual(found('dind-tls.yml'), [`privileged@${at('dind-tls.yml', '--privileged')}`]);
  });

  it('text and SARIF carry the kind and the same findings', () => {
    const text = run(['.']);
    assert.match(text.stdout, /^\.github\/workflows\/dind-plain\.yml \(github-actions\)$/m);
    assert.match(text.stdout, /^6 files checked: /m);
    const sarif = JSON.parse(run(['--format', 'sarif', '.']).stdout) as Log;
    const results = sarif.runs[0].results ?? [];
    const plain = results.filter((result) => result.locations?.[0].physicalLocation?.artifactLocation?.uri?.endsWith('dind-plain.yml'));
    assert.deepEqual(plain.map((result) => result.ruleId).sort(), ['dind-tls-disabled', 'docker-api-port-published', 'docker-host-plain-tcp', 'privileged']);
  });
});

describe('GitHub Actions job model', () => {
  const lint = (workflow: string) =>
    lintCase({ '.github/workflows/ci.yml': workflow })[0]
      .findings.map((finding) => finding.ruleId)
      .sort();

  it('a service is reached by its id only from a job container; a host step reaches it on the published port', () => {
    const service = 'services:\n      dind:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: /certs\n';
    // TLS dind at tcp://dind:2375 from the job container: the plain-HTTP client is refused (mismatch).
    const container = `jobs:\n  a:\n    runs-on: x\n    container:\n      image: alpine\n      env:\n        DOCKER_HOST: tcp://dind:2375\n    ${service}    steps:\n      - run: true\n`;
    assert.ok(lint(container).includes('docker-host-mismatch'), lint(container).join());
    // The same name from a step on the runner machine resolves to nothing: not judged.
    const host = `jobs:\n  a:\n    runs-on: x\n    ${service}    steps:\n      - run: true\n        env:\n          DOCKER_HOST: tcp://dind:2375\n`;
    assert.ok(!lint(host).includes('docker-host-mismatch'), lint(host).join());
  });

  it('an expression is unknown, never guessed', () => {
    const workflow =
      'jobs:\n  a:\n    runs-on: x\n    services:\n      dind:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: ${{ matrix.certdir }}\n        options: --network ${{ matrix.net }} --pid host\n    steps:\n      - run: docker info\n        env:\n          DOCKER_HOST: ${{ secrets.HOST }}\n';
    assert.deepEqual(lint(workflow), ['host-namespace']);
  });

  it('a job container whose image is an expression still holds the steps: the service is reached by its id', () => {
    const workflow =
      'jobs:\n  a:\n    runs-on: x\n    container: ${{ matrix.image }}\n    env:\n      DOCKER_HOST: tcp://dind:2376\n    services:\n      dind:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: ""\n    steps:\n      - run: true\n';
    const findings = lintCase({ '.github/workflows/ci.yml': workflow })[0].findings;
    assert.match(findings.find((finding) => finding.ruleId === 'docker-host-mismatch')?.message ?? '', /^The job container of job "a" connects to tcp:\/\/dind:2376/);
  });

  it('--mount in options: the socket bound with type=bind is a socket mount, at its source', () => {
    const workflow =
      'jobs:\n  a:\n    runs-on: x\n    container:\n      image: alpine\n      options: --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock,readonly\n    steps:\n      - run: true\n';
    const [result] = lintCase({ '.github/workflows/ci.yml': workflow });
    const mount = result.findings.find((finding) => finding.ruleId === 'docker-socket-mount');
    assert.equal(mount?.span.start, workflow.indexOf('source=') + 'source='.length);
    assert.equal(workflow.slice(mount?.span.start, mount?.span.end), '/var/run/docker.sock');
  });

  it('$VAR in env is text, not interpolated as Compose would', () => {
    const workflow = 'jobs:\n  a:\n    runs-on: x\n    steps:\n      - run: docker info\n        env:\n          DOCKER_HOST: tcp://$HOST:2375\n';
    const findings = lintCase({ '.github/workflows/ci.yml': workflow })[0].findings;
    assert.match(findings.find((finding) => finding.ruleId === 'docker-host-plain-tcp')?.message ?? '', /tcp:\/\/\$HOST:2375 without TLS/);
  });

  it('a workflow-level DOCKER_HOST is reported once, where it is written, not once per job', () => {
    const workflow = 'env:\n  DOCKER_HOST: tcp://remote:2375\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: true\n  b:\n    runs-on: x\n    steps:\n      - run: true\n';
    assert.deepEqual(lint(workflow), ['docker-host-plain-tcp']);
  });

  it('a job that calls a reusable workflow runs no container and no step here: the workflow env does not reach it', () => {
    // GitHub: a caller job has only name, uses, with, secrets, strategy, needs, if, permissions and
    // concurrency, and the caller's workflow-level env is not propagated to the called workflow.
    const caller = 'on: push\nenv:\n  DOCKER_HOST: tcp://docker:2375\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    with:\n      image: docker:dind\n    secrets: inherit\n';
    assert.deepEqual(lint(caller), []);
  });

  it('the called workflow of this repository is linted as the workflow it is, next to its caller', () => {
    const caller = 'on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n    with:\n      certdir: ""\n';
    const called =
      'on:\n  workflow_call:\n    inputs:\n      certdir:\n        type: string\njobs:\n  build:\n    runs-on: ubuntu-latest\n    services:\n      dind:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: ${{ inputs.certdir }}\n        options: --privileged\n    steps:\n      - run: docker info\n';
    const results = lintCase({ '.github/workflows/ci.yml': caller, '.github/workflows/build.yml': called });
    const byPath = new Map(results.map((result) => [result.uri.slice(result.uri.indexOf('.github')), result.findings.map((finding) => finding.ruleId)]));
    assert.deepEqual(byPath.get('.github/workflows/ci.yml'), []);
    // Its own file knows no caller: the input is unknown there. The caller's empty certdir makes
    // no client of this job (its steps set no DOCKER_HOST), so nothing is added at the caller.
    assert.deepEqual(byPath.get('.github/workflows/build.yml'), ['privileged']);
  });

  it('a file outside .github/workflows is not a workflow', () => {
    const results = lintCase({ 'ci/build.yml': 'jobs:\n  a:\n    runs-on: x\n    container:\n      image: x\n      options: --privileged\n' });
    assert.equal(results.length, 0);
  });
});

describe("GitHub Actions: a caller's `with:` reaches a reusable workflow of the same repository", () => {
  // GitHub ("Reusing workflows"): the called workflow declares on.workflow_call.inputs, the
  // caller's `with:` gives their values (an input not passed takes its `default:`), and the
  // called jobs read them as ${{ inputs.NAME }}.
  const called = `on:
  workflow_call:
    inputs:
      docker_host:
        type: string
        default: tcp://localhost:2375
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      DOCKER_HOST: \${{ inputs.docker_host }}
    services:
      dind:
        image: docker:27-dind
        env:
          DOCKER_TLS_CERTDIR: ""
        ports:
          - 2375:2375
        options: --privileged
    steps:
      - run: docker build .
`;
  const calledFindings = ['dind-tls-disabled@16', 'docker-api-port-published@18', 'privileged@19'];
  const lintPair = (caller: string, files: Record<string, string> = { '.github/workflows/build.yml': called }) => {
    const all: Record<string, string> = { '.github/workflows/ci.yml': caller, ...files };
    const results = lintCase(all);
    const placed = (path: string) =>
      (results.find((result) => result.uri.endsWith(path))?.findings ?? []).map((finding) => ({
        at: `${finding.ruleId}@${all[path].slice(0, finding.span.start).split('\n').length}`,
        text: all[path].slice(finding.span.start, finding.span.end),
        message: finding.message,
      }));
    return { caller: placed('.github/workflows/ci.yml'), called: placed('.github/workflows/build.yml') };
  };

  it("a DOCKER_HOST the caller passes is judged, at the caller's `with:` value, naming the caller", () => {
    const { caller, called } = lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: tcp://localhost:2375\n');
    assert.deepEqual(
      caller.map((finding) => [finding.at, finding.text]),
      [['docker-host-plain-tcp@6', 'docker_host: tcp://localhost:2375']],
    );
    assert.match(caller[0].message, /^The steps of job "build" \(\.\/\.github\/workflows\/build\.yml, called by job "call"\) talks to the Docker API at tcp:\/\/localhost:2375 without TLS/);
    assert.match(caller[0].message, /input docker_host, which job "call" passes here/);
    // The called file keeps its own findings, once: what it sets itself is reported there.
    assert.deepEqual(
      called.map((finding) => finding.at),
      calledFindings,
    );
  });

  it("an input the caller does not pass takes its default: the finding is at the caller's `uses:`", () => {
    const { caller } = lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n');
    assert.deepEqual(
      caller.map((finding) => [finding.at, finding.text]),
      [['docker-host-plain-tcp@4', './.github/workflows/build.yml']],
    );
    assert.match(caller[0].message, /the default of input docker_host in \.\/\.github\/workflows\/build\.yml: job "call" passes none/);
  });

  it("a port the dind does not serve is a mismatch at the caller's value (and plain TCP, as any client without TLS)", () => {
    const { caller } = lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: tcp://localhost:2376\n');
    assert.deepEqual(
      caller.map((finding) => [finding.at, finding.text]),
      [
        ['docker-host-mismatch@6', 'docker_host: tcp://localhost:2376'],
        ['docker-host-plain-tcp@6', 'docker_host: tcp://localhost:2376'],
      ],
    );
  });

  it("an input inside text: the finding is at the caller's value, the message shows the whole address", () => {
    const inside = called.replace('DOCKER_HOST: ${{ inputs.docker_host }}', 'DOCKER_HOST: tcp://${{ inputs.docker_host }}:2375').replace('default: tcp://localhost:2375', 'default: localhost');
    const { caller } = lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: localhost\n', { '.github/workflows/build.yml': inside });
    assert.deepEqual(
      caller.map((finding) => [finding.at, finding.text]),
      [['docker-host-plain-tcp@6', 'docker_host: localhost']],
    );
    assert.match(caller[0].message, /at tcp:\/\/localhost:2375 without TLS/);
  });

  it("a client whose DOCKER_HOST the called file writes is its own file's finding, whatever the caller passes", () => {
    const own = called.replace('DOCKER_HOST: ${{ inputs.docker_host }}', 'DOCKER_HOST: tcp://localhost:2375\n      DOCKER_TLS_VERIFY: ${{ inputs.docker_host }}');
    const { caller, called: calledFile } = lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: ""\n', { '.github/workflows/build.yml': own });
    assert.deepEqual(caller, []);
    assert.equal(calledFile.filter((finding) => finding.at.startsWith('docker-host-plain-tcp')).length, 0);
  });

  it('an expression the caller passes stays unknown, and so does an input of a workflow it cannot read', () => {
    assert.deepEqual(lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: ${{ github.head_ref }}\n').caller, []);
    assert.deepEqual(lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/build.yml\n', {}).caller, []);
    // GitHub reads a called workflow of this repository only directly in .github/workflows.
    assert.deepEqual(lintPair('on: push\njobs:\n  call:\n    uses: ./.github/workflows/../workflows/build.yml\n').caller, []);
  });
});

const fixedContainerJob = readFileSync(join(fixtures, 'dind-plain-container.yml'), 'utf8')
  .replace('      image: docker:27-cli\n', '      image: docker:27-cli\n      volumes:\n        - dind-certs:/certs/client:ro\n')
  .replace('      DOCKER_HOST: tcp://dind:2375\n    services', '      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\n    services')
  .replace(
    '        image: docker:27-dind\n        options: --privileged\n',
    '        image: docker:27-dind\n        volumes:\n          - dind-certs:/certs/client\n        options: --privileged --health-cmd "docker info" --health-interval 2s --health-timeout 5s --health-retries 30\n',
  )
  .replace('DOCKER_TLS_CERTDIR: ""\n', 'DOCKER_TLS_CERTDIR: "/certs"\n          DOCKER_TLS_SAN: "DNS:dind"\n')
  .replace('          DOCKER_HOST: tcp://dind:2375\n', '          DOCKER_HOST: tcp://dind:2376\n          DOCKER_TLS_VERIFY: "1"\n          DOCKER_CERT_PATH: "/certs/client"\n');

ruleTester('dind-tls-disabled', {
  valid: [{ name: 'TLS dind with a verifying job container', files: { '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-tls.yml'), 'utf8') } }],
  invalid: [
    {
      name: 'with a job container: TLS on, the certificates shared by a volume, every client moved, the steps wait for dind',
      files: { '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-plain-container.yml'), 'utf8') },
      errors: [{ line: 15, message: /^Service "dind" of job "images" sets DOCKER_TLS_CERTDIR to empty/ }],
      output: { '.github/workflows/ci.yml': fixedContainerJob },
    },
    {
      name: 'steps on the runner machine: not offered, and the message says why',
      files: { '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-plain.yml'), 'utf8') },
      errors: [{ line: 10, message: /No fix is offered: the steps of job "build" run on the runner machine .*cannot be shared with the runner machine/ }],
      output: null,
    },
  ],
});

describe('the fixed container job connects', () => {
  it('every client reaches dind with verified TLS on a name its certificate carries, and nothing is left to report but dind needing privileged', () => {
    const files = { '.github/workflows/ci.yml': fixedContainerJob };
    const { connectivity } = connectivityOfFiles(sourcesOf(files), optionsOf({}));
    const edges = connectivity.scopes.flatMap((scope) => scope.edges);
    assert.deepEqual(
      edges.map((edge) => [serviceLabel(edge.client.service), edge.verdict, edge.listener?.tls, edge.nameInCertificate]),
      [
        ['the job container of job "images"', 'connects', 'tls-verify', true],
        ['step 3 of job "images"', 'connects', 'tls-verify', true],
      ],
    );
    assert.deepEqual(
      lintCase(files)[0].findings.map((finding) => finding.ruleId),
      ['privileged'],
    );
  });
});

/** dind-tls-client-plain.yml after its client moved to the TLS dind: the certificate volume, the service id in the certificate, the steps waiting for dind. */
const movedClientJob = readFileSync(join(fixtures, 'dind-tls-client-plain.yml'), 'utf8')
  .replace('      image: docker:27-cli\n', '      image: docker:27-cli\n      volumes:\n        - dind-certs:/certs/client:ro\n')
  .replace('      DOCKER_HOST: tcp://dind:2375\n', '      DOCKER_HOST: tcp://dind:2376\n      DOCKER_TLS_VERIFY: "1"\n      DOCKER_CERT_PATH: "/certs/client"\n')
  .replace(
    '        image: docker:27-dind\n        options: --privileged\n',
    '        image: docker:27-dind\n        volumes:\n          - dind-certs:/certs/client\n        options: --privileged --health-cmd "docker info" --health-interval 2s --health-timeout 5s --health-retries 30\n',
  )
  .replace('DOCKER_TLS_CERTDIR: /certs\n', 'DOCKER_TLS_CERTDIR: /certs\n          DOCKER_TLS_SAN: "DNS:dind"\n');

ruleTester('docker-host-mismatch', {
  valid: [],
  invalid: [
    {
      name: 'a job container on 2375 of a dind that serves TLS: moved to its 2376 with the certificate volume',
      files: { '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-tls-client-plain.yml'), 'utf8') },
      errors: [{ line: 9, message: /^The job container of job "release" connects to tcp:\/\/dind:2375 .*serves nothing on port 2375/ }],
      output: { '.github/workflows/ci.yml': movedClientJob },
    },
    {
      name: 'a job container written as container: IMAGE: moved, the container written as a map with the certificate volume',
      files: { '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-tls-client-string-container.yml'), 'utf8') },
      errors: [{ line: 8, message: /^The job container of job "release" connects to tcp:\/\/dind:2375 .*serves nothing on port 2375/ }],
      output: {
        '.github/workflows/ci.yml': movedClientJob.replace(
          '    container:\n      image: docker:27-cli\n      volumes:\n        - dind-certs:/certs/client:ro\n',
          '    container: { image: "docker:27-cli", volumes: ["dind-certs:/certs/client:ro"] }\n',
        ),
      },
    },
    {
      name: 'a step on the runner machine talking plain HTTP to the published TLS port: declined, the certificates cannot reach it',
      files: {
        '.github/workflows/ci.yml':
          'on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    services:\n      dind:\n        image: docker:27-dind\n        options: --privileged\n        ports:\n          - 2376:2376\n    steps:\n      - run: docker build -t app .\n        env:\n          DOCKER_HOST: tcp://localhost:2376\n',
      },
      errors: [
        {
          line: 14,
          message:
            /HTTP request to an HTTPS server.*No fix is offered: the steps of job "release" run on the runner machine .*cannot be shared with the runner machine, so over verified TLS they could not connect/,
        },
      ],
      output: null,
    },
  ],
});

describe('the moved client connects', () => {
  const movedStringForm = movedClientJob.replace(
    '    container:\n      image: docker:27-cli\n      volumes:\n        - dind-certs:/certs/client:ro\n',
    '    container: { image: "docker:27-cli", volumes: ["dind-certs:/certs/client:ro"] }\n',
  );
  for (const [form, text] of [
    ['map', movedClientJob],
    ['container: IMAGE', movedStringForm],
  ]) {
    it(`the job container (${form}) reaches dind with verified TLS on its id, which the certificate now carries`, () => {
      const { connectivity } = connectivityOfFiles(sourcesOf({ '.github/workflows/ci.yml': text }), optionsOf({}));
      assert.deepEqual(
        connectivity.scopes.flatMap((scope) => scope.edges).map((edge) => [serviceLabel(edge.client.service), edge.verdict, edge.listener?.tls, edge.nameInCertificate]),
        [['the job container of job "release"', 'connects', 'tls-verify', true]],
      );
    });
  }
});

describe('GitHub Actions under the strict preset', () => {
  it('steps are clients, not containers: no hardening finding on them; no fix adds a Compose key to a workflow', () => {
    const results = lintCase({ '.github/workflows/ci.yml': readFileSync(join(fixtures, 'dind-plain.yml'), 'utf8') }, { options: { preset: 'strict' } });
    const findings = results[0].findings;
    assert.deepEqual(
      findings.filter((finding) => finding.message.startsWith('Step ')).map((finding) => finding.ruleId),
      ['docker-host-plain-tcp'],
    );
    const titles = findings.flatMap((finding) => (finding.fixes ?? []).map((fix) => fix.title));
    assert.ok(!titles.some((title) => /cap_drop|security_opt/.test(title)), titles.join('\n'));
  });
});

describe('GitHub Actions hardening wording', () => {
  const jobContainer = (options: string) =>
    lintCase(
      { '.github/workflows/ci.yml': `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    container:\n      image: node@sha256:${'a'.repeat(64)}\n${options}    steps:\n      - run: npm test\n` },
      { options: { preset: 'strict' } },
    )[0].findings.map((finding) => [finding.ruleId, finding.message]);

  it("names docker run's flags in options:, not Compose keys", () => {
    assert.deepEqual(jobContainer(''), [
      [
        'capabilities-not-dropped',
        'The job container of job "test" keeps the default capabilities: add --cap-drop ALL to its options, and give back with --cap-add what it needs (images that change owners or users at start need CHOWN, SETUID, SETGID).',
      ],
      [
        'no-new-privileges-missing',
        'The job container of job "test" does not set --security-opt no-new-privileges in its options: a process in it can gain privileges through setuid and setcap binaries.',
      ],
      [
        'no-resource-limits',
        'The job container of job "test" has no memory limit (--memory) and no PIDs limit (--pids-limit): one runaway or hostile process in it can exhaust the host and take every other container down (denial of service).',
      ],
      [
        'writable-root-filesystem',
        'The job container of job "test" has a writable root filesystem: set --read-only in its options and mount a volume or --tmpfs where it writes (not fixed automatically: which paths it writes is the image\'s business).',
      ],
    ]);
  });

  it('--memory and --pids-limit in options: are the limits', () => {
    assert.deepEqual(jobContainer('      options: --cap-drop ALL --security-opt no-new-privileges --read-only --memory 1g --pids-limit 200\n'), []);
  });
});

describe('GitHub Actions reader: linear in its input (one run, ratios of 4x the input)', () => {
  for (const shape of ['workflow env x jobs', 'workflow steps x job container volumes', 'workflow calls x called jobs']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }
});
