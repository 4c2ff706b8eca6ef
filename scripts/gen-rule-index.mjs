// Regenerates docs/rules/README.md, and the CWE / CIS line of each rule page, from the rules'
// metadata. Run: npm run gen:docs (node --import tsx, because the rules are TypeScript).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { allRules } from '../server/src/engine/rules/index.ts';
import { ruleIndexMarkdown, withClassification } from './rule-index.ts';

writeFileSync('docs/rules/README.md', ruleIndexMarkdown());
for (const { meta } of allRules) {
  const path = `docs/rules/${meta.id}.md`;
  if (!existsSync(path)) continue;
  const page = readFileSync(path, 'utf8');
  const generated = withClassification(page, meta);
  if (generated !== page) writeFileSync(path, generated);
}
