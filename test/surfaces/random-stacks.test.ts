// Property: on random small Compose stacks (one or two dind services with TLS on or off,
// clients with assorted DOCKER_HOST and TLS settings, published API ports), fix-all keeps
// every client that connected before connected, and leaves no error-level finding, unless
// that finding offers no fix and says why.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { undeclaredNames } from '../../server/src/engine/compose/declarations';
import { defaultLintOptions } from '../../server/src/engine/config';
import { connections, lostConnections } from '../../server/src/engine/connectivity';
import { fileOfKind } from '../../server/src/engine/document';
import { fixAll } from '../../server/src/engine/fix';
import { connectivityOfFiles, lintFiles } from '../../server/src/engine/lint';
import { composeConfig, composeConfigSkipReason } from '../oracle/compose-config';

interface DindSpec {
  tls: boolean;
  hostname: boolean;
  aliasDocker: boolean;
  certVolume: 'none' | 'client' | 'whole';
  published?: { loopback: boolean; port: 2375 | 2376 };
}

interface ClientSpec {
  image: 'example/runner' | 'docker:27-cli';
  form: 'list' | 'map';
  /** Which dind; -1: an address outside the stack. */
  target: number;
  name: 'service' | 'docker';
  port: 2375 | 2376 | undefined;
  verify: 'absent' | 'one' | 'empty';
  certPath: boolean;
  mountCerts: boolean;
}

const dindNames = ['dind', 'engine'];

const dindSpec = fc.record<DindSpec>({
  tls: fc.boolean(),
  hostname: fc.boolean(),
  aliasDocker: fc.boolean(),
  certVolume: fc.constantFrom('none', 'client', 'whole'),
  published: fc.option(fc.record({ loopback: fc.boolean(), port: fc.constantFrom(2375 as const, 2376 as const) }), { nil: undefined }),
});

const clientSpec = fc.record<ClientSpec>({
  image: fc.constantFrom('example/runner', 'docker:27-cli'),
  form: fc.constantFrom('list', 'map'),
  target: fc.constantFrom(0, 1, -1),
  name: fc.constantFrom('service', 'docker'),
  port: fc.constantFrom(2375 as const, 2376 as const, undefined),
  verify: fc.constantFrom('absent', 'one', 'empty'),
  certPath: fc.boolean(),
  mountCerts: fc.boolean(),
});

function stackText(dinds: DindSpec[], clients: ClientSpec[]): string {
  const lines = ['services:'];
  const volumes = new Set<string>();
  dinds.forEach((dind, index) => {
    const name = dindNames[index];
    lines.push(`  ${name}:`, '    image: docker:27-dind', '    privileged: true');
    if (dind.hostname) lines.push(`    hostname: ${name}`);
    if (!dind.tls) lines.push('    environment:', '      DOCKER_TLS_CERTDIR: ""');
    if (dind.certVolume !== 'none') {
      volumes.add(`${name}-shared`);
      lines.push('    volumes:', `      - ${name}-shared:${dind.certVolume === 'client' ? '/certs/client' : '/certs'}`);
    }
    // `docker` is an alias of the first dind only: two services answering to one name would be ambiguous.
    if (dind.aliasDocker && index === 0) lines.push('    networks:', '      default:', '        aliases: [docker]');
    if (dind.published) lines.push('    ports:', `      - "${dind.published.loopback ? '127.0.0.1:' : ''}${dind.published.port}:${dind.published.port}"`);
  });
  clients.forEach((client, index) => {
    lines.push(`  client${index}:`, `    image: ${client.image}`);
    const target = client.target < 0 || client.target >= dinds.length ? 'build.example' : client.name === 'docker' && client.target === 0 && dinds[0].aliasDocker ? 'docker' : dindNames[client.target];
    const host = `tcp://${target}${client.port ? `:${client.port}` : ''}`;
    const variables: [string, string][] = [['DOCKER_HOST', host]];
    if (client.verify !== 'absent') variables.push(['DOCKER_TLS_VERIFY', client.verify === 'one' ? '1' : '']);
    if (client.certPath) variables.push(['DOCKER_CERT_PATH', '/certs/client']);
    lines.push('    environment:');
    for (const [name, value] of variables) lines.push(client.form === 'list' ? `      - ${name}=${value}` : `      ${name}: "${value}"`);
    const dind = dinds[client.target];
    if (client.mountCerts && dind && dind.certVolume !== 'none') {
      lines.push('    volumes:', `      - ${dindNames[client.target]}-shared:${dind.certVolume === 'client' ? '/certs/client' : '/certs'}:ro`);
    }
  });
  if (volumes.size > 0) lines.push('volumes:', ...[...volumes].map((name) => `  ${name}: {}`));
  return lines.join('\n') + '\n';
}

const uri = 'file:///stack/compose.yaml';

function modelOf(text: string) {
  return connectivityOfFiles([{ uri, text }], defaultLintOptions()).connectivity;
}

describe('random stacks: fix-all keeps every client connected', () => {
  it('every edge that connected still connects, no error is left unless it says why no fix is offered', () => {
    fc.assert(
      fc.property(fc.array(dindSpec, { minLength: 1, maxLength: 2 }), fc.array(clientSpec, { minLength: 1, maxLength: 3 }), (dinds, clients) => {
        const text = stackText(dinds, clients);
        const before = modelOf(text);
        const fixed = fixAll([{ uri, text }], defaultLintOptions()).texts.get(uri)!;
        const after = modelOf(fixed);
        const lost = lostConnections(before, after);
        assert.deepEqual(lost, [], `clients no longer connect:\n${text}\n--- after fix-all ---\n${fixed}`);
        const findings = lintFiles([{ uri, text: fixed }], defaultLintOptions()).flatMap((result) => result.findings);
        // A client left on plain HTTP to a dind is one whose fix was declined, and a finding says why.
        for (const connection of connections(after)) {
          if (connection.tls !== 'none') continue;
          assert.ok(
            findings.some((finding) => /No fix is offered: /.test(finding.message)),
            `client "${connection.client}" stays on plain HTTP with no finding saying why:\n${fixed}`,
          );
        }
        for (const finding of findings.filter((candidate) => candidate.severity === 'error')) {
          assert.equal(finding.fixes.length, 0, `an error is still fixable after fix-all: ${finding.ruleId} ${finding.message}\n${fixed}`);
          assert.match(finding.message, /No fix is offered: /, `an error is left without saying why: ${finding.ruleId} ${finding.message}\n${text}\n--- after fix-all ---\n${fixed}`);
        }
        const file = fileOfKind(connectivityOfFiles([{ uri, text: fixed }], defaultLintOptions()).files.get(uri), 'compose')!;
        assert.deepEqual(file.containers.models.flatMap(undeclaredNames), [], fixed);
      }),
      { numRuns: 150, seed: 20261207 },
    );
  });

  it('docker-compose config accepts a few of them after fix-all', { skip: composeConfigSkipReason }, () => {
    const samples = fc.sample(fc.tuple(fc.array(dindSpec, { minLength: 1, maxLength: 2 }), fc.array(clientSpec, { minLength: 1, maxLength: 3 })), { numRuns: 4, seed: 7 });
    for (const [dinds, clients] of samples) {
      const fixed = fixAll([{ uri, text: stackText(dinds, clients) }], defaultLintOptions()).texts.get(uri)!;
      const result = composeConfig(fixed);
      assert.equal(result.status, 0, `${result.stderr}\n${fixed}`);
    }
  });
});
