// SARIF 2.1.0 output for GitHub code scanning and other viewers. The rules[] table is
// generated from rule metadata; locations are relative to the working directory
// (%SRCROOT%), with 1-based lines and UTF-16 columns as the engine counts them.

import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor } from 'sarif';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import type { FileResult } from '../engine/lint';
import { allRules } from '../engine/rules';
import type { RuleMeta } from '../engine/rules/types';
import { LineIndex } from '../engine/text';
import type { Severity, Span } from '../engine/types';
import { ruleDocsUrl } from '../rule-docs';

const sarifLevels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub's security-severity scale (0-10): an open Docker API is root on the host. */
const securitySeverities: Record<Severity, string> = { error: '8.8', warning: '5.5', info: '2.0' };
const srcRoot = '%SRCROOT%';

/** Rules about whether the file can be read at all, not about what it allows. */
function isSecurityRule(meta: RuleMeta): boolean {
  return meta.about === undefined;
}

function sarifRule(meta: RuleMeta, docsBaseUrl: string | undefined): ReportingDescriptor {
  const helpUri = ruleDocsUrl(meta.id, docsBaseUrl);
  const security = isSecurityRule(meta);
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.summary },
    help: {
      text: `${meta.summary}\n\nHow to fix: ${meta.howToFix}\n\nDocumentation: ${helpUri}`,
      markdown: `**${meta.title}**\n\n${meta.summary}\n\n**How to fix:** ${meta.howToFix}\n\n[Documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: sarifLevels[meta.severity], enabled: meta.preset === 'recommended' },
    properties: {
      tags: [security ? 'security' : 'correctness', 'docker', ...meta.kinds],
      precision: 'high',
      ...(security ? { 'security-severity': securitySeverities[meta.severity] } : {}),
    },
  };
}

export function toSarif(results: readonly FileResult[], texts: ReadonlyMap<string, string>, cwd: string, docsBaseUrl?: string): Log {
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.meta.id, index]));
  const lineIndexes = new Map<string, LineIndex>();
  const linesOf = (uri: string) => {
    let lines = lineIndexes.get(uri);
    if (!lines) lineIndexes.set(uri, (lines = new LineIndex(texts.get(uri) ?? '')));
    return lines;
  };
  const physicalLocation = (uri: string, span: Span) => {
    const lines = linesOf(uri);
    const start = lines.position(span.start);
    const end = lines.position(span.end);
    return {
      artifactLocation: artifactLocation(uri, cwd),
      region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
    };
  };
  const seenFingerprints = new Map<string, number>();

  const sarifResults = results.flatMap((result) =>
    result.findings.map((finding) => {
      const location = physicalLocation(finding.uri, finding.span);
      const lines = linesOf(finding.uri);
      const lineText = lines.text.slice(lines.lineStart(location.region.startLine - 1), lines.lineEnd(location.region.startLine - 1));
      // Stable across edits elsewhere in the file: rule, file, the line's text, and which repeat of it.
      const base = `${finding.ruleId}\0${location.artifactLocation.uri}\0${lineText.trim()}`;
      const occurrence = (seenFingerprints.get(base) ?? 0) + 1;
      seenFingerprints.set(base, occurrence);
      return {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
        level: sarifLevels[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: location }],
        ...(finding.related.length > 0
          ? { relatedLocations: finding.related.map((related, id) => ({ id, physicalLocation: physicalLocation(related.uri, related.span), message: { text: related.message } })) }
          : {}),
        partialFingerprints: { 'dockerdLintFinding/v1': createHash('sha256').update(`${base}\0${occurrence}`).digest('hex').slice(0, 32) },
      };
    }),
  );

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dockerd-lint', version, semanticVersion: version, rules: allRules.map((rule) => sarifRule(rule.meta, docsBaseUrl)) } },
        originalUriBaseIds: { [srcRoot]: { uri: pathToFileURL(cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
}

function artifactLocation(uri: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (!uri.startsWith('file:')) return { uri };
  const path = fileURLToPath(uri);
  const rel = relative(cwd, path);
  if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) return { uri };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: srcRoot };
}
