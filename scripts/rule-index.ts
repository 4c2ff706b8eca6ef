// docs/rules/README.md, the index of every rule, generated from the rules' metadata.
// Written by scripts/gen-rule-index.mjs; test/rule-catalog.test.ts fails when it is stale.

import { allRules } from '../server/src/engine/rules';
import type { RuleMeta } from '../server/src/engine/rules/types';
import { isContainerKind } from '../server/src/engine/types';

const sections: { title: string; ids: (meta: RuleMeta) => boolean }[] = [
  { title: 'dockerd settings (every surface)', ids: (meta) => meta.kinds.length > 1 && !meta.kinds.every(isContainerKind) && meta.id !== 'analysis-limit' },
  { title: 'daemon.json as dockerd reads it', ids: (meta) => meta.kinds.length === 1 && meta.kinds[0] === 'daemon-json' },
  { title: 'systemd units, drop-ins, /etc/default/docker', ids: (meta) => meta.kinds.length === 1 && meta.kinds[0] === 'systemd' },
  { title: 'Containers: Compose services, CI jobs and their services', ids: (meta) => meta.kinds.every(isContainerKind) && meta.id !== 'analysis-limit' },
  { title: 'The linter itself', ids: (meta) => meta.id === 'analysis-limit' },
];

function row(meta: RuleMeta): string {
  const preset = meta.preset === 'strict' ? 'strict' : 'recommended';
  const flags = [meta.fixable ? 'fixable' : '', meta.stopsDockerd ? 'stops dockerd' : ''].filter(Boolean).join(', ');
  const classes = [...(meta.cwe ?? []).map((id) => `CWE-${id}`), ...(meta.cis ?? []).map((number) => `CIS ${number}`)].join(', ');
  return `| [\`${meta.id}\`](${meta.id}.md) | ${meta.severity} | ${preset} | ${flags} | ${classes} | ${meta.title} |`;
}

/** The line a rule page shows under its severity: the CWE weaknesses and CIS Docker Benchmark numbers of its metadata. */
export function classificationLine(meta: RuleMeta): string | undefined {
  const parts: string[] = [];
  if (meta.cwe?.length) parts.push(`**CWE:** ${meta.cwe.map((id) => `[CWE-${id}](https://cwe.mitre.org/data/definitions/${id}.html)`).join(', ')}`);
  if (meta.cis?.length) parts.push(`**CIS Docker Benchmark v1.6.0:** ${meta.cis.join(', ')}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

const generatedLine = /^\*\*(CWE|CIS Docker Benchmark v1\.6\.0):\*\*/;

/** A rule page with its classification line (generated) right after the severity line. */
export function withClassification(page: string, meta: RuleMeta): string {
  const lines = page.split('\n');
  const at = lines.findIndex((line) => line.startsWith('**Severity:**'));
  if (at < 0) return page;
  if (lines[at + 1] === '' && generatedLine.test(lines[at + 2] ?? '')) lines.splice(at + 1, 2);
  const line = classificationLine(meta);
  if (line) lines.splice(at + 1, 0, '', line);
  return lines.join('\n');
}

export function ruleIndexMarkdown(): string {
  const metas = allRules.map((rule) => rule.meta);
  const lines = [
    '# dockerd-lint rules',
    '',
    "Generated from the rules' metadata by `npm run gen:docs`. Rules of the `strict` preset are off unless `dockerdLint.preset` (or `--preset`) is `strict`.",
    '"stops dockerd": a finding means dockerd (or systemd) refuses to start. CWE: the weakness class; CIS: the CIS Docker Benchmark v1.6.0 recommendation, numbered as docker-bench-security checks it.',
  ];
  for (const section of sections) {
    const chosen = metas.filter(section.ids).sort((a, b) => a.id.localeCompare(b.id));
    if (chosen.length === 0) continue;
    lines.push('', `## ${section.title}`, '', '| rule | severity | preset | | CWE / CIS | what |', '|---|---|---|---|---|---|', ...chosen.map(row));
  }
  return lines.join('\n') + '\n';
}
