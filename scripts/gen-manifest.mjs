// Regenerates the rule-level properties of package.json and the rule ids of the
// .dockerd-lint.json schema from the rules' metadata.
// Run: npm run gen:manifest (node --import tsx, because the rules are TypeScript).
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedConfigRules, withGeneratedRules } from './manifest-rules.ts';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
writeFileSync('package.json', `${JSON.stringify(withGeneratedRules(manifest), null, 2)}\n`);
const configSchemaPath = 'schemas/dockerd-lint-config.schema.json';
const configSchema = JSON.parse(readFileSync(configSchemaPath, 'utf8'));
writeFileSync(configSchemaPath, `${JSON.stringify(withGeneratedConfigRules(configSchema), null, 2)}\n`);
