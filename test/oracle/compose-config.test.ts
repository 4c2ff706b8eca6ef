// Oracle: Debian's docker-compose (1.29) validates a Compose file with `docker-compose config`
// against the Compose schema and checks that every named volume and network a service uses
// is declared (volumes only: an undeclared network fails at `up`, so the engine's
// undeclaredNames checks both). examples/good must pass both and connect every client with
// verified TLS.
//
// The oracle for Compose projects: Debian's docker-compose (v1) `config` reads every fixture
// folder under compose-projects/ (it finds docker-compose.yml, its override, COMPOSE_FILE in
// .env, extends with file:, env_file itself), and the merged services we compute
// (compose/project.ts) must equal its output on the fields our rules read: image,
// environment, volumes, ports, privileged, network_mode, command. The cases where v1 and the
// Compose Specification differ (!reset, !override, include:) are fixtures from the spec in
// test/engine/compose-project.test.ts.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import type { ProjectEnvironment } from '../../server/src/engine/compose/dotenv';
import { undeclaredNames } from '../../server/src/engine/compose/declarations';
import { type ComposeService, booleanOf } from '../../server/src/engine/compose/model';
import { parseCompose } from '../../server/src/engine/compose/parse';
import { composeProjects } from '../../server/src/engine/compose/project';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fileOfKind } from '../../server/src/engine/document';
import { connectivityOfFiles, parseFile } from '../../server/src/engine/lint';
import { composeConfig, composeConfigSkipReason } from './compose-config';

const goodPath = resolve(__dirname, '../../examples/good/ci/compose.yaml');

describe('docker-compose config (oracle)', { skip: composeConfigSkipReason }, () => {
  it('the oracle refuses a named volume that is not declared (it can fail)', () => {
    const result = composeConfig('services:\n  a:\n    image: alpine\n    volumes:\n      - certs:/certs\n');
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /certs/);
  });
  it('examples/good/ci/compose.yaml is a valid Compose file', () => {
    const result = composeConfig(readFileSync(goodPath, 'utf8'));
    assert.equal(result.status, 0, result.stderr);
  });
});

describe('examples/good connects', () => {
  it('declares every named volume and network its services use', () => {
    const file = fileOfKind(parseFile({ uri: 'file:///examples/good/ci/compose.yaml', text: readFileSync(goodPath, 'utf8') }), 'compose')!;
    assert.deepEqual(file.containers.models.flatMap(undeclaredNames), []);
    const undeclared = fileOfKind(parseFile({ uri: 'file:///c/compose.yaml', text: 'services:\n  a:\n    image: alpine\n    networks: [ci]\n    volumes: [certs:/c, ./x:/x]\n' }), 'compose')!;
    assert.deepEqual(
      undeclared.containers.models.flatMap(undeclaredNames).map((missing) => `${missing.kind} ${missing.name}`),
      ['network ci', 'volume certs'],
    );
  });
  it('every client of a dind reaches it with verified TLS on a name its certificate carries', () => {
    const { connectivity: model } = connectivityOfFiles([{ uri: 'file:///examples/good/ci/compose.yaml', text: readFileSync(goodPath, 'utf8') }], defaultLintOptions());
    const edges = model.scopes.flatMap((scope) => scope.edges).filter((edge) => edge.daemon?.kind === 'dockerd');
    assert.ok(edges.length > 0, 'examples/good has a client of its dind');
    for (const edge of edges) {
      assert.equal(edge.verdict, 'connects', `${edge.client.name}: ${edge.reason}`);
      assert.equal(edge.listener?.tls, 'tls-verify');
      assert.equal(edge.client.settings?.verify, true);
      assert.equal(edge.nameInCertificate, true);
    }
  });
});

const fixtures = resolve(__dirname, 'compose-projects');
const missing = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).error ? 'docker-compose (Debian package docker-compose) is not installed: .ci/install-oracles installs it' : undefined;

