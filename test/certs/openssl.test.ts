// The generated files checked by openssl, an implementation that owes us nothing.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KeyType } from '../../server/src/engine/certs/options';
import { type WrittenSet, hasOpenssl, openssl, temporaryDirectory, writeSet } from './helpers';

const keyTypes: KeyType[] = ['ecdsa-p256', 'rsa-2048'];

for (const keyType of keyTypes) {
  describe(`openssl accepts a ${keyType} set`, { skip: hasOpenssl() ? false : 'openssl is not installed' }, () => {
    const folder = temporaryDirectory(`openssl-${keyType}`);
    let set: WrittenSet;
    before(async () => {
      set = await writeSet(folder.path, ['docker.example.com', 'node-1.internal', '192.0.2.10', '2001:db8::7', 'localhost', '127.0.0.1'], keyType);
    });
    after(() => folder.remove());

    it('verifies the server and client certificates against the CA', () => {
      const result = openssl(['verify', '-CAfile', 'ca.pem', 'server-cert.pem', 'cert.pem'], set.directory);
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /server-cert\.pem: OK/);
      assert.match(result.stdout, /cert\.pem: OK/);
    });

    it('puts every requested name and IP in the server certificate, with serverAuth only', () => {
      const result = openssl(['x509', '-in', 'server-cert.pem', '-noout', '-ext', 'subjectAltName,extendedKeyUsage'], set.directory);
      assert.equal(result.status, 0, result.stderr);
      const sans = /Subject Alternative Name:\s*\n\s*(.*)/.exec(result.stdout)?.[1].split(', ').sort();
      assert.deepEqual(sans, ['DNS:docker.example.com', 'DNS:localhost', 'DNS:node-1.internal', 'IP Address:127.0.0.1', 'IP Address:192.0.2.10', 'IP Address:2001:DB8:0:0:0:0:0:7'].sort());
      assert.match(result.stdout, /Extended Key Usage:\s*\n\s*TLS Web Server Authentication\s*$/m);
    });

    it('gives the client certificate clientAuth and no names', () => {
      const result = openssl(['x509', '-in', 'cert.pem', '-noout', '-ext', 'subjectAltName,extendedKeyUsage'], set.directory);
      assert.match(result.stdout, /Extended Key Usage:\s*\n\s*TLS Web Client Authentication\s*$/m);
      assert.doesNotMatch(result.stdout, /Subject Alternative Name/);
    });

    it('refuses the client certificate for a server (-purpose sslserver)', () => {
      const asServer = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslserver', 'cert.pem'], set.directory);
      assert.notEqual(asServer.status, 0);
      assert.match(asServer.stderr + asServer.stdout, /unsuitable certificate purpose/);
      const asClient = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'cert.pem'], set.directory);
      assert.equal(asClient.status, 0, asClient.stderr);
      const serverAsClient = openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'server-cert.pem'], set.directory);
      assert.notEqual(serverAsClient.status, 0);
    });

    it('makes a CA limited to signing certificates and CRLs, with key identifiers everywhere', () => {
      const ca = openssl(['x509', '-in', 'ca.pem', '-noout', '-ext', 'basicConstraints,keyUsage,subjectKeyIdentifier'], set.directory).stdout;
      assert.match(ca, /Basic Constraints: critical\s*\n\s*CA:TRUE, pathlen:0/);
      assert.match(ca, /Key Usage: critical\s*\n\s*Certificate Sign, CRL Sign\s*$/m);
      const caKeyId = /Subject Key Identifier:\s*\n\s*(\S+)/.exec(ca)?.[1];
      assert.ok(caKeyId);
      for (const leaf of ['server-cert.pem', 'cert.pem']) {
        const text = openssl(['x509', '-in', leaf, '-noout', '-ext', 'basicConstraints,authorityKeyIdentifier,subjectKeyIdentifier'], set.directory).stdout;
        assert.match(text, /CA:FALSE/);
        assert.equal(/Authority Key Identifier:\s*\n\s*(?:keyid:)?(\S+)/.exec(text)?.[1], caKeyId, leaf);
        assert.match(text, /Subject Key Identifier:\s*\n\s*\S+/);
      }
    });

    it('uses positive 16-byte random serial numbers, all different', () => {
      const serials = ['ca.pem', 'server-cert.pem', 'cert.pem'].map((name) => openssl(['x509', '-in', name, '-noout', '-serial'], set.directory).stdout.trim().replace('serial=', ''));
      for (const serial of serials) {
        assert.match(serial, /^[0-9A-F]{32}$/);
        assert.ok(parseInt(serial[0], 16) < 8, `${serial} would be negative`);
      }
      assert.equal(new Set(serials).size, 3);
    });

    it('writes PKCS#8 private keys that match their certificates', () => {
      // Built from parts so that no line of this file looks like a committed key to scanners.
      const pkcs8Header = ['-----BEGIN', 'PRIVATE', 'KEY-----'].join(' ');
      for (const [key, cert] of [
        ['ca-key.pem', 'ca.pem'],
        ['server-key.pem', 'server-cert.pem'],
        ['key.pem', 'cert.pem'],
      ]) {
        assert.ok(set.read(key).startsWith(`${pkcs8Header}\n`), `${key} is not PKCS#8`);
        const fromKey = openssl(['pkey', '-in', key, '-pubout'], set.directory).stdout;
        const fromCert = openssl(['x509', '-in', cert, '-noout', '-pubkey'], set.directory).stdout;
        assert.ok(fromKey.includes('BEGIN PUBLIC KEY'));
        assert.equal(fromKey, fromCert, `${key} does not belong to ${cert}`);
      }
      const algorithm = openssl(['x509', '-in', 'server-cert.pem', '-noout', '-text'], set.directory).stdout;
      assert.match(algorithm, keyType === 'ecdsa-p256' ? /id-ecPublicKey[\s\S]*prime256v1/ : /rsaEncryption[\s\S]*\(2048 bit\)/);
    });

    it('makes server and client valid for 365 days and the CA for 5 years', () => {
      const days = (name: string) => {
        const text = openssl(['x509', '-in', name, '-noout', '-startdate', '-enddate'], set.directory).stdout;
        const start = Date.parse(/notBefore=(.*)/.exec(text)![1]);
        const end = Date.parse(/notAfter=(.*)/.exec(text)![1]);
        return Math.round((end - start) / 86_400_000);
      };
      assert.equal(days('server-cert.pem'), 365);
      assert.equal(days('cert.pem'), 365);
      assert.equal(days('ca.pem'), 5 * 365);
    });
  });
}
