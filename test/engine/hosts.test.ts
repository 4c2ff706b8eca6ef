// parseDaemonHost against every case of ParseDaemonHost (moby/moby at b985e2313a,
// daemon/pkg/opts/hosts.go), on Linux and Windows, plus the listener-time
// failures and the registry address classification the rules rely on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAllInterfaces, isHostError, isLoopbackAddress, isParsedHost, listenerError, parseDaemonHost, publicSpaceOf } from '../../server/src/engine/dockerd/hosts';
import type { Platform } from '../../server/src/engine/types';

type Expected = string | { error: RegExp; suggestion?: string } | 'blank';

// input -> [Linux, Windows]
const table: [string, Expected, Expected][] = [
  ['tcp://', 'tcp://localhost:2375', 'tcp://127.0.0.1:2375'],
  [':2375', 'tcp://localhost:2375', 'tcp://127.0.0.1:2375'],
  ['tcp://:2376', 'tcp://localhost:2376', 'tcp://127.0.0.1:2376'],
  ['0.0.0.0', 'tcp://0.0.0.0:2375', 'tcp://0.0.0.0:2375'],
  ['tcp://0.0.0.0', 'tcp://0.0.0.0:2375', 'tcp://0.0.0.0:2375'],
  ['host:', 'tcp://host:2375', 'tcp://host:2375'],
  ['tcp://[::]', 'tcp://[::]:2375', 'tcp://[::]:2375'],
  ['[::]:2375', 'tcp://[::]:2375', 'tcp://[::]:2375'],
  ['tcp://h:2375/x', { error: /should not contain a path element/, suggestion: 'tcp://h:2375' }, { error: /should not contain a path element/, suggestion: 'tcp://h:2375' }],
  ['tcp://h:0', { error: /invalid port: 0/ }, { error: /invalid port: 0/ }],
  ['unix://', 'unix:///var/run/docker.sock', 'unix:///var/run/docker.sock'],
  ['unix://rel.sock', 'unix://rel.sock', 'unix://rel.sock'],
  ['npipe://', 'npipe:////./pipe/docker_engine', 'npipe:////./pipe/docker_engine'],
  ['fd://', 'fd://', 'fd://'],
  ['fd://3', 'fd://3', 'fd://3'],
  ['fd://*', 'fd://*', 'fd://*'],
  ['ssh://u@h', { error: /unsupported proto 'ssh'/ }, { error: /unsupported proto 'ssh'/ }],
  ['', 'blank', 'blank'],
  ['  ', 'blank', 'blank'],
];

function check(input: string, expected: Expected, platform: Platform): void {
  const parsed = parseDaemonHost(input, platform);
  if (expected === 'blank') {
    assert.deepEqual(parsed, { blank: true });
    return;
  }
  if (typeof expected === 'string') {
    assert.ok(isParsedHost(parsed), `${input} on ${platform}: ${JSON.stringify(parsed)}`);
    assert.equal(parsed.normalized, expected);
    return;
  }
  assert.ok(isHostError(parsed), `${input} on ${platform} should be rejected, got ${JSON.stringify(parsed)}`);
  assert.match(parsed.error, expected.error);
  assert.equal(parsed.suggestion, expected.suggestion);
}

describe('parseDaemonHost: the cases of ParseDaemonHost', () => {
  for (const [input, linux, windows] of table) {
    it(`${JSON.stringify(input)} on Linux`, () => check(input, linux, 'linux'));
    it(`${JSON.stringify(input)} on Windows`, () => check(input, windows, 'windows'));
  }
});

