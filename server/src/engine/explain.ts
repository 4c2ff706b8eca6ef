// `dockerd-lint explain` and the listener hover: the connectivity model told to people (text,
// Markdown) and to scripts (JSON). Pure: positions come from a caller's `where`.

import { type Client, type Connectivity, type Daemon, type Edge, type Listener, type Scope, carriedNames, certificateLabel, edgesTo, tlsWords } from './connectivity';
import type { Span } from './types';

/** `path:line` of an offset in a file, as the caller shows paths. */
export type Where = (uri: string, span: Span) => string;

export interface ExplainedListener {
  daemon: string;
  address: string;
  tls: Listener['tls'];
  setIn: string[];
}

export interface ExplainedClient {
  name: string;
  kind: Client['kind'];
  target: string;
  tls: 'none' | 'tls' | 'tls-verify';
  certificates?: string;
  at: string;
}

export interface ExplainedEdge {
  client: string;
  target: string;
  daemon?: string;
  listener?: string;
  reaches?: boolean;
  tlsAgreed?: boolean;
  nameInCertificate?: boolean;
  verdict: Edge['verdict'];
  reason: string;
}

export interface ExplainedScope {
  kind: Scope['kind'];
  label: string;
  files: string[];
  listeners: ExplainedListener[];
  /** `carries`: the sentence text output shows. */
  certificates: { daemon: string; names: string[]; addresses?: string[]; file?: string; carries: string }[];
  published: { daemon: string; port: number; mapping: string; listener?: string }[];
  clients: ExplainedClient[];
  edges: ExplainedEdge[];
}

function clientTls(client: Client): ExplainedClient['tls'] {
  const settings = client.settings;
  return !settings?.tls ? 'none' : settings.verify ? 'tls-verify' : 'tls';
}

/** The folder the files share, or the one file: how a machine or a stack is named to people. */
function commonFolder(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0];
  let prefix = paths[0] ?? '';
  for (const path of paths) while (!path.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf('/', prefix.length - 2) + 1);
  return prefix || '.';
}

export function explainScopes(connectivity: Connectivity, where: Where, path: (uri: string) => string): ExplainedScope[] {
  // The model's labels hold URIs and absolute paths; people get the caller's paths.
  const labels = new Map<Daemon, string>();
  const scopeLabels = new Map<Scope, string>();
  for (const scope of connectivity.scopes) {
    const files = commonFolder(scope.uris.map(path));
    const label = scope.kind === 'machine' ? `machine ${files}` : `stack ${files}${scope.label.endsWith(')') ? scope.label.slice(scope.label.lastIndexOf(' (')) : ''}`;
    scopeLabels.set(scope, label);
    for (const daemon of scope.daemons) labels.set(daemon, scope.kind === 'machine' ? `dockerd of ${label}` : daemon.label);
  }
  const labelOf = (daemon: Daemon) => labels.get(daemon) ?? daemon.label;
  return connectivity.scopes.map((scope) => ({
    kind: scope.kind,
    label: scopeLabels.get(scope)!,
    files: scope.uris.map(path),
    listeners: scope.daemons.flatMap((daemon) =>
      daemon.listeners.map((listener) => ({ daemon: labelOf(daemon), address: listener.address, tls: listener.tls, setIn: listener.places.map((place) => where(place.uri, place.span)) })),
    ),
    certificates: scope.daemons.flatMap((daemon) =>
      daemon.certificate
        ? [
            {
              daemon: labelOf(daemon),
              names: daemon.certificate.names,
              addresses: daemon.certificate.addresses,
              file: daemon.certificate.file,
              carries: `its ${certificateLabel(daemon.certificate)} carries ${carriedNames(daemon.certificate)}`,
            },
          ]
        : [],
    ),
    published: scope.daemons.flatMap((daemon) =>
      daemon.published.map((published) => ({ daemon: labelOf(daemon), port: published.port, mapping: where(daemon.uri, published.mapping.span), listener: published.listener?.address })),
    ),
    clients: scope.clients.map((client) => ({
      name: client.name,
      kind: client.kind,
      target: client.target,
      tls: clientTls(client),
      certificates: client.settings?.tls
        ? client.settings.certMount
          ? `${client.settings.certPath} (mounted from ${client.settings.certMount.source?.text ?? 'a volume'})`
          : client.settings.certPath
        : undefined,
      at: where(client.uri, client.span),
    })),
    edges: scope.edges.map((edge) => ({
      client: edge.client.name,
      target: edge.client.target,
      daemon: edge.daemon && labelOf(edge.daemon),
      listener: edge.listener?.address,
      reaches: edge.reaches,
      tlsAgreed: edge.tlsAgreed,
      nameInCertificate: edge.nameInCertificate,
      verdict: edge.verdict,
      reason: edge.reason,
    })),
  }));
}

const verdictWords: Record<Edge['verdict'], string> = {
  connects: 'connects',
  refused: 'REFUSED',
  'tls-mismatch': 'TLS MISMATCH',
  'no-client-certificate': 'NO CLIENT CERTIFICATE',
  'name-not-in-certificate': 'NAME NOT IN CERTIFICATE',
  'not-judged': 'not judged',
};

