// Generation details read back with Node's own X.509 parser.

import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { generateCertificates } from '../../server/src/engine/certs/generate';
import { parseCertificateHosts } from '../../server/src/engine/certs/hosts';

describe('generateCertificates', () => {
  it('keeps a DNS name longer than 64 characters in the SAN and out of the common name', async () => {
    const long = `${'a'.repeat(60)}.example.com`;
    const set = await generateCertificates({ hosts: parseCertificateHosts([long, '::ffff:192.0.2.1']).hosts });
    const server = new X509Certificate(set.server.certificatePem);
    assert.equal(server.subject, 'CN=dockerd\nO=dockerd-lint');
    assert.equal(server.subjectAltName, `DNS:${long}, IP Address:0:0:0:0:0:FFFF:C000:201`);
    assert.ok(server.verify(new X509Certificate(set.ca.certificatePem).publicKey));
    assert.equal(new X509Certificate(set.ca.certificatePem).subject, 'CN=dockerd-lint CA\nO=dockerd-lint');
  });

  it('honours --days and never lets the CA expire before the certificates', async () => {
    const now = new Date('2030-06-01T00:00:00Z');
    const set = await generateCertificates({ hosts: parseCertificateHosts(['localhost']).hosts, days: 3000, now });
    assert.equal(set.server.notAfter.toISOString(), '2038-08-18T00:00:00.000Z');
    assert.equal(new X509Certificate(set.ca.certificatePem).validTo, new X509Certificate(set.server.certificatePem).validTo);
    assert.equal(set.server.notBefore.toISOString(), '2030-05-31T23:55:00.000Z');
  });

  it('refuses an empty host list and out-of-range validity', async () => {
    await assert.rejects(generateCertificates({ hosts: [] }), /at least one host/);
    await assert.rejects(generateCertificates({ hosts: parseCertificateHosts(['localhost']).hosts, days: 0 }), /whole number of days/);
  });
});
