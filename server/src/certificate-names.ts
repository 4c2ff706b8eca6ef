// The names a dockerd's server certificate is valid for, read for the engine
// (LintOptions.readCertificateNames) by the CLI and the server through their bounded companion
// reader (inside the tree, size- and count-limited). node's X509Certificate parses the PEM; a
// file that is not a certificate gives nothing, and the names stay unknown.

import { X509Certificate } from 'node:crypto';
import type { CertificateNames } from './engine/config';

export function certificateNamesReader(read: (uri: string) => string | undefined): (uri: string) => CertificateNames | undefined {
  return (uri) => {
    const pem = read(uri);
    if (pem === undefined) return undefined;
    try {
      return subjectAltNames(new X509Certificate(pem).subjectAltName);
    } catch {
      return undefined;
    }
  };
}

/** Node prints the extension as `DNS:build.example, IP Address:10.0.0.5`; no extension: no name (Go ignores the CN). */
function subjectAltNames(text: string | undefined): CertificateNames {
  const names: CertificateNames = { dns: [], ips: [] };
  for (const part of (text ?? '').split(', ')) {
    if (part.startsWith('DNS:')) names.dns.push(part.slice('DNS:'.length));
    else if (part.startsWith('IP Address:')) names.ips.push(part.slice('IP Address:'.length));
  }
  return names;
}
