// Language servers over real stdio: cold start, open -> diagnostics, edit -> diagnostics and
// peak RSS, for dockerd-lint and its peers, measured in the same run on the same files.

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LineIndex } from '../server/src/engine/text';
import type { FileKind } from '../server/src/engine/types';
import type { GeneratedFile } from './generate';
import { LspProcess, TimeoutError } from './lsp-process';

export interface ServerSpec {
  name: string;
  command: string[];
  kinds: FileKind[];
  /** Whether publishDiagnostics carries the document version (else: the next publish counts). */
  versioned: boolean;
  /** A fixed delay the server waits before it validates, as shipped. */
  debounceMs: number;
  capabilities?: object;
  initializationOptions?: object;
  /** The server's environment, when not this process's. */
  env?: NodeJS.ProcessEnv;
  configuration?: (section: string | undefined) => unknown;
  /** Edits at most, and seconds per operation, by file size (peers are slow on huge files). */
  editsFor(lines: number): number;
  timeoutSecondsFor(lines: number): number;
}

const root = resolve(__dirname, '..');

export function composeSchemaPath(): string {
  return resolve(root, 'schemas/reference/compose-spec.json');
}

/** Edits a peer gets per file: they are slow on large files. */
export const peerEdits = (lines: number): number => (lines >= 50_000 ? 4 : lines >= 10_000 ? 8 : 15);

const ourEdits = (lines: number) => (lines >= 50_000 ? 20 : 40);

/** Our server as built in `checkout` (this repository, or another revision's worktree for an A/B). */
export function dockerdLintSpec(checkout: string, name = 'dockerd-lint'): ServerSpec {
  return {
    name,
    command: [process.execPath, resolve(checkout, 'dist/server.js'), '--stdio'],
    kinds: ['compose', 'kubernetes', 'gitlab-ci', 'daemon-json', 'systemd'],
    versioned: true,
    debounceMs: 0,
    editsFor: ourEdits,
    timeoutSecondsFor: () => 60,
  };
}

export function serverSpecs(noopServerPath: string): ServerSpec[] {
  const schemaUri = pathToFileURL(composeSchemaPath()).href;
  return [
    dockerdLintSpec(root),
    {
      // The first start after an install or update: V8's code cache is not there yet.
      ...dockerdLintSpec(root, 'dockerd-lint, no code cache'),
      env: { ...process.env, DOCKERD_LINT_CACHE_DIR: '' },
      kinds: [],
    },
    {
      name: 'no-op server',
      command: [process.execPath, noopServerPath, '--stdio'],
      kinds: [],
      versioned: true,
      debounceMs: 0,
      editsFor: ourEdits,
      timeoutSecondsFor: () => 10,
    },
    {
      name: 'yaml-language-server',
      command: [process.execPath, resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      kinds: ['compose', 'kubernetes'],
      versioned: false,
      debounceMs: 200,
      capabilities: { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } } },
      configuration: (section) =>
        section === 'yaml'
          ? {
              validate: true,
              hover: false,
              completion: false,
              format: { enable: false },
              schemaStore: { enable: false },
              schemas: { [schemaUri]: ['*.yaml', '*.yml'] },
            }
          : null,
      editsFor: peerEdits,
      timeoutSecondsFor: (lines) => (lines >= 50_000 ? 30 : 20),
    },
    {
      name: 'compose-language-service',
      command: [process.execPath, resolve(root, 'node_modules/@microsoft/compose-language-service/bin/docker-compose-langserver'), '--stdio'],
      kinds: ['compose'],
      versioned: false,
      debounceMs: 1000,
      editsFor: peerEdits,
      timeoutSecondsFor: (lines) => (lines >= 50_000 ? 30 : 20),
    },
  ];
}

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
}

export interface ServerRun {
  server: string;
  file: string;
  lines: number;
  openMs?: number;
  diagnostics?: number;
  edits?: Latencies;
  /** Every edit's ms, in order (an A/B pools them over its rounds). */
  editSamples: number[];
  editsPlanned: number;
  peakRssMb?: number;
  /** Peak RSS once the server had as many edits as the peers get: the same work as theirs. */
  peakRssMbAtPeerEdits?: number;
  /**
   * Median ms of the bare parse of the same text in the bench process, timed after each edit's
   * diagnostics: the floor, measured in the same minutes as the edits it is compared with.
   */
  bareParseMs?: number;
  /** Set when an operation timed out or the server failed; the numbers before it stand. */
  problem?: string;
}

