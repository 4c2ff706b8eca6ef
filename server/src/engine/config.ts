// Configuration, resolved in one place. Every source of settings (the defaults, a project's
// .dockerd-lint.json, the editor's dockerdLint.* settings, the CLI's flags) is a layer; one
// call turns the layers into the value that lint, fix-all, quick-fixes, --fix and the
// certificate wiring all take, so a fix never sees another world than the lint that offered
// it. Host groups are anchored here to absolute globs: they then group any file set the
// same way, including files a fix creates.

import picomatch from 'picomatch';
import { serverTlsPaths } from './certs/names';
import { newestKnownEngineVersion } from './dockerd/options';
import { globOptions } from './globs';
import type { IgnoreEntry } from './suppressions';
import type { FileKind, LintEnvironment, Platform, Preset, RuleLevel, Severity } from './types';
import { trimEndOf } from './text';

/** Files of one machine, by glob relative to the folder that holds the configuration. */
export interface HostGroupPatterns {
  name: string;
  files: string[];
}

/** A reviewed exception: findings of `rule` (or `*`) in the files `path` names are silenced, for `reason`. */
export interface IgnorePattern {
  rule: string;
  /** Glob relative to the folder that holds the configuration; absent: every file. */
  path?: string;
  reason: string;
}

export interface ProjectConfig {
  preset?: Preset;
  rules?: Record<string, RuleLevel>;
  platform?: Platform;
  engineVersion?: string;
  /** Extra globs per kind, for files whose name does not say what they are. */
  kinds?: Partial<Record<FileKind, string[]>>;
  hostGroups?: HostGroupPatterns[];
  ignore?: IgnorePattern[];
}

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
  /** `ignore` entries of .dockerd-lint.json, their paths anchored (never from an untrusted folder). */
  ignore?: IgnoreEntry[];
  /** Report `dockerd-lint-disable` comments that silence nothing, at this severity. */
  reportUnusedDirectives?: Severity;
  /**
   * Files that belong to one machine, beyond those found by layout (workspace.ts): each group
   * a list of URIs, absolute paths or absolute globs (`/`-separated). A file joins the first
   * group that names it.
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
  /**
   * The subject alternative names of the certificate at `uri` (a dockerd's `tlscert`, resolved
   * under its machine's root), read and parsed by the adapter (the CLI and the server, bounded and
   * inside the tree); undefined when absent, refused or not a certificate. Without it the names a
   * dockerd's certificate carries are unknown and not judged.
   */
  readCertificateNames?: (uri: string) => CertificateNames | undefined;
}

/** What a server certificate is valid for: its DNS and IP subject alternative names. */
export interface CertificateNames {
  dns: string[];
  ips: string[];
}

export function defaultLintOptions(): LintOptions {
  return { env: { platform: 'linux', engineVersion: newestKnownEngineVersion }, preset: 'recommended', rules: {} };
}

/** The level a rule runs at: the user's choice, else its default when its preset is active. */
export function levelOf(meta: { id: string; severity: Severity; preset: Preset }, options: LintOptions): RuleLevel {
  const chosen = options.rules[meta.id];
  if (chosen) return chosen;
  if (meta.preset === 'strict' && options.preset !== 'strict') return 'off';
  return meta.severity;
}

/** One source of rule options, with the folder its globs (kinds, hostGroups) are relative to. */
export interface ConfigLayer {
  options: ProjectConfig;
  /** Absolute path of the folder the layer's globs are relative to; none: its globs are ignored. */
  baseDir?: string;
}

export interface ConfigInput {
  /** Weakest first: e.g. the project file, then the editor settings or the CLI flags. */
  layers: ConfigLayer[];
  /** An untrusted workspace gets no project layer (the caller leaves it out) and no suppressions. */
  trusted: boolean;
  /** Folder of the server's ca.pem, server-cert.pem and server-key.pem, for TLS fixes. */
  tlsCertDirectory?: string;
  /** Report suppressions that silence nothing (--report-unused-disable-directives). */
  reportUnusedDirectives?: Severity;
}

/** Everything one lint run and its fixes read from configuration. */
export interface ResolvedConfig {
  options: LintOptions;
  /** Extra globs per kind, relative to `kindsBaseDir`. */
  kinds: Partial<Record<FileKind, string[]>>;
  kindsBaseDir?: string;
}

export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const options = withProjectConfig(defaultLintOptions(), ...input.layers.map((layer) => layer.options));
  if (input.tlsCertDirectory) options.env = { ...options.env, tlsPaths: serverTlsPaths(input.tlsCertDirectory) };
  if (!input.trusted) options.ignoreSuppressions = true;
  const groupsLayer = lastLayerWith(input.layers, 'hostGroups');
  const hostGroups = groupsLayer?.baseDir ? anchoredHostGroups(groupsLayer.options.hostGroups ?? [], groupsLayer.baseDir) : [];
  if (hostGroups.length > 0) options.hostGroups = hostGroups;
  // A reviewed exception is the project's word: like suppression comments, not taken from an untrusted folder.
  const ignoreLayer = lastLayerWith(input.layers, 'ignore');
  if (input.trusted && ignoreLayer) options.ignore = anchoredIgnore(ignoreLayer.options.ignore ?? [], ignoreLayer.baseDir);
  if (input.reportUnusedDirectives) options.reportUnusedDirectives = input.reportUnusedDirectives;
  const kindsLayer = lastLayerWith(input.layers, 'kinds');
  return { options, kinds: Object.assign({}, ...input.layers.map((layer) => layer.options.kinds ?? {})), kindsBaseDir: kindsLayer?.baseDir };
}

function lastLayerWith(layers: readonly ConfigLayer[], key: 'hostGroups' | 'kinds' | 'ignore'): ConfigLayer | undefined {
  return [...layers].reverse().find((layer) => layer.options[key] !== undefined);
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

/** A glob relative to `baseDir`, made absolute (`/`-separated, the folder's own glob characters escaped). */
function anchored(pattern: string, baseDir: string): string {
  const base = trimEndOf(baseDir.replace(/\\/g, '/'), '/').replace(/[*?[\]{}()!+@]/g, '\\$&');
  return `${base}/${pattern.replace(/^\.\//, '')}`;
}

function anchoredHostGroups(groups: readonly HostGroupPatterns[], baseDir: string): string[][] {
  return groups.map((group) => group.files.map((pattern) => anchored(pattern, baseDir)));
}

/** Ignore entries with their path globs made absolute; without a folder to anchor to, an entry with a path names nothing. */
function anchoredIgnore(patterns: readonly IgnorePattern[], baseDir: string | undefined): IgnoreEntry[] {
  return patterns.flatMap(({ rule, reason, path }) => {
    if (path === undefined) return [{ rule, reason }];
    return baseDir === undefined ? [] : [{ rule, reason, path: anchored(path, baseDir) }];
  });
}

/** The index of the first host group that names the file (by URI, path or glob), if any. */
export function hostGroupOf(uri: string, path: string, groups: readonly string[][]): number | undefined {
  const index = groups.findIndex((group) => group.some((pattern) => pattern === uri || pattern === path || picomatch.isMatch(path, pattern, globOptions)));
  return index < 0 ? undefined : index;
}
