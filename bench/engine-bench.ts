// The engine in this process: lint time of a file against the bare parse of the same text
// by the library the reader builds on (yaml for Compose, jsonc-parser for daemon.json).

import { parseTree } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { defaultLintOptions } from '../server/src/engine/config';
import type { ParsedFile } from '../server/src/engine/document';
import { lintText, parseFile } from '../server/src/engine/lint';
import { percentile } from './lsp-bench';
import { type GeneratedFile, freshReadVariants } from './generate';

export interface EngineRun {
  file: string;
  lines: number;
  bytes: number;
  /** Median ms of the bare library parse; undefined for kinds with no library parser (systemd). */
  parseMs?: number;
  lintMs: number;
  ratio?: number;
  findings: number;
  runs: number;
  /** False while this build has no reader for the kind (the lint time then measures nothing). */
  analysed: boolean;
}

/** Whether the reader of the file's kind built a model, or is still a stub in this build. */
function analysed(parsed: ParsedFile | undefined): boolean {
  if (!parsed || parsed.limit) return false;
  switch (parsed.kind) {
    case 'daemon-json':
      return parsed.daemonJson?.root !== undefined;
    case 'systemd':
      return parsed.systemd?.unit !== undefined || parsed.systemd?.envFile !== undefined;
    default:
      // Every container kind (Compose, CI files, manifests) reads into the container model.
      return (parsed.containers?.services.length ?? 0) > 0;
  }
}

export function bareParse(file: GeneratedFile): (() => void) | undefined {
  switch (file.kind) {
    case 'compose':
    case 'kubernetes':
    case 'gitlab-ci':
      return () => void parseAllDocuments(file.text);
    case 'daemon-json':
      return () => void parseTree(file.text, [], { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true });
    case 'systemd':
      return undefined;
  }
}

export function timeOnce(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/**
 * Alternates parse and lint runs (so both see the same machine load) and takes medians. Runs
 * alternate between the file's fresh-read variants (`freshReadVariants`).
 */
export function measureEngine(file: GeneratedFile, label: string, lines: number): EngineRun {
  const options = defaultLintOptions();
  const uri = `file://${file.path}`;
  const variants = freshReadVariants(file);
  let findings = 0;
  const lintOf = (variant: GeneratedFile) => () => {
    findings = lintText({ uri, text: variant.text, kind: variant.kind }, options)?.findings.length ?? 0;
  };
  const rounds = variants.map((variant) => ({ parse: bareParse(variant), lint: lintOf(variant) }));
  for (const round of rounds) {
    round.parse?.();
    round.lint();
  }
  const parseSamples: number[] = [];
  const lintSamples: number[] = [];
  const budgetMs = 3000;
  const started = performance.now();
  while (lintSamples.length < 5 || (lintSamples.length < 50 && performance.now() - started < budgetMs)) {
    const { parse, lint } = rounds[lintSamples.length % 2];
    if (parse) parseSamples.push(timeOnce(parse));
    lintSamples.push(timeOnce(lint));
  }
  const parseMs = parseSamples.length > 0 ? percentile(parseSamples, 50) : undefined;
  const lintMs = percentile(lintSamples, 50);
  return {
    file: label,
    lines,
    bytes: Buffer.byteLength(file.text),
    parseMs,
    lintMs,
    ratio: parseMs ? lintMs / parseMs : undefined,
    findings,
    runs: lintSamples.length,
    analysed: analysed(parseFile({ uri, text: file.text, kind: file.kind })),
  };
}
