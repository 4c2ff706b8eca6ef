// `dockerd-lint explain PATH...`: per machine and per stack, the Docker API listeners, the
// clients and every edge between them with its verdict (connectivity.ts), as text or JSON.
// The files are read and grouped as a lint of the same paths reads and groups them.

import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../engine/config';
import { explainScopes, explainText } from '../engine/explain';
import { connectivityOfFiles } from '../engine/lint';
import { kindByGlobs } from '../engine/project-config';
import { findConfig, loadConfig } from './config';
import { collectPaths, readSource } from './files';
import { certificateNamesReader } from '../certificate-names';
import { companionReader } from '../companion-reader';

export const explainUsage = 'Usage: dockerd-lint explain [--format text|json] [--config FILE] PATH...';

const help = `${explainUsage}

Shows who talks to which Docker daemon in the files under PATH: per machine (the files of
one dockerd host) and per stack (one Compose file), each listener (address, TLS mode, where
it is set, the names dind's certificate carries), each client (DOCKER_HOST, the docker image's
defaults, socket mounts, socket proxies' upstream) and every edge with its verdict: connects,
refused, TLS mismatch, no client certificate, name not in certificate, or not judged (the
daemon is not in the files).

Exit status: 0 every judged edge connects, 1 at least one does not, 2 usage or I/O error.`;

export class ExplainUsageError extends Error {}

export function runExplainCommand(args: string[], out: (text: string) => void): number {
  // parseArgs throws on an unknown option or a missing value: that is a usage error.
  const parsed = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: true,
        options: { format: { type: 'string', default: 'text' }, config: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      });
    } catch (error) {
      throw new ExplainUsageError((error as Error).message);
    }
  })();
  const { values, positionals } = parsed;
  if (values.help) {
    out(help + '\n');
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new ExplainUsageError(`unknown format "${values.format}" (expected text, json)`);
  if (positionals.length === 0) throw new ExplainUsageError('no path given');
  const config = values.config === undefined ? findConfig(positionals[0]) : loadConfig(values.config);
  const relativeToBase = (path: string) => relative(config.baseDir, path).split('\\').join('/');
  const sources = collectPaths(positionals).map((path) => {
    const source = readSource(path);
    const kind = config.options.kinds ? kindByGlobs(relativeToBase(path), config.options.kinds) : undefined;
    return kind ? { ...source, kind } : source;
  });
  // The same resolved configuration a lint of these paths runs with (host groups included).
  const { options: resolved } = resolveConfig({ layers: [{ options: config.options, baseDir: config.baseDir }], trusted: true });
  // Compose projects and certificates are read inside these paths, as a lint of them reads them.
  const readCompanion = companionReader(positionals);
  const options = { ...resolved, readCompanion, readCertificateNames: certificateNamesReader(readCompanion) };
  const { connectivity, files } = connectivityOfFiles(sources, options);
  const cwd = process.cwd();
  const path = (uri: string) => relative(cwd, fileURLToPath(uri)) || fileURLToPath(uri);
  const where = (uri: string, span: { start: number }) => `${path(uri)}:${(files.get(uri)?.lines.position(span.start).line ?? 0) + 1}`;
  const scopes = explainScopes(connectivity, where, path);
  out(values.format === 'json' ? JSON.stringify({ scopes }, null, 2) + '\n' : explainText(scopes));
  const broken = scopes.some((scope) => scope.edges.some((edge) => edge.verdict !== 'connects' && edge.verdict !== 'not-judged'));
  return broken ? 1 : 0;
}