describe('parseDaemonHost: other rejections', () => {
  const cases: [string, RegExp, string | undefined][] = [
    ['tcp://::1:2375', /IPv6 addresses must be in brackets/, 'tcp://[::1]:2375'],
    ['tcp://::1', /IPv6 addresses must be in brackets/, undefined],
    ['/var/run/docker.sock', /path element/, 'unix:///var/run/docker.sock'],
    ['unix:/var/run/docker.sock', /path element/, 'unix:///var/run/docker.sock'],
    ['TCP://0.0.0.0:2376', /unsupported proto 'TCP'/, 'tcp://0.0.0.0:2376'],
    ['http://10.0.0.1:2375', /unsupported proto 'http'/, 'tcp://10.0.0.1:2375'],
    ['udp://0.0.0.0:2375', /unsupported proto 'udp'/, undefined],
    ['://', /unsupported proto ''/, undefined],
    ['tcp://:port', /invalid port/, undefined],
    ['tcp://something with spaces', /invalid character/, undefined],
    ['unix://a://b', /may not contain/, undefined],
  ];
  for (const [input, error, suggestion] of cases) {
    it(input, () => {
      const parsed = parseDaemonHost(input);
      assert.ok(isHostError(parsed), JSON.stringify(parsed));
      assert.match(parsed.error, error);
      assert.equal(parsed.suggestion, suggestion);
    });
  }
  it('an unbracketed IPv6 suggestion is marked as a guess', () => {
    const parsed = parseDaemonHost('tcp://fe80::1:2375');
    assert.ok(isHostError(parsed) && parsed.suggestionIsGuess);
  });
  it('IPv6 with a zone and brackets is accepted', () => {
    const parsed = parseDaemonHost('tcp://[fe80::1%25eth0]:2376');
    assert.ok(isParsedHost(parsed) && parsed.port === 2376);
  });
});

describe('listenerError: accepted by the parser, refused when listening', () => {
  const ok = (input: string, platform: Platform) => {
    const parsed = parseDaemonHost(input, platform);
    assert.ok(isParsedHost(parsed));
    return listenerError(parsed, platform);
  };
  it('npipe:// on Linux', () => assert.match(ok('npipe://', 'linux') ?? '', /only on Windows/));
  it('npipe:// on Windows is fine', () => assert.equal(ok('npipe://', 'windows'), undefined));
  it('fd:// on Windows', () => assert.match(ok('fd://', 'windows') ?? '', /only on Linux/));
  it('fd://abc on Linux', () => assert.match(ok('fd://abc', 'linux') ?? '', /should be a number/));
  it('fd://3 and fd://* on Linux are fine', () => {
    assert.equal(ok('fd://3', 'linux'), undefined);
    assert.equal(ok('fd://*', 'linux'), undefined);
  });
  it('port above 65535', () => assert.match(ok('tcp://0.0.0.0:70000', 'linux') ?? '', /above 65535/));
  it('unix:// on Windows is fine', () => assert.equal(ok('unix://', 'windows'), undefined));
});

describe('publicSpaceOf: insecure registry entries', () => {
  const publicOnes = ['0.0.0.0/0', '8.8.8.8:5000', '10.0.0.0/7', '::/0', '[2001:db8::1]:5000', 'registry-1.docker.io', 'myacr.azurecr.io'];
  const privateOnes = [
    '10.0.0.0/8',
    '192.168.1.0/24',
    '172.16.5.0/24',
    'registry:5000',
    'localhost:5000',
    '127.0.0.1:5000',
    'registry.internal',
    'registry.corp.example.com',
    'fd00::/8',
    '[::1]:5000',
  ];
  for (const value of publicOnes) it(`${value} is public`, () => assert.ok(publicSpaceOf(value)));
  for (const value of privateOnes) it(`${value} is not called public`, () => assert.equal(publicSpaceOf(value), undefined));
});

describe('address classes', () => {
  for (const address of ['0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0', '[::]']) it(`${address} is every interface`, () => assert.ok(isAllInterfaces(address)));
  for (const address of ['127.0.0.1', '::1', '10.0.0.5', 'localhost', 'host']) it(`${address} is not every interface`, () => assert.ok(!isAllInterfaces(address)));
  for (const address of ['localhost', '127.0.0.1', '127.1.2.3', '::1']) it(`${address} is loopback`, () => assert.ok(isLoopbackAddress(address)));
  for (const address of ['0.0.0.0', '10.0.0.1', '::']) it(`${address} is not loopback`, () => assert.ok(!isLoopbackAddress(address)));
});
