// docs/rules/README.md, the index of every rule, generated from the rules' metadata.
// Written by scripts/gen-rule-index.mjs; test/rule-catalog.test.ts fails when it is stale.

import { allRules } from '../server/src/engine/rules';
import type { RuleMeta } from '../server/src/engine/rules/types';

const sections: { title: string; ids: (meta: RuleMeta) => boolean }[] = [
  { title: 'dockerd settings (every surface)', ids: (meta) => meta.kinds.length > 1 && meta.id !== 'analysis-limit' },
  { title: 'daemon.json as dockerd reads it', ids: (meta) => meta.kinds.length === 1 && meta.kinds[0] === 'daemon-json' },
  { title: 'systemd units, drop-ins, /etc/default/docker', ids: (meta) => meta.kinds.length === 1 && meta.kinds[0] === 'systemd' },
  { title: 'Compose services', ids: (meta) => meta.kinds.length === 1 && meta.kinds[0] === 'compose' },
  { title: 'The linter itself', ids: (meta) => meta.id === 'analysis-limit' },
];

function row(meta: RuleMeta): string {
  const preset = meta.preset === 'strict' ? 'strict' : 'recommended';
  const flags = [meta.fixable ? 'fixable' : '', meta.stopsDockerd ? 'stops dockerd' : ''].filter(Boolean).join(', ');
  return `| [\`${meta.id}\`](${meta.id}.md) | ${meta.severity} | ${preset} | ${flags} | ${meta.title} |`;
}

export function ruleIndexMarkdown(): string {
  const metas = allRules.map((rule) => rule.meta);
  const lines = [
    '# dockerd-lint rules',
    '',
    'Generated from the rules\' metadata by `npm run gen:docs`. Rules of the `strict` preset are off unless `dockerdLint.preset` (or `--preset`) is `strict`.',
    '"stops dockerd": a finding means dockerd (or systemd) refuses to start.',
  ];
  for (const section of sections) {
    const chosen = metas.filter(section.ids).sort((a, b) => a.id.localeCompare(b.id));
    if (chosen.length === 0) continue;
    lines.push('', `## ${section.title}`, '', '| rule | severity | preset | | what |', '|---|---|---|---|---|', ...chosen.map(row));
  }
  return lines.join('\n') + '\n';
}