export function explainText(scopes: readonly ExplainedScope[]): string {
  const lines: string[] = [];
  for (const scope of scopes) {
    lines.push(`${scope.label}`);
    lines.push('  listeners:');
    if (scope.listeners.length === 0) lines.push('    (none)');
    for (const listener of scope.listeners) {
      lines.push(`    ${listener.daemon}: ${listener.address} (${tlsWords(listener.tls)})${listener.setIn.length > 0 ? `, set at ${listener.setIn.join(', ')}` : ''}`);
    }
    for (const certificate of scope.certificates) lines.push(`    ${certificate.daemon}: ${certificate.carries}`);
    for (const published of scope.published) lines.push(`    ${published.daemon}: publishes ${published.port} (${published.mapping}) -> ${published.listener ?? 'NOTHING LISTENS THERE'}`);
    lines.push('  clients:');
    if (scope.clients.length === 0) lines.push('    (none)');
    for (const client of scope.clients) {
      const tls = client.kind === 'socket-mount' || client.kind === 'proxy-upstream' ? '' : client.tls === 'none' ? ', no TLS' : client.tls === 'tls' ? ', TLS, server not verified' : ', verified TLS';
      lines.push(`    ${client.name}: ${client.target} (${client.kind}${tls}${client.certificates ? `, certificates ${client.certificates}` : ''}) at ${client.at}`);
    }
    if (scope.edges.length > 0) lines.push('  edges:');
    for (const edge of scope.edges) {
      lines.push(`    ${edge.client} -> ${edge.daemon ? `${edge.daemon}${edge.listener ? ` ${edge.listener}` : ''}` : edge.target}: ${verdictWords[edge.verdict]}: ${edge.reason}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The listeners of `daemon` at an offset of a file: a `hosts` element, a flag value, the dind service. */
export function listenersAt(connectivity: Connectivity, uri: string, offset: number): { daemon: Daemon; listeners: Listener[]; span: Span } | undefined {
  const inside = (span: Span) => span.start <= offset && offset <= span.end;
  for (const scope of connectivity.scopes) {
    for (const daemon of scope.daemons) {
      for (const listener of daemon.listeners) {
        const place = listener.places.find((candidate) => candidate.uri === uri && inside(candidate.span));
        if (place && !(daemon.service && inside(daemon.span))) return { daemon, listeners: [listener], span: place.span };
      }
      if (daemon.service && daemon.uri === uri && inside(daemon.span)) return { daemon, listeners: daemon.listeners, span: daemon.span };
    }
  }
  return undefined;
}

/** "dockerd listens on tcp://0.0.0.0:2376 with TLS and client certificates; set in daemon.json and override.conf; reached by: runner". */
export function listenerMarkdown(connectivity: Connectivity, daemon: Daemon, listeners: readonly Listener[], path: (uri: string) => string): string {
  const what = daemon.kind === 'socket-proxy' ? 'The socket proxy' : 'dockerd';
  const edges = edgesTo(connectivity, daemon);
  const tlsFiles = (daemon.settings?.entries ?? []).filter((entry) => entry.name === 'tlsverify' || entry.name === 'tls').map((entry) => entry.uri);
  const lines = listeners.map((listener) => {
    const files = [...new Set([...listener.setBy.map((entry) => entry.uri), ...(listener.tls !== 'none' ? tlsFiles : [])])];
    const setIn = files.length > 0 ? `; set in ${files.map((uri) => basename(path(uri))).join(' and ')}` : '';
    const implied = listener.setBy.some((entry) => entry.origin === 'implied') ? ' (added by the docker:dind entrypoint)' : '';
    const mine = edges.filter((edge) => edge.listener === listener);
    const reached = mine.filter((edge) => edge.verdict === 'connects').map((edge) => edge.client.name);
    const broken = mine.filter((edge) => edge.verdict !== 'connects').map((edge) => `${edge.client.name} (${edge.reason})`);
    const tls = listener.scheme === 'tcp' ? ` with ${tlsWords(listener.tls)}` : '';
    return (
      `${what} listens on \`${listener.address}\`${tls}${implied}${setIn}; reached by: ${reached.length > 0 ? reached.join(', ') : 'no client in the files'}` +
      (broken.length > 0 ? `; cannot connect: ${broken.join('; ')}` : '')
    );
  });
  // Clients that name this daemon on a port where nothing listens belong to no listener.
  const refused = edges.filter((edge) => !edge.listener).map((edge) => `${edge.client.name} (${edge.reason})`);
  const names = daemon.certificate ? [`Its ${certificateLabel(daemon.certificate)} carries ${carriedNames(daemon.certificate)}.`] : [];
  return [...lines.map((line) => `- ${line}`), ...(refused.length > 0 ? [`- cannot connect: ${refused.join('; ')}`] : []), ...names].join('\n');
}
