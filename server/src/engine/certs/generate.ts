// A CA, a dockerd server certificate and a client certificate, made with @peculiar/x509 on
// Node's WebCrypto. Nothing here touches the disk; the result is PEM text.

// @peculiar/x509 2.x resolves its algorithms through tsyringe, which needs the Reflect
// metadata polyfill loaded before it.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import type { CertificateHost } from './hosts';
import { type KeyType, defaultCaDays, defaultLeafDays, validateDays } from './options';

export interface CertificateRequest {
  /** The server certificate's subjectAltName entries; the first one is also its common name. */
  hosts: readonly CertificateHost[];
  keyType?: KeyType;
  /** Validity of the server and client certificates. */
  days?: number;
  /** Validity of the CA; never shorter than the certificates it signs. */
  caDays?: number;
  /** Start of validity; defaults to now. */
  now?: Date;
}

export interface IssuedCertificate {
  certificatePem: string;
  /** PKCS#8 PEM. Never log it. */
  privateKeyPem: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
}

export interface CertificateSet {
  ca: IssuedCertificate;
  server: IssuedCertificate;
  client: IssuedCertificate;
  keyType: KeyType;
}

const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
x509.cryptoProvider.set(crypto);

/** Clients whose clock runs a little behind still accept a certificate made just now. */
const clockSkewMs = 5 * 60 * 1000;
const dayMs = 24 * 60 * 60 * 1000;

function keyAlgorithm(keyType: KeyType): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  switch (keyType) {
    case 'ecdsa-p256':
      return { name: 'ECDSA', namedCurve: 'P-256' };
    case 'rsa-2048':
    case 'rsa-4096':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: keyType === 'rsa-2048' ? 2048 : 4096,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      };
  }
}

function signingAlgorithm(keyType: KeyType): webcrypto.Algorithm | webcrypto.EcdsaParams {
  return keyType === 'ecdsa-p256' ? ({ name: 'ECDSA', hash: 'SHA-256' } as webcrypto.EcdsaParams) : { name: 'RSASSA-PKCS1-v1_5' };
}

/** 16 random bytes, highest bit clear and next one set: positive and exactly 16 bytes in DER. */
export function randomSerialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}

async function newKeys(keyType: KeyType): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(keyAlgorithm(keyType), true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** The lib's IPv6 encoder takes hex groups only: `::ffff:192.0.2.1` becomes `::ffff:c000:201`. */
function hexOnlyIpv6(address: string): string {
  const embedded = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  if (!embedded) return address;
  const [a, b, c, d] = embedded.slice(2).map(Number);
  return `${embedded[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function subjectAltNames(hosts: readonly CertificateHost[]): x509.JsonGeneralName[] {
  return hosts.map((host) => ({ type: host.type, value: host.type === 'ip' && host.value.includes(':') ? hexOnlyIpv6(host.value) : host.value }));
}

interface Issue {
  subject: string;
  keys: CryptoKeyPair;
  issuer: { name: string; keys: CryptoKeyPair };
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
  keyType: KeyType;
}

async function issue(request: Issue): Promise<IssuedCertificate> {
  const serialNumber = randomSerialNumber();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: request.subject,
    issuer: request.issuer.name,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
    publicKey: request.keys.publicKey,
    signingKey: request.issuer.keys.privateKey,
    signingAlgorithm: signingAlgorithm(request.keyType),
    extensions: [...request.extensions, await x509.SubjectKeyIdentifierExtension.create(request.keys.publicKey), await x509.AuthorityKeyIdentifierExtension.create(request.issuer.keys.publicKey)],
  });
  return {
    certificatePem: certificate.toString('pem') + '\n',
    privateKeyPem: (await privateKeyPem(request.keys.privateKey)) + '\n',
    serialNumber,
    notBefore: request.notBefore,
    notAfter: request.notAfter,
  };
}

/** Distinguished-name values with RFC 4514 specials escaped (names here are validated, but stay safe). */
function dnValue(value: string): string {
  return value.replace(/([,+"\\<>;=#])/g, '\\$1');
}

/** X.520 caps a common name at 64 characters; a longer DNS name lives in the SAN only. */
function commonName(preferred: string, fallback: string): string {
  return dnValue(preferred.length <= 64 ? preferred : fallback);
}

export async function generateCertificates(request: CertificateRequest): Promise<CertificateSet> {
  const keyType = request.keyType ?? 'ecdsa-p256';
  const days = request.days ?? defaultLeafDays;
  const daysError = validateDays(days);
  if (daysError) throw new Error(daysError);
  if (request.hosts.length === 0) throw new Error('the server certificate needs at least one host name or IP');
  const now = request.now ?? new Date();
  const notBefore = new Date(now.getTime() - clockSkewMs);
  const leafNotAfter = new Date(now.getTime() + days * dayMs);
  const caNotAfter = new Date(now.getTime() + Math.max(request.caDays ?? defaultCaDays, days) * dayMs);
  const leafKeyUsage = keyType === 'ecdsa-p256' ? x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment;

  const [caKeys, serverKeys, clientKeys] = await Promise.all([newKeys(keyType), newKeys(keyType), newKeys(keyType)]);
  const caName = `CN=${commonName(`dockerd-lint CA for ${request.hosts[0].value}`, 'dockerd-lint CA')}, O=dockerd-lint`;
  const caIssuer = { name: caName, keys: caKeys };
  const ca = await issue({
    subject: caName,
    keys: caKeys,
    issuer: caIssuer,
    notBefore,
    notAfter: caNotAfter,
    keyType,
    extensions: [
      // pathLen 0: this CA signs dockerd's and its clients' certificates, never another CA.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const server = await issue({
    subject: `CN=${commonName(request.hosts[0].value, 'dockerd')}, O=dockerd-lint`,
    keys: serverKeys,
    issuer: caIssuer,
    notBefore,
    notAfter: leafNotAfter,
    keyType,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(leafKeyUsage, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(subjectAltNames(request.hosts)),
    ],
  });
  const client = await issue({
    subject: 'CN=docker client, O=dockerd-lint',
    keys: clientKeys,
    issuer: caIssuer,
    notBefore,
    notAfter: leafNotAfter,
    keyType,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(leafKeyUsage, true), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
  });
  return { ca, server, client, keyType };
}
