// The `dockerdLint.rules` setting's per-rule properties, generated from the rules' metadata so
// the Settings editor offers every rule with its title and default. Written into package.json
// by scripts/gen-manifest.mjs; test/editor/manifest.test.ts fails when package.json is stale.

import { allRules } from '../server/src/engine/rules';
import type { RuleMeta } from '../server/src/engine/rules/types';

const levels = ['off', 'info', 'warning', 'error'];

function defaultLevel(meta: RuleMeta): string {
  return meta.preset === 'strict' ? `\`${meta.severity}\` with the strict preset, otherwise \`off\`` : `\`${meta.severity}\``;
}

export function ruleLevelProperties(): Record<string, unknown> {
  const sorted = [...allRules].map((rule) => rule.meta).sort((a, b) => a.id.localeCompare(b.id));
  return Object.fromEntries(sorted.map((meta) => [meta.id, { type: 'string', enum: levels, markdownDescription: `${meta.title}. ${meta.summary} Default: ${defaultLevel(meta)}.` }]));
}

/** package.json with the generated part replaced; everything else kept as it is. */
// biome-ignore lint/suspicious/noExplicitAny: package.json is free-form JSON; only the rule settings' path is read.
export function withGeneratedRules(manifest: any): any {
  const rules = manifest.contributes.configuration.properties['dockerdLint.rules'];
  rules.properties = ruleLevelProperties();
  return manifest;
}

/** schemas/dockerd-lint-config.schema.json with `rules` naming every rule, so the editor flags an unknown id. */
// biome-ignore lint/suspicious/noExplicitAny: the schema is free-form JSON; only the rules' and ignore's paths are written.
export function withGeneratedConfigRules(schema: any): any {
  const ids = [...allRules].map((rule) => rule.meta.id).sort((a, b) => a.localeCompare(b));
  schema.properties.rules.propertyNames = { enum: ids };
  schema.properties.ignore.items.properties.rule.enum = ['*', ...ids];
  return schema;
}
