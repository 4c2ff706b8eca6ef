// The project configuration a user writes once for the editor and the CLI: `.dockerd-lint.json` at a
// project root, or the editor's `dockerdLint.*` settings (same shape). Pure: text and paths
// in, options out; the adapters find and read the files.

import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import picomatch from 'picomatch';
import type { LintOptions, RuleLevel } from './config';
import type { Preset } from './rules/types';
import type { FileKind, Platform } from './types';

export const projectConfigFileName = '.dockerd-lint.json';

export const fileKinds: readonly FileKind[] = ['daemon-json', 'systemd', 'compose'];
const ruleLevels: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const presets: readonly Preset[] = ['recommended', 'strict'];
const platforms: readonly Platform[] = ['linux', 'windows'];
/** `auto` (the editor setting's default) leaves the platform to the files: see LintOptions.platformChosen. */
const platformChoices: readonly (Platform | 'auto')[] = [...platforms, 'auto'];

/** Files of one machine, by glob relative to the folder that holds the configuration. */
export interface HostGroupPatterns {
  name: string;
  files: string[];
}

export interface ProjectConfig {
  preset?: Preset;
  rules?: Record<string, RuleLevel>;
  platform?: Platform;
  engineVersion?: string;
  /** Extra globs per kind, for files whose name does not say what they are. */
  kinds?: Partial<Record<FileKind, string[]>>;
  hostGroups?: HostGroupPatterns[];
}

export interface Checked<T> {
  value: T;
  /** What was ignored and why, one sentence each, for the user. */
  problems: string[];
}

/** How globs are matched: dot files too; no extglobs, whose nested repetitions (`+(+(a))`) backtrack exponentially. */
export const globOptions = { dot: true, noextglob: true } as const;

const maxStarsPerSegment = 2;
const maxGlobstars = 2;
const maxGlobLength = 1024;

/**
 * Why a glob is refused, if it is. picomatch matches with a regular expression in which each
 * `*` of one path segment, and each `**`, may take any share of the same characters: a match
 * costs the path's length to the power of their number (`*a` x12 + `b`: over 60 s; issue 16
 * item 6). Real globs, with a `*` or two per segment and a `**` or two, are within the limits.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > maxGlobLength) return `is longer than ${maxGlobLength} characters`;
  const segments = glob.split('/');
  if (segments.filter((segment) => segment === '**').length > maxGlobstars) return `has more than ${maxGlobstars} "**" segments`;
  for (const segment of segments) {
    if (segment !== '**' && (segment.match(/\*+/g)?.length ?? 0) > maxStarsPerSegment) return `has more than ${maxStarsPerSegment} "*" in one path segment`;
  }
  return undefined;
}

/** The globs that may be matched, with a problem for each refused one. */
function checkedGlobs(globs: readonly string[], where: string, problems: string[]): string[] {
  return globs.filter((glob) => {
    const problem = globProblem(glob);
    if (problem) problems.push(`${where}: the glob "${glob.slice(0, 80)}" ${problem}: it is ignored`);
    return !problem;
  });
}

/** Reads `.dockerd-lint.json` (comments allowed, as in tsconfig.json). */
export function parseProjectConfig(text: string): Checked<ProjectConfig> {
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true });
  const syntax = errors.map((error) => `${printParseErrorCode(error.error)} at offset ${error.offset}`);
  const checked = checkProjectConfig(data);
  return { value: checked.value, problems: [...syntax, ...checked.problems] };
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
  if (typeof data.engineVersion === 'string' && /^\d+\.\d+(\.\d+)?$/.test(data.engineVersion)) value.engineVersion = data.engineVersion;
  else if (data.engineVersion !== undefined && data.engineVersion !== null && data.engineVersion !== '') problems.push('"engineVersion" must look like "27.0"');
  if (isRecord(data.rules)) {
    value.rules = {};
    for (const [id, level] of Object.entries(data.rules)) {
      if (typeof level === 'string' && (ruleLevels as readonly string[]).includes(level)) value.rules[id] = level as RuleLevel;
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
  return { value: dropUndefined(value), problems };
}

/** Layers project configurations over lint options: later layers win, per-rule levels merge. */
export function withProjectConfig(base: LintOptions, ...layers: ProjectConfig[]): LintOptions {
  let options = base;
  for (const layer of layers) {
    options = {
      ...options,
      preset: layer.preset ?? options.preset,
      rules: { ...options.rules, ...layer.rules },
      env: { ...options.env, platform: layer.platform ?? options.env.platform, engineVersion: layer.engineVersion ?? options.env.engineVersion },
      platformChosen: options.platformChosen === true || layer.platform !== undefined,
    };
  }
  return options;
}

/** Merges the `kinds` globs of several layers (a kind's globs from a later layer replace earlier ones). */
export function mergeKinds(...layers: ProjectConfig[]): Partial<Record<FileKind, string[]>> {
  return Object.assign({}, ...layers.map((layer) => layer.kinds ?? {}));
}

/** Merges `hostGroups` of several layers: a later layer's list replaces earlier ones. */
export function lastHostGroups(...layers: ProjectConfig[]): HostGroupPatterns[] {
  return layers.reduce<HostGroupPatterns[]>((groups, layer) => layer.hostGroups ?? groups, []);
}

/** The kind a user's globs give a path (relative to the configuration's folder, `/`-separated). */
export function kindByGlobs(relativePath: string, kinds: Partial<Record<FileKind, string[]>>): FileKind | undefined {
  for (const kind of fileKinds) {
    const globs = kinds[kind];
    if (globs && globs.length > 0 && picomatch(globs, globOptions)(relativePath)) return kind;
  }
  return undefined;
}

/**
 * Turns glob groups into the engine's host groups (lists of URIs) over the files known to
 * the caller. `relativePathOf` gives a URI's path relative to the configuration's folder, or
 * undefined outside it. A file joins the first group that names it.
 */
export function resolveHostGroups(
  groups: readonly HostGroupPatterns[],
  uris: readonly string[],
  relativePathOf: (uri: string) => string | undefined,
): string[][] {
  const claimed = new Set<string>();
  return groups.map((group) => {
    const matches = picomatch(group.files, globOptions);
    return uris.filter((uri) => {
      const path = relativePathOf(uri);
      if (path === undefined || claimed.has(uri) || !matches(path)) return false;
      claimed.add(uri);
      return true;
    });
  });
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
