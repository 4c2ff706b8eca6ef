// Names for the server certificate, validated as a TLS client compares them, and where
// dockerd listens for them (the suggestions from a machine's files: wiring.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenAddressesFor, parseCertificateHost, parseListenAddress, parseCertificateHosts } from '../../server/src/engine/certs/hosts';

describe('parseCertificateHost', () => {
  for (const [input, expected] of [
    ['docker.example.com', { type: 'dns', value: 'docker.example.com' }],
    ['Docker.Example.COM', { type: 'dns', value: 'docker.example.com' }],
    ['localhost', { type: 'dns', value: 'localhost' }],
    ['*.nodes.example.com', { type: 'dns', value: '*.nodes.example.com' }],
    ['192.0.2.10', { type: 'ip', value: '192.0.2.10' }],
    ['2001:db8::1', { type: 'ip', value: '2001:db8::1' }],
    ['::1', { type: 'ip', value: '::1' }],
    ['  10.0.0.5 ', { type: 'ip', value: '10.0.0.5' }],
  ] as const) {
    it(`accepts ${JSON.stringify(input)}`, () => assert.deepEqual(parseCertificateHost(input), expected));
  }

  for (const [input, error, suggestion] of [
    ['0.0.0.0', /all interfaces/, undefined],
    ['::', /all interfaces/, undefined],
    ['tcp://0.0.0.0:2376', /all interfaces/, undefined],
    ['[::]', /all interfaces/, undefined],
    ['tcp://docker.example.com:2376', /scheme/, 'docker.example.com'],
    ['https://[2001:db8::1]:2376/', /scheme/, '2001:db8::1'],
    ['[2001:db8::1]', /without brackets/, '2001:db8::1'],
    ['docker.example.com:2376', /has a port/, 'docker.example.com'],
    ['host.example.', /ends with a dot/, 'host.example'],
    ['under_score.example', /not a valid DNS name/, undefined],
    ['-lead.example', /not a valid DNS name/, undefined],
    ['a..b', /empty label/, undefined],
    ['*.com', /wildcard/, undefined],
    ['a.*.example.com', /wildcard/, undefined],
    ['*x.example.com', /wildcard/, undefined],
    ['.example.com', /empty label/, undefined],
    ['exa mple.com', /white space/, undefined],
    ['256.1.1.1', /looks like an IP address/, undefined],
    ['1.2.3', /looks like an IP address/, undefined],
    ['fe80::1%eth0', /zone/, undefined],
    ['2001:db8:::1', /not a valid IPv6/, undefined],
    ['', /empty/, undefined],
  ] as const) {
    it(`rejects ${JSON.stringify(input)}`, () => {
      const result = parseCertificateHost(input);
      assert.ok('error' in result, `accepted ${input}`);
      assert.match(result.error, error);
      assert.equal(result.suggestion, suggestion);
    });
  }

  it('splits lists on commas and drops duplicates', () => {
    const { hosts, errors } = parseCertificateHosts(['a.example, 192.0.2.1 , A.example', 'b.example,,']);
    assert.deepEqual(
      hosts.map((host) => host.value),
      ['a.example', '192.0.2.1', 'b.example'],
    );
    assert.deepEqual(errors, []);
  });

  it('reads white space inside a name as a typo, not a separator', () => {
    const { hosts, errors } = parseCertificateHosts(['exa mple.com']);
    assert.deepEqual(hosts, []);
    assert.match(errors[0].error, /contains white space/);
  });
});

describe('listenAddressesFor', () => {
  it('listens at the IPs clients use, 127.0.0.1 for localhost, never at 0.0.0.0', () => {
    assert.deepEqual(listenAddressesFor(parseCertificateHosts(['localhost', '127.0.0.1', '::1']).hosts), ['127.0.0.1', '::1']);
    assert.deepEqual(listenAddressesFor(parseCertificateHosts(['localhost']).hosts), ['127.0.0.1']);
    assert.deepEqual(listenAddressesFor(parseCertificateHosts(['docker.example.com', '10.0.0.5']).hosts), ['10.0.0.5']);
    assert.deepEqual(listenAddressesFor(parseCertificateHosts(['docker.example.com']).hosts), []);
  });
});

describe('parseListenAddress', () => {
  it('reads ADDR:PORT and [IPv6]:PORT, 0.0.0.0 included', () => {
    assert.deepEqual(parseListenAddress('10.0.0.5:2376'), { address: '10.0.0.5', port: 2376 });
    assert.deepEqual(parseListenAddress('[2001:db8::1]:2376'), { address: '2001:db8::1', port: 2376 });
    assert.deepEqual(parseListenAddress('0.0.0.0:2376'), { address: '0.0.0.0', port: 2376 });
    assert.deepEqual(parseListenAddress('Docker.Example.com:2376'), { address: 'docker.example.com', port: 2376 });
  });
  for (const bad of ['10.0.0.5', 'tcp://10.0.0.5:2376', '10.0.0.5:0', '10.0.0.5:70000', '[docker]:2376', 'exa mple:2376', '2001:db8::1:2376']) {
    it(`rejects ${bad}`, () => assert.ok('error' in parseListenAddress(bad)));
  }
});
