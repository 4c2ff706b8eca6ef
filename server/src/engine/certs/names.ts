// Where the files of a certificate set live: Docker's names, and the server paths built
// from a folder (also what the language server turns dockerdLint.tlsCertDirectory into).
// No file system access here.

import type { TlsPaths } from '../types';
import { trimEndOf } from '../text';

/** Docker's file names: the client reads ca.pem, cert.pem, key.pem from DOCKER_CERT_PATH. */
export const certificateFileNames = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server-cert.pem',
  serverKey: 'server-key.pem',
  clientCert: 'cert.pem',
  clientKey: 'key.pem',
} as const;

/** Where the server's files go on the dockerd host unless told otherwise: where the TLS quick-fixes point. */
export const defaultServerCertDirectory = '/etc/docker/certs';

/** Server-side paths of the files dockerd needs, for a folder on the dockerd host. */
export function serverTlsPaths(directory: string): TlsPaths {
  const folder = trimEndOf(directory, '\\/');
  // A Windows folder (backslashes only) keeps its own separator.
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const join = (name: string) => `${folder}${separator}${name}`;
  return {
    tlscacert: join(certificateFileNames.caCert),
    tlscert: join(certificateFileNames.serverCert),
    tlskey: join(certificateFileNames.serverKey),
  };
}
