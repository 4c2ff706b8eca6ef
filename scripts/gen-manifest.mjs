// Regenerates the rule-level properties of package.json from the rules' metadata.
// Run: npm run gen:manifest (node --import tsx, because the rules are TypeScript).
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedRules } from './manifest-rules.ts';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
writeFileSync('package.json', `${JSON.stringify(withGeneratedRules(manifest), null, 2)}\n`);
