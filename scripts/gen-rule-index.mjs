// Regenerates docs/rules/README.md from the rules' metadata.
// Run: npm run gen:docs (node --import tsx, because the rules are TypeScript).
import { writeFileSync } from 'node:fs';
import { ruleIndexMarkdown } from './rule-index.ts';

writeFileSync('docs/rules/README.md', ruleIndexMarkdown());
