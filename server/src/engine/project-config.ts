// The rule options a user writes once for the editor and the CLI: `.dockerd-lint.json` at a
// project root, or the editor's `dockerdLint.*` settings (same shape), checked. Pure: text
// in, options out; the adapters find and read the files, and config.ts layers them.

import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import { globOptions, globProblem } from './globs';
import { closestKey } from './daemon-json/suggest';
import { rulesById } from './rules';
import type { ProjectConfig } from './config';
import { type FileKind, type Platform, type Preset, type RuleLevel, fileKinds } from './types';

export const projectConfigFileName = '.dockerd-lint.json';

const ruleLevels: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const presets: readonly Preset[] = ['recommended', 'strict'];
const platforms: readonly Platform[] = ['linux', 'windows'];
/** `auto` (the editor setting's default) leaves the platform to the files: see LintOptions.platformChosen. */
const platformChoices: readonly (Platform | 'auto')[] = [...platforms, 'auto'];

export interface Checked<T> {
  value: T;
  /** What was ignored and why, one sentence each, for the user. */
  problems: string[];
}

/** The keys `.dockerd-lint.json` may hold (schemas/dockerd-lint-config.schema.json). */
const projectConfigKeys = ['$schema', 'preset', 'rules', 'platform', 'engineVersion', 'kinds', 'hostGroups', 'ignore'];

/** The globs that may be matched, with a problem for each refused one. */
function checkedGlobs(globs: readonly string[], where: string, problems: string[]): string[] {
  return globs.filter((glob) => {
    const problem = globProblem(glob);
    if (problem) problems.push(`${where}: the glob "${glob.slice(0, 80)}" ${problem}: it is ignored`);
    return !problem;
  });
}

/** Reads `.dockerd-lint.json` (comments allowed, as in tsconfig.json); an unknown key is a problem, as a typo would silently do nothing. */
export function parseProjectConfig(text: string): Checked<ProjectConfig> {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  const syntax = errors.map((error) => `${printParseErrorCode(error.error)} at offset ${error.offset}`);
  const unknownKeys = isRecord(data)
    ? Object.keys(data)
        .filter((key) => !projectConfigKeys.includes(key))
        .map((key) => `unknown key "${key}"${didYouMean(key, projectConfigKeys)}`)
    : [];
  const checked = checkProjectConfig(data);
  return { value: checked.value, problems: [...syntax, ...unknownKeys, ...checked.problems] };
}

/** ` (did you mean "x"?)` when one candidate is a likely typo of `name`, else empty. */
function didYouMean(name: string, candidates: readonly string[]): string {
  const near = closestKey(name, candidates);
  return near ? ` (did you mean "${near}"?)` : '';
}

/** Keeps the well-formed parts of an untrusted project configuration (a config file, client settings). */
export function checkProjectConfig(data: unknown): Checked<ProjectConfig> {
  const problems: string[] = [];
  const value: ProjectConfig = {};
  if (data === undefined || data === null) return { value, problems };
  if (!isRecord(data)) return { value, problems: ['the configuration must be a JSON object'] };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const raw = data[key];
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`"${key}" must be one of ${allowed.join(', ')}`);
    return undefined;
  };
  value.preset = oneOf('preset', presets);
  const platform = oneOf('platform', platformChoices);
  if (platform !== 'auto') value.platform = platform;
  const engineVersion = typeof data.engineVersion === 'string' ? normalizeEngineVersion(data.engineVersion) : undefined;
  if (engineVersion) value.engineVersion = engineVersion;
  else if (data.engineVersion !== undefined && data.engineVersion !== null && data.engineVersion !== '') problems.push('"engineVersion" must look like "27.0"');
  if (isRecord(data.rules)) {
    value.rules = {};
    for (const [id, level] of Object.entries(data.rules)) {
      if (!rulesById.has(id)) problems.push(`unknown rule "${id}"${didYouMean(id, [...rulesById.keys()])}`);
      else if (typeof level === 'string' && (ruleLevels as readonly string[]).includes(level)) value.rules[id] = level as RuleLevel;
      else problems.push(`rule "${id}": the level must be one of ${ruleLevels.join(', ')}`);
    }
  } else if (data.rules !== undefined) problems.push('"rules" must be an object of rule id to level');
  if (isRecord(data.kinds)) {
    value.kinds = {};
    for (const [kind, globs] of Object.entries(data.kinds)) {
      if (!(fileKinds as readonly string[]).includes(kind)) problems.push(`"kinds": unknown kind "${kind}"`);
      else if (isStringArray(globs)) value.kinds[kind as FileKind] = checkedGlobs(globs, `"kinds.${kind}"`, problems);
      else problems.push(`"kinds.${kind}" must be a list of globs`);
    }
  } else if (data.kinds !== undefined) problems.push('"kinds" must be an object of kind to globs');
  if (Array.isArray(data.hostGroups)) {
    value.hostGroups = data.hostGroups.flatMap((group, index) => {
      if (isRecord(group) && typeof group.name === 'string' && isStringArray(group.files)) return [{ name: group.name, files: checkedGlobs(group.files, `"hostGroups[${index}]"`, problems) }];
      problems.push(`"hostGroups[${index}]" must be { "name": string, "files": [globs] }`);
      return [];
    });
  } else if (data.hostGroups !== undefined) problems.push('"hostGroups" must be a list');
  if (Array.isArray(data.ignore)) {
    value.ignore = data.ignore.flatMap((entry, index) => {
      const where = `"ignore[${index}]"`;
      if (!isRecord(entry) || typeof entry.rule !== 'string' || typeof entry.reason !== 'string' || entry.reason.trim() === '' || (entry.path !== undefined && typeof entry.path !== 'string')) {
        problems.push(`${where} must be { "rule": id, "path": glob (optional), "reason": text }`);
        return [];
      }
      const unknown = Object.keys(entry).filter((key) => !['rule', 'path', 'reason'].includes(key));
      if (unknown.length > 0) problems.push(`${where}: unknown key "${unknown[0]}"${didYouMean(unknown[0], ['rule', 'path', 'reason'])}`);
      if (entry.rule !== '*' && !rulesById.has(entry.rule)) {
        problems.push(`${where}: unknown rule "${entry.rule}"${didYouMean(entry.rule, [...rulesById.keys()])}`);
        return [];
      }
      if (entry.path !== undefined && checkedGlobs([entry.path], `${where}.path`, problems).length === 0) return [];
      return [{ rule: entry.rule, ...(entry.path === undefined ? {} : { path: entry.path }), reason: entry.reason.trim() }];
    });
  } else if (data.ignore !== undefined) problems.push('"ignore" must be a list of { "rule", "path", "reason" }');
  return { value: dropUndefined(value), problems };
}

/** `27.0`, and as people write it, `v27.0` or `28` (read as 28.0); undefined when it is not a version. */
export function normalizeEngineVersion(text: string): string | undefined {
  const version = text.startsWith('v') ? text.slice(1) : text;
  if (/^\d+$/.test(version)) return `${version}.0`;
  return /^\d+\.\d+(\.\d+)?$/.test(version) ? version : undefined;
}

/** The kind a user's globs give a path (relative to the configuration's folder, `/`-separated). */
export function kindByGlobs(relativePath: string, kinds: Partial<Record<FileKind, string[]>>): FileKind | undefined {
  for (const kind of fileKinds) {
    const globs = kinds[kind];
    if (globs && globs.length > 0 && picomatch(globs, globOptions)(relativePath)) return kind;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
