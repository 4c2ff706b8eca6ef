// Mutual TLS with Node's own TLS stack: the generated server certificate serves, the
// generated client certificate is accepted, and every wrong client is refused. Under TLS 1.3
// the client's secureConnect fires before the server has judged its certificate, so each
// case asserts on the data that came back or on the error, never on secureConnect.

import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import tls from 'node:tls';
import type { KeyType } from '../../server/src/engine/certs/options';
import { type WrittenSet, temporaryDirectory, writeSet } from './helpers';

interface Exchange {
  data: string;
  error?: Error & { code?: string };
}

interface TestServer {
  port: number;
  /** Errors the server reported during handshakes (tlsClientError), in order. */
  refusals: string[];
  /** Clients the server accepted: the handler ran. */
  accepted(): number;
  close(): Promise<void>;
}

/** A server that answers each line with "pong <client CN>: <line>". */
async function startServer(set: WrittenSet): Promise<TestServer> {
  const refusals: string[] = [];
  let accepted = 0;
  const server = tls.createServer({ key: set.read('server-key.pem'), cert: set.read('server-cert.pem'), ca: set.read('ca.pem'), requestCert: true, rejectUnauthorized: true }, (socket) => {
    accepted++;
    const peer = socket.getPeerCertificate();
    socket.on('data', (chunk) => socket.end(`pong ${peer.subject?.CN}: ${chunk}`));
    socket.on('error', () => socket.destroy());
  });
  server.on('tlsClientError', (error: Error & { code?: string }) => refusals.push(`${error.code} ${error.message}`));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    refusals,
    accepted: () => accepted,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function exchange(port: number, options: tls.ConnectionOptions): Promise<Exchange> {
  return new Promise((resolve) => {
    let data = '';
    let error: Exchange['error'];
    const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () => socket.write('ping'));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', (e) => (error = e));
    socket.on('close', () => resolve({ data, error }));
    socket.setTimeout(10_000, () => socket.destroy(new Error('timed out')));
  });
}

const cases: { keyType: KeyType; note?: string }[] = [{ keyType: 'ecdsa-p256' }, { keyType: 'rsa-2048' }, { keyType: 'rsa-4096', note: 'slow keys: one suite' }];

for (const { keyType } of cases) {
  describe(`mutual TLS with a ${keyType} set`, () => {
    const folder = temporaryDirectory(`tls-${keyType}`);
    const otherFolder = temporaryDirectory(`tls-other-${keyType}`);
    let set: WrittenSet;
    let other: WrittenSet;
    let server: TestServer;

    /**
     * Connects as a client the server must refuse: nothing comes back and the server's
     * handler never runs. Returns the server's handshake error, if it reported one (Node
     * reports a missing certificate, but drops a certificate that fails verification
     * without an event).
     */
    const refusedExchange = async (options: tls.ConnectionOptions) => {
      const acceptedBefore = server.accepted();
      const refusalsBefore = server.refusals.length;
      const result = await exchange(server.port, options);
      assert.equal(result.data, '');
      assert.equal(server.accepted(), acceptedBefore, 'the server accepted the client');
      return server.refusals.slice(refusalsBefore).join('; ');
    };
    before(async () => {
      set = await writeSet(folder.path, ['docker.example.com', '127.0.0.1'], keyType);
      // A second, unrelated CA: its client certificate must not get in.
      other = await writeSet(otherFolder.path, ['docker.example.com', '127.0.0.1'], keyType === 'rsa-4096' ? 'ecdsa-p256' : keyType);
      server = await startServer(set);
    });
    after(async () => {
      await server?.close();
      folder.remove();
      otherFolder.remove();
    });

    const trustingClient = () => ({ ca: set.read('ca.pem') });

    it('lets the generated client certificate in and exchanges data (IP SAN)', async () => {
      const result = await exchange(server.port, { ...trustingClient(), cert: set.read('cert.pem'), key: set.read('key.pem') });
      assert.equal(result.error, undefined, result.error?.message);
      assert.equal(result.data, 'pong docker client: ping');
    });

    it('matches the DNS name in the server certificate', async () => {
      const result = await exchange(server.port, { ...trustingClient(), servername: 'docker.example.com', cert: set.read('cert.pem'), key: set.read('key.pem') });
      assert.equal(result.data, 'pong docker client: ping', result.error?.message);
    });

    it('refuses a client without a certificate', async () => {
      assert.match(await refusedExchange(trustingClient()), /PEER_DID_NOT_RETURN_A_CERTIFICATE/);
    });

    it('refuses a client certificate from another CA', async () => {
      await refusedExchange({ ...trustingClient(), cert: other.read('cert.pem'), key: other.read('key.pem') });
    });

    it("refuses the server's own certificate used as a client certificate (no clientAuth)", async () => {
      await refusedExchange({ ...trustingClient(), cert: set.read('server-cert.pem'), key: set.read('server-key.pem') });
    });

    it('refuses those two for the right reasons (a diagnosing server that reports instead of refusing)', async () => {
      const reasons: (string | null)[] = [];
      const diagnosing = tls.createServer({ key: set.read('server-key.pem'), cert: set.read('server-cert.pem'), ca: set.read('ca.pem'), requestCert: true, rejectUnauthorized: false }, (socket) => {
        reasons.push(socket.authorized ? 'authorized' : String(socket.authorizationError));
        socket.end('seen');
      });
      diagnosing.listen(0, '127.0.0.1');
      await once(diagnosing, 'listening');
      const port = (diagnosing.address() as AddressInfo).port;
      const data: string[] = [];
      for (const [from, cert, key] of [
        [set, 'cert.pem', 'key.pem'],
        [other, 'cert.pem', 'key.pem'],
        [set, 'server-cert.pem', 'server-key.pem'],
      ] as const) {
        data.push((await exchange(port, { ...trustingClient(), cert: from.read(cert), key: from.read(key) })).data);
      }
      diagnosing.close();
      assert.deepEqual(data, ['seen', 'seen', 'seen']);
      assert.deepEqual(reasons, ['authorized', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'INVALID_PURPOSE']);
    });

    it('is refused by a client expecting a host name that is not in the certificate', async () => {
      const result = await exchange(server.port, { ...trustingClient(), servername: 'other.example.com', cert: set.read('cert.pem'), key: set.read('key.pem') });
      assert.equal(result.data, '');
      assert.equal(result.error?.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('is refused by a client that trusts another CA', async () => {
      const result = await exchange(server.port, { ca: other.read('ca.pem'), cert: set.read('cert.pem'), key: set.read('key.pem') });
      assert.equal(result.data, '');
      assert.match(result.error?.code ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|UNABLE_TO_GET_ISSUER/);
    });
  });
}
