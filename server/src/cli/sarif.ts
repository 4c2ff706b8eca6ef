// SARIF 2.1.0 output for GitHub code scanning and other viewers. The rules[] table is
// generated from rule metadata; locations are relative to the working directory
// (%SRCROOT%), with 1-based lines and UTF-16 columns as the engine counts them.

import type { Log, ReportingDescriptor } from 'sarif';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../../package.json';
import type { FileResult } from '../engine/lint';
import { allRules } from '../engine/rules';
import type { RuleMeta } from '../engine/rules/types';
import { LineIndex } from '../engine/text';
import { type Suppression, unusedDirectiveRuleId } from '../engine/suppressions';
import type { Finding, Severity, Span } from '../engine/types';
import { ruleDocsPage, ruleDocsUrl } from '../rule-docs';
import { Fingerprints } from './fingerprint';
import { relativePathsIn } from './format';

const sarifLevels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/**
 * GitHub's security-severity scale (0.1-10; 9+ critical, 7+ high, 4+ medium): by default from
 * the rule's severity; rules whose finding is an open Docker API (root on the host for anyone
 * who reaches it) say more in their metadata.
 */
const securitySeverities: Record<Severity, number> = { error: 8.8, warning: 5.5, info: 2.0 };
/** GitHub's problem.severity for results that are not security findings. */
const problemSeverities: Record<Severity, 'error' | 'warning' | 'recommendation'> = { error: 'error', warning: 'warning', info: 'recommendation' };
const srcRoot = '%SRCROOT%';

/**
 * Rules whose findings are weaknesses (they name a CWE or a CIS recommendation); the others
 * say dockerd or systemd will not do what the file asks (it refuses to start, skips a line),
 * which code scanning ranks as problems, not as vulnerabilities.
 */
function isSecurityRule(meta: RuleMeta): boolean {
  return (meta.cwe?.length ?? 0) > 0 || (meta.cis?.length ?? 0) > 0;
}

/** The tags GitHub shows and filters by: `security`, CWE as CodeQL writes them, CIS Docker Benchmark numbers. */
export function ruleTags(meta: RuleMeta): string[] {
  return [isSecurityRule(meta) ? 'security' : 'correctness', ...(meta.cwe ?? []).map((id) => `external/cwe/cwe-${id}`), ...(meta.cis ?? []).map((number) => `external/cis-docker-benchmark/${number}`)];
}

export function securitySeverity(meta: RuleMeta): string {
  return (meta.securitySeverity ?? securitySeverities[meta.severity]).toFixed(1);
}

function sarifRule(meta: RuleMeta, docsBaseUrl: string | undefined): ReportingDescriptor {
  const security = isSecurityRule(meta);
  const page = ruleDocsPage(meta.id, docsBaseUrl);
  const fallback = `${meta.summary}\n\nHow to fix: ${meta.howToFix}`;
  return {
    id: meta.id,
    name: meta.id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase()),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.summary },
    help: { text: page ?? fallback, markdown: page ?? `**${meta.title}**\n\n${meta.summary}\n\n**How to fix:** ${meta.howToFix}` },
    // A file:// link to the machine that ran the CLI means nothing in code scanning.
    ...(docsBaseUrl ? { helpUri: ruleDocsUrl(meta.id, docsBaseUrl) } : {}),
    defaultConfiguration: { level: sarifLevels[meta.severity], enabled: meta.preset === 'recommended' },
    properties: {
      tags: ruleTags(meta),
      precision: 'high',
      ...(security ? { 'security-severity': securitySeverity(meta) } : { 'problem.severity': problemSeverities[meta.severity] }),
    },
  };
}

/** Results about the suppressions themselves (--report-unused-disable-directives) have a rule entry too. */
const unusedDirectiveDescriptor: ReportingDescriptor = {
  id: unusedDirectiveRuleId,
  name: 'UnusedDisableDirective',
  shortDescription: { text: 'dockerd-lint-disable comment that silences nothing' },
  fullDescription: { text: 'A suppression comment that no longer silences any finding would hide the next real one on that line or in that file.' },
  help: { text: 'Remove the comment, or the rule ids in it that found nothing.', markdown: 'Remove the comment, or the rule ids in it that found nothing. See `docs/suppressions.md`.' },
  defaultConfiguration: { level: 'error', enabled: false },
  properties: { tags: ['maintainability'], precision: 'very-high', 'problem.severity': 'error' },
};

export function toSarif(results: readonly FileResult[], texts: ReadonlyMap<string, string>, cwd: string, docsBaseUrl?: string): Log {
  const descriptors = [...allRules.map((rule) => sarifRule(rule.meta, docsBaseUrl)), unusedDirectiveDescriptor];
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));
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
  const fingerprints = new Fingerprints();

  const sarifResult = (finding: Finding, suppression?: Suppression) => {
    const location = physicalLocation(finding.uri, finding.span);
    const lines = linesOf(finding.uri);
    const lineText = lines.text.slice(lines.lineStart(location.region.startLine - 1), lines.lineEnd(location.region.startLine - 1));
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
      level: sarifLevels[finding.severity],
      message: { text: relativePathsIn(finding.message, cwd) },
      locations: [{ physicalLocation: location }],
      ...(finding.related.length > 0
        ? { relatedLocations: finding.related.map((related, id) => ({ id, physicalLocation: physicalLocation(related.uri, related.span), message: { text: relativePathsIn(related.message, cwd) } })) }
        : {}),
      partialFingerprints: { 'dockerdLintFinding/v1': fingerprints.of(finding.ruleId, location.artifactLocation.uri, lineText) },
      // A reviewed exception stays in the log, marked, with the reason the project gave.
      ...(suppression ? { suppressions: [{ kind: suppression.kind, status: 'accepted' as const, ...(suppression.justification ? { justification: suppression.justification } : {}) }] } : {}),
    };
  };
  const sarifResults = results.flatMap((result) => [
    ...result.findings.map((finding) => sarifResult(finding)),
    ...result.suppressed.map(({ finding, suppression }) => sarifResult(finding, suppression)),
  ]);

  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dockerd-lint', version, semanticVersion: version, rules: descriptors } },
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