interface Compared {
  image?: string;
  environment: Record<string, string>;
  volumes: string[];
  ports: string[];
  privileged?: boolean;
  network_mode?: string;
  command?: string[];
}

function readText(uri: string): string | undefined {
  const path = fileURLToPath(uri);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function ours(folder: string): Record<string, Compared> {
  const folderUri = pathToFileURL(folder).href + '/';
  const lookup = (uri: string, env?: ProjectEnvironment) => {
    const text = readText(uri);
    return text === undefined ? undefined : parseCompose(uri, text, env).containers;
  };
  const [project] = composeProjects([folderUri + 'docker-compose.yml'], lookup, readText);
  assert.ok(project, `no project in ${folder}`);
  const services: Record<string, Compared> = {};
  for (const service of project.services) services[service.name] = compared(service, folder);
  return services;
}

function compared(service: ComposeService, folder: string): Compared {
  const hostPath = (path: string) => (path.startsWith('.') ? resolve(folder, path) : path);
  return {
    image: service.image?.text,
    environment: Object.fromEntries(service.environment.flatMap((variable) => (variable.value ? [[variable.name, variable.value.text]] : []))),
    volumes: service.volumes.map((volume) => `${volume.source ? hostPath(volume.source.text) : ''}:${volume.target?.text}`).sort(),
    ports: service.ports.map((port) => `${port.hostIp?.text ?? ''}|${port.published?.text ?? ''}|${port.target.text}|${port.protocol}`).sort(),
    privileged: booleanOf(service.privileged),
    network_mode: service.networkMode?.text,
    command: service.command?.words.map((word) => word.text.text),
  };
}

function theirs(folder: string): Record<string, Compared> {
  const run = spawnSync('docker-compose', ['config'], { cwd: folder, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.equal(run.status, 0, `docker-compose config failed in ${folder}: ${run.stderr}`);
  const config = parse(run.stdout) as { services: Record<string, Record<string, unknown>> };
  const services: Record<string, Compared> = {};
  for (const [name, service] of Object.entries(config.services)) {
    const command = service.command;
    services[name] = {
      image: service.image as string | undefined,
      environment: Object.fromEntries(Object.entries((service.environment ?? {}) as Record<string, unknown>).map(([key, value]) => [key, String(value ?? '')])),
      volumes: ((service.volumes ?? []) as (string | { source?: string; target: string })[])
        .map((volume) => (typeof volume === 'string' ? volume.split(':').slice(0, 2).join(':') : `${volume.source ?? ''}:${volume.target}`))
        .sort(),
      ports: ((service.ports ?? []) as (string | { host_ip?: string; published?: number; target: number; protocol?: string })[]).map(portKey).sort(),
      privileged: service.privileged as boolean | undefined,
      network_mode: service.network_mode as string | undefined,
      // The fixtures' string commands have no quotes: words are what a shell would split.
      command: command === undefined ? undefined : Array.isArray(command) ? command.map(String) : String(command).split(/\s+/),
    };
  }
  return services;
}

/** v1 prints `ip:published:target/proto` or the long form. */
function portKey(port: string | { host_ip?: string; published?: number; target: number; protocol?: string }): string {
  if (typeof port !== 'string') return `${port.host_ip ?? ''}|${port.published ?? ''}|${port.target}|${port.protocol ?? 'tcp'}`;
  const [spec, protocol = 'tcp'] = port.split('/');
  const parts = spec.split(':');
  const target = parts.pop()!;
  const published = parts.pop() ?? '';
  return `${parts.join(':')}|${published}|${target}|${protocol}`;
}

for (const name of existsSync(fixtures) ? readdirSync(fixtures).sort() : []) {
  it(`docker-compose config agrees on the merged project: ${name}`, { skip: missing }, () => {
    const folder = join(fixtures, name);
    assert.deepEqual(ours(folder), theirs(folder));
  });
}
