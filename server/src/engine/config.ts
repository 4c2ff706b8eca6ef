// Rule configuration shared by the editor settings, the CLI flags and the project file
// (.dockerd-lint.json): preset, per-rule levels, target platform and engine version.

import type { Preset, RuleMeta } from './rules/types';
import type { LintEnvironment, Severity } from './types';
import { newestKnownEngineVersion } from './dockerd/options';

export type RuleLevel = 'off' | Severity;

export interface LintOptions {
  env: LintEnvironment;
  preset: Preset;
  /** Per-rule level; a rule not named here uses its default (or off when strict-only). */
  rules: Record<string, RuleLevel>;
  /**
   * Ignore `dockerd-lint-disable` comments: an untrusted repository must not be able to
   * silence a security rule.
   */
  ignoreSuppressions?: boolean;
  /**
   * Files that belong to one host, beyond those found by layout (workspace.ts): each group a
   * list of URIs, absolute paths or globs.
   */
  hostGroups?: string[][];
  /**
   * Set when the user chose `env.platform`. Otherwise the platform is told by the files: a
   * daemon.json where Windows keeps it is judged as Windows (detect.ts windowsConfigPath).
   */
  platformChosen?: boolean;
  /**
   * Reads a file a Compose project needs besides the linted files (.env, override, included and
   * extended files, env files), or undefined when it is absent or refused. The CLI and the server
   * read them (bounded, inside the tree); without it each Compose file is judged alone.
   */
  readCompanion?: (uri: string) => string | undefined;
}

export function defaultLintOptions(): LintOptions {
  return { env: { platform: 'linux', engineVersion: newestKnownEngineVersion }, preset: 'recommended', rules: {} };
}

/** The level a rule runs at: the user's choice, else its default when its preset is active. */
export function levelOf(meta: RuleMeta, options: LintOptions): RuleLevel {
  const chosen = options.rules[meta.id];
  if (chosen) return chosen;
  if (meta.preset === 'strict' && options.preset !== 'strict') return 'off';
  return meta.severity;
}
