// GitLab Runner's config.toml through the CLI as a user runs it: the runner's job containers
// read into the container model, with findings at the exact characters of the TOML values in
// text, JSON and SARIF.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, tree } from '../helpers/cli';

interface JsonMessage {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function json(args: string[], cwd: string) {
  const result = runCli(['--format', 'json', ...args], cwd);
  return { ...result, files: JSON.parse(result.stdout) as { filePath: string; kind: string; messages: JsonMessage[] }[] };
}

const configPath = 'etc/gitlab-runner/config.toml';

// GitLab's "Use the Docker executor with Docker socket binding" runner, as documented.
const socketBinding = `concurrent = 1
check_interval = 0

[[runners]]
  name = "socket-runner"
  url = "https://gitlab.com/"
  token = "REDACTED"
  executor = "docker"
  [runners.docker]
    tls_verify = false
    image = "docker:24.0.5"
    privileged = true
    disable_cache = false
    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]
  [runners.cache]
    Insecure = false
`;

describe('gitlab-runner config.toml in the CLI', () => {
  it('reports privileged and the socket mount at their TOML values (json)', () => {
    const root = tree({ [configPath]: socketBinding });
    const result = json([configPath], root);
    assert.equal(result.files.length, 1, result.stderr);
    assert.equal(result.files[0].kind, 'gitlab-runner');
    const byRule = new Map(result.files[0].messages.map((message) => [message.ruleId, message]));
    const socket = byRule.get('docker-socket-mount');
    assert.ok(socket, JSON.stringify(result.files[0].messages));
    // `"/var/run/docker.sock:/var/run/docker.sock"` on line 14: the host path's characters.
    assert.deepEqual([socket.line, socket.column, socket.endLine, socket.endColumn], [14, 17, 14, 37]);
    assert.match(socket.message, /^Each job container of runner "socket-runner" mounts/);
    const privileged = byRule.get('privileged');
    assert.ok(privileged);
    assert.deepEqual([privileged.line, privileged.column, privileged.endColumn], [12, 18, 22]);
    assert.equal(result.code, 1);
  });

  it('names the file and the rules in text and SARIF', () => {
    const root = tree({ [configPath]: socketBinding });
    const text = runCli([configPath], root);
    assert.match(text.stdout, /config\.toml/);
    assert.match(text.stdout, /docker-socket-mount/);
    const sarif = JSON.parse(runCli(['--format', 'sarif', configPath], root).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number; endColumn: number } } }[] }[] }[];
    };
    const socket = sarif.runs[0].results.find((result) => result.ruleId === 'docker-socket-mount');
    assert.ok(socket);
    assert.deepEqual(socket.locations[0].physicalLocation.region, { ...socket.locations[0].physicalLocation.region, startLine: 14, startColumn: 17, endColumn: 37 });
  });

  it('is found by the walk of a folder', () => {
    const root = tree({ [configPath]: socketBinding });
    const result = json(['.'], root);
    assert.deepEqual(
      result.files.map((file) => file.kind),
      ['gitlab-runner'],
    );
  });

  it('judges host = tcp://...:2375 with tls_verify = false as a plain-TCP client', () => {
    const root = tree({
      [configPath]: '[[runners]]\n  name = "remote"\n  executor = "docker"\n  [runners.docker]\n    host = "tcp://10.0.0.5:2375"\n    tls_verify = false\n    image = "alpine:3.20"\n',
    });
    const result = json([configPath], root);
    const plain = result.files[0]?.messages.find((message) => message.ruleId === 'docker-host-plain-tcp');
    assert.ok(plain, JSON.stringify(result.files));
    // At `host = "..."`, as a Compose client is reported at its `DOCKER_HOST: ...` entry.
    assert.deepEqual([plain.line, plain.column, plain.endColumn], [5, 5, 33]);
    assert.match(plain.message, /^Runner "remote" talks to the Docker API at tcp:\/\/10\.0\.0\.5:2375 without TLS \(no tls_verify = true\)/);
    assert.match(plain.message, /No fix is offered: the daemon at tcp:\/\/10\.0\.0\.5:2375 and its certificates are not in this file/);
  });

  it('--kind gitlab-runner reads a runner config of another name', () => {
    const root = tree({ 'runners/build.toml': socketBinding });
    assert.equal(runCli(['runners/build.toml'], root).code, 2);
    const result = json(['--kind', 'gitlab-runner', 'runners/build.toml'], root);
    assert.deepEqual(result.files[0].messages.map((message) => message.ruleId).sort(), ['docker-socket-mount', 'privileged']);
  });

  it('a config.toml of another program is not read', () => {
    const root = tree({ 'app/config.toml': '[server]\nport = 8080\n' });
    const result = runCli(['app/config.toml'], root);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /skipped app\/config\.toml: its name and content match no kind/);
  });
});
