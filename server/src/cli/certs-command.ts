// `dockerd-lint certs`: generates a CA, a dockerd server certificate and a client
// certificate into one folder, under the names Docker expects. Exit 0: written; 1: refused
// because files exist; 2: bad arguments or a failure. No key material is ever printed.

import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CertificateHost, type ListenAddress, describeHostError, listenAddressesFor, loopbackSuggestions, parseCertificateHosts, parseListenAddress } from '../engine/certs/hosts';
import { type KeyType, defaultLeafDays, keyTypes, validateDays } from '../engine/certs/options';
import { FilesExistError, OutputFolderError, existingFiles, plannedFileNames, plannedFiles, writeCertificateFiles } from '../engine/certs/files';
import { defaultServerCertDirectory, serverTlsPaths } from '../engine/certs/names';
import { allInterfacesNote, clientInstructions, daemonJsonSnippet, listenerDropIn, listenerDropInPath, tlsPort } from '../engine/certs/instructions';
import { outputFolderProblem } from '../engine/certs/output-folder';

export const certsUsage =
  'Usage: dockerd-lint certs --out DIR --host NAME_OR_IP [--host ...] [--listen ADDR:PORT ...] [--dockerd-cert-dir DIR] [--key-type ecdsa-p256|rsa-2048|rsa-4096] [--days N] [--no-ca-key] [--force]';

const help = `${certsUsage}

Writes ca.pem, ca-key.pem, server-cert.pem, server-key.pem (for dockerd) and cert.pem,
key.pem (for clients) into DIR. Existing files are never replaced unless --force is given;
then the old ones are kept as NAME.bak-<timestamp>.

  --host NAME_OR_IP  a DNS name or IP address clients use to reach dockerd (repeatable;
                     localhost and 127.0.0.1 are only included when given)
  --listen ADDR:PORT where dockerd listens (repeatable); default: each IP given as --host,
                     port ${tlsPort} (needed when only DNS names are given: which address of the
                     machine a name stands for is not guessed, and 0.0.0.0 is never assumed)
  --dockerd-cert-dir DIR
                     where ca.pem, server-cert.pem and server-key.pem will be on the dockerd
                     host, for the printed settings (default ${defaultServerCertDirectory})
  --key-type TYPE    ecdsa-p256 (default), rsa-2048 or rsa-4096
  --days N           validity of the server and client certificates (default ${defaultLeafDays});
                     the CA is valid for 5 years, or N days if longer
  --no-ca-key        do not keep the CA's private key anywhere: nobody can sign with this CA
                     again (issue new certificates by running this command again)
  --force            replace existing files, keeping backups`;

class UsageError extends Error {}

interface CertsArguments {
  out: string;
  hosts: CertificateHost[];
  listeners: ListenAddress[];
  dockerdCertDirectory: string;
  keyType: KeyType;
  days: number;
  keepCaKey: boolean;
  force: boolean;
}

function parseCertsArguments(args: string[]): CertsArguments | 'help' {
  // parseArgs throws on an unknown option or a missing value: that is a usage error.
  const parsed = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: false,
        options: {
          out: { type: 'string' },
          host: { type: 'string', multiple: true },
          listen: { type: 'string', multiple: true },
          'dockerd-cert-dir': { type: 'string', default: defaultServerCertDirectory },
          'key-type': { type: 'string', default: 'ecdsa-p256' },
          days: { type: 'string', default: String(defaultLeafDays) },
          'no-ca-key': { type: 'boolean', default: false },
          force: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  })();
  const { values } = parsed;
  if (values.help) return 'help';
  if (!values.out) throw new UsageError('--out DIR is required');
  if (!values.host || values.host.length === 0) {
    throw new UsageError(`at least one --host is required: the names or IPs clients use to reach dockerd (for clients on the same machine: ${loopbackSuggestions.join(', ')})`);
  }
  const { hosts, errors } = parseCertificateHosts(values.host);
  if (errors.length > 0) throw new UsageError(errors.map((error) => `--host ${error.input}: ${describeHostError(error)}`).join('\ndockerd-lint certs: '));
  const keyType = values['key-type'] as KeyType;
  if (!keyTypes.includes(keyType)) throw new UsageError(`--key-type must be one of ${keyTypes.join(', ')}, not "${values['key-type']}"`);
  const days = /^\d+$/.test(values.days ?? '') ? Number(values.days) : NaN;
  const daysError = validateDays(days);
  if (daysError) throw new UsageError(`--days ${values.days}: ${daysError}`);
  const dockerdCertDirectory = values['dockerd-cert-dir'] ?? defaultServerCertDirectory;
  if (!dockerdCertDirectory.startsWith('/')) throw new UsageError(`--dockerd-cert-dir ${dockerdCertDirectory}: give the absolute path of the folder on the dockerd host`);
  return {
    out: resolve(values.out),
    hosts,
    listeners: listenersOf(values.listen ?? [], hosts),
    dockerdCertDirectory,
    keyType,
    days,
    keepCaKey: !values['no-ca-key'],
    force: values.force ?? false,
  };
}