function languageIdOf(kind: FileKind): string {
  return kind === 'compose' ? 'dockercompose' : kind === 'kubernetes' || kind === 'gitlab-ci' ? 'yaml' : kind === 'daemon-json' ? 'json' : 'systemd';
}

function languageIdFor(server: ServerSpec, kind: FileKind): string {
  return server.name === 'yaml-language-server' ? 'yaml' : languageIdOf(kind);
}

const megabytes = (kilobytes: number | undefined) => (kilobytes === undefined ? undefined : Math.round(kilobytes / 1024));

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function start(server: ServerSpec): LspProcess {
  return new LspProcess({ command: server.command, configuration: server.configuration, env: server.env });
}

function accepting(server: ServerSpec, version: number): (params: PublishDiagnosticsParams) => boolean {
  return server.versioned ? (params) => params.version === version : () => true;
}

/** Spawn -> initialize -> open a small file -> its first diagnostics, in ms. */
export async function coldStart(server: ServerSpec, file: GeneratedFile): Promise<number> {
  const lsp = start(server);
  try {
    const uri = pathToFileURL(file.path).href;
    await lsp.initialize(server.capabilities, server.initializationOptions);
    const first = lsp.nextDiagnostics(uri, server.timeoutSecondsFor(0) * 1000);
    await lsp.open(uri, languageIdFor(server, file.kind), file.text);
    return (await first).at - lsp.spawnedAt;
  } finally {
    await lsp.stop();
  }
}

/**
 * Opens one file, then edits it (a character in and out of a string value) many times. With
 * `bareParse`, times it once after each edit's diagnostics, while the server is idle.
 */
export async function openAndEdit(server: ServerSpec, file: GeneratedFile, lines: number, label: string, bareParse?: () => number): Promise<ServerRun> {
  const timeoutMs = server.timeoutSecondsFor(lines) * 1000;
  const planned = server.editsFor(lines);
  const samples: number[] = [];
  const run: ServerRun = { server: server.name, file: label, lines, editSamples: samples, editsPlanned: planned };
  const lsp = start(server);
  const uri = pathToFileURL(file.path).href;
  const parseSamples: number[] = [];
  try {
    await lsp.initialize(server.capabilities, server.initializationOptions);
    // Let a server finish its own start-up (configuration, schema) before the clock runs.
    await lsp.open('file:///bench/warmup/compose.yaml', languageIdFor(server, 'compose'), 'services: {}\n');
    await lsp.nextDiagnostics('file:///bench/warmup/compose.yaml', timeoutMs).catch(() => undefined);

    let version = 1;
    const opened = lsp.nextDiagnostics(uri, timeoutMs, accepting(server, version));
    const openSent = performance.now();
    await lsp.open(uri, languageIdFor(server, file.kind), file.text, version);
    const openResult = await opened;
    run.openMs = openResult.at - openSent;
    run.diagnostics = openResult.params.diagnostics.length;

    const index = new LineIndex(file.text);
    const pairs = Math.ceil(planned / 2);
    const spread = Math.max(1, Math.floor(file.editPoints.length / pairs));
    for (let i = 0; i < planned; i++) {
      // Edits come in pairs at one point: a character in, then the same character out.
      const at = index.position(file.editPoints[(Math.floor(i / 2) * spread) % file.editPoints.length]);
      const change = i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      version++;
      const next = lsp.nextDiagnostics(uri, timeoutMs, accepting(server, version));
      const sent = performance.now();
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      samples.push((await next).at - sent);
      if (samples.length === peerEdits(lines)) run.peakRssMbAtPeerEdits = megabytes(lsp.peakRssKb());
      if (bareParse) parseSamples.push(bareParse());
    }
  } catch (error) {
    run.problem = error instanceof TimeoutError ? error.message : `failed: ${(error as Error).message}`;
  } finally {
    if (samples.length > 0) run.edits = { count: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) };
    if (parseSamples.length > 0) run.bareParseMs = percentile(parseSamples, 50);
    run.peakRssMb = megabytes(lsp.peakRssKb());
    await lsp.stop();
  }
  return run;
}
