// GitLab Code Quality report (`--format gitlab`): the JSON array GitLab reads from a job's
// `artifacts:reports:codequality` and shows in merge requests. Paths are relative to the
// working directory (the repository root in a CI job); silenced findings are left out.

import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileResult } from '../engine/lint';
import { rulesById } from '../engine/rules';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { Fingerprints } from './fingerprint';
import { relativePathsIn } from './format';
import { securitySeverity } from './sarif';

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major' | 'critical' | 'blocker';
  location: { path: string; lines: { begin: number; end: number } };
}

/** An open Docker API (security-severity 9 or more) blocks; other errors are critical. */
function severityOf(finding: Finding): CodeQualityIssue['severity'] {
  if (finding.severity === 'info') return 'info';
  if (finding.severity === 'warning') return 'major';
  const meta = rulesById.get(finding.ruleId)?.meta;
  return meta?.cwe && Number(securitySeverity(meta)) >= 9 ? 'blocker' : 'critical';
}

export function toGitlabCodeQuality(results: readonly FileResult[], texts: ReadonlyMap<string, string>, cwd: string): CodeQualityIssue[] {
  const fingerprints = new Fingerprints();
  return results.flatMap((result) => {
    const lines = new LineIndex(texts.get(result.uri) ?? '');
    const path = pathOf(result.uri, cwd);
    return result.findings.map((finding) => {
      const begin = lines.position(finding.span.start).line;
      const end = lines.position(finding.span.end).line;
      return {
        description: relativePathsIn(finding.message, cwd),
        check_name: finding.ruleId,
        fingerprint: fingerprints.of(finding.ruleId, path, lines.text.slice(lines.lineStart(begin), lines.lineEnd(begin))),
        severity: severityOf(finding),
        location: { path, lines: { begin: begin + 1, end: end + 1 } },
      };
    });
  });
}

function pathOf(uri: string, cwd: string): string {
  if (!uri.startsWith('file:')) return uri;
  const path = fileURLToPath(uri);
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || rel.startsWith(sep) ? path : rel.split(sep).join('/');
}