function listenersOf(given: readonly string[], hosts: readonly CertificateHost[]): ListenAddress[] {
  if (given.length === 0) {
    const addresses = listenAddressesFor(hosts);
    if (addresses.length === 0) {
      throw new UsageError(`give --listen ADDR:PORT: the names (${hosts.map((host) => host.value).join(', ')}) do not say which address of the dockerd host to listen on`);
    }
    return addresses.map((address) => ({ address, port: tlsPort }));
  }
  return given.map((text) => {
    const parsed = parseListenAddress(text);
    if ('error' in parsed) throw new UsageError(`--listen ${text}: ${parsed.error}`);
    return parsed;
  });
}

export async function runCertsCommand(args: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text + '\n');
  const err = (text: string) => process.stderr.write(`dockerd-lint certs: ${text}\n`);
  let request: CertsArguments | 'help';
  try {
    request = parseCertsArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(error.message);
    process.stderr.write(certsUsage + '\n');
    return 2;
  }
  if (request === 'help') {
    out(help);
    return 0;
  }

  // Refuse before spending time on keys; the writer checks again, atomically per file.
  const folderProblem = outputFolderProblem(request.out);
  if (folderProblem) {
    err(folderProblem);
    return 2;
  }
  const names = plannedFileNames(request.keepCaKey);
  const present = request.force ? [] : existingFiles(request.out, names);
  if (present.length > 0) return refuse(err, request.out, present);

  try {
    // Loaded on first use from its own bundle (dist/certs-generate.js), as in the server:
    // a lint never parses @peculiar/x509.
    const { generateCertificates } = await import('../engine/certs/generate');
    const set = await generateCertificates({ hosts: request.hosts, keyType: request.keyType, days: request.days });
    const result = writeCertificateFiles(request.out, plannedFiles(set, request.keepCaKey), { replace: request.force });
    out(`Wrote ${result.written.length} files to ${request.out}:`);
    for (const path of result.written) out(`  ${path}`);
    for (const { file, backup } of result.backups) out(`  (old ${file} kept as ${backup})`);
    if (!request.keepCaKey) out('The CA private key was not kept: to issue more certificates, run this command again.');
    if (!request.hosts.some((host) => loopbackSuggestions.includes(host.value))) {
      out(`Note: ${loopbackSuggestions.join(' and ')} are not in the server certificate; clients on the dockerd host must use a name listed in it.`);
    }
    out('');
    out(`On the dockerd host: copy ca.pem, server-cert.pem and server-key.pem to ${request.dockerdCertDirectory} (ca-key.pem, cert.pem and key.pem stay off it).`);
    out("dockerd's TLS settings, for /etc/docker/daemon.json (merge them into the file if it exists):");
    out(daemonJsonSnippet(serverTlsPaths(request.dockerdCertDirectory)));
    out(`The TCP listener, as a docker.service drop-in ${listenerDropInPath} (then: systemctl daemon-reload && systemctl restart docker):`);
    out(listenerDropIn(request.listeners));
    out('"hosts" stays out of daemon.json: the packaged docker.service passes -H fd://, and dockerd refuses to start when both set it.');
    out('If another drop-in already sets ExecStart=, add these -H flags to it instead; the drop-in read last wins.');
    const note = allInterfacesNote(request.listeners);
    if (note) out(note);
    out('');
    out('Clients (ca.pem, cert.pem and key.pem in one folder):');
    out(clientInstructions(request.out, request.hosts, request.listeners[0]?.port ?? tlsPort));
    return 0;
  } catch (error) {
    if (error instanceof FilesExistError) return refuse(err, request.out, error.existing);
    if (error instanceof OutputFolderError) {
      err(error.message);
      return 2;
    }
    // Messages from the file system and the key generator name paths, never key bytes.
    err((error as Error).message);
    return 2;
  }
}

function refuse(err: (text: string) => void, directory: string, existing: string[]): number {
  err(`refusing to replace existing files in ${directory}: ${existing.join(', ')}`);
  err('nothing was written. Use --force to replace them (the old files are kept as NAME.bak-<timestamp>), or choose another --out folder.');
  return 1;
}
