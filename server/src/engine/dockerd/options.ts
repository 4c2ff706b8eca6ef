// dockerd's options, read from schemas/daemon.schema.json (the one source of truth):
// the daemon.json keys with their metadata, and the flag table the argument parser uses.

import schema from '../../../../schemas/daemon.schema.json';
import rhelDocker from '../../../../schemas/reference/rhel-docker-flags.json';
import type { LintEnvironment, Platform } from '../types';
import type { JsonValue } from '../settings';

export interface DockerdFlagRef {
  long: string;
  short?: string;
}

export interface OptionMeta {
  key: string;
  /** `config-key`, `legacy-key` or `flag-name-alias` */
  category: string;
  /** Where the key is accepted and applied: `all`, `linux`, `windows` or `none`. */
  platforms: string;
  loader: { linux: string; windows: string };
  flags: DockerdFlagRef[];
  flagArity: string;
  status: string;
  /**
   * added: first version that accepts the key; rejectedFrom: first version that refuses to
   * start with it; ignoredFrom: first version that accepts it without effect; removed and
   * deprecated: as the docs give them. Versions carry a leading `v`.
   */
  versions: { added?: string; removed?: string; rejectedFrom?: string; deprecated?: string; ignoredFrom?: string };
  versionNote?: string;
  /** The key (or `parent.child`) the value belongs under when this name is not decoded. */
  replacement?: string;
  /** Values config.Validate accepts; any other value stops dockerd. */
  allowedValues?: { values: string[]; ignoreCase?: boolean; error: string };
  /** For flag-only booleans: the value that changes what dockerd does, and how. */
  dangerousValue?: { value: boolean; effect: string };
  notes?: string;
  /** JSON Schema of the value. */
  valueSchema: Record<string, unknown>;
  description: string;
}

type SchemaProperty = Record<string, unknown> & { description: string; 'x-dockerd': Omit<OptionMeta, 'key' | 'valueSchema' | 'description'> };

const properties = (schema as unknown as { properties: Record<string, SchemaProperty> }).properties;

export const daemonOptions: ReadonlyMap<string, OptionMeta> = new Map(
  Object.entries(properties).map(([key, property]) => {
    const { 'x-dockerd': meta, description, ...valueSchema } = property;
    return [key, { key, ...meta, description, valueSchema }];
  }),
);

export interface DockerdFlag {
  long: string;
  short?: string;
  /** The name dockerd uses for flag/file conflicts, i.e. the daemon.json key (`hosts` for -H). */
  configName: string;
  boolean: boolean;
  repeatable: boolean;
  /** Platforms that have this flag. */
  platforms: Platform[];
  deprecated: boolean;
  description: string;
}

const booleanAliases = new Set(['validate', 'version', 'help', 'restart', 'register-service', 'unregister-service', 'run-service']);

function platformsOf(meta: OptionMeta): Platform[] {
  const onLinux = !meta.loader.linux.startsWith('rejected') || meta.flags.length > 0;
  const linuxOnly = meta.platforms === 'linux' || meta.loader.windows.startsWith('rejected');
  const windowsOnly = meta.platforms === 'windows';
  if (windowsOnly) return ['windows'];
  if (linuxOnly && onLinux) return ['linux'];
  return ['linux', 'windows'];
}

function buildFlagTable(): Map<string, DockerdFlag> {
  const flags = new Map<string, DockerdFlag>();
  // Config keys first: they name the flag's config name; aliases only fill the gaps.
  const ordered = [...daemonOptions.values()].sort((a, b) => Number(a.category !== 'config-key') - Number(b.category !== 'config-key'));
  for (const meta of ordered) {
    for (const ref of meta.flags) {
      if (flags.has(ref.long)) continue;
      const flattened = meta.key === 'proxies';
      flags.set(ref.long, {
        long: ref.long,
        short: ref.short,
        configName: flattened ? ref.long : meta.key,
        boolean: meta.valueSchema.type === 'boolean' || booleanAliases.has(ref.long),
        repeatable: meta.flagArity.startsWith('repeatable'),
        platforms: platformsOf(meta),
        deprecated: /deprecated/.test(meta.flagArity) || meta.status.startsWith('deprecated'),
        description: meta.description,
      });
    }
  }
  return flags;
}

/** Every dockerd flag by long name (without dashes). */
export const dockerdFlags: ReadonlyMap<string, DockerdFlag> = buildFlagTable();

export const dockerdShortFlags: ReadonlyMap<string, DockerdFlag> = new Map([...dockerdFlags.values()].filter((flag) => flag.short).map((flag) => [flag.short as string, flag]));

/**
 * Which daemon reads the flags: upstream dockerd, or the daemon of RHEL/CentOS 7's docker
 * package (`dockerd-current`, `docker-current daemon`, `/etc/sysconfig/docker`), which accepts
 * a few flags more.
 */
export type DaemonBuild = 'upstream' | 'rhel';

/** The flags only RHEL's docker package has (schemas/reference/rhel-docker-flags.json gives their sources). */
export const rhelDockerFlags: ReadonlyMap<string, DockerdFlag> = new Map(
  rhelDocker.flags.map((flag) => [
    flag.long,
    {
      long: flag.long,
      configName: flag.long,
      boolean: flag.value === 'boolean',
      repeatable: flag.value === 'repeatable',
      platforms: ['linux'],
      deprecated: false,
      description: `${flag.description} (RHEL/CentOS docker package only)`,
    },
  ]),
);

/** The flag that sets a config name, e.g. `tlsverify` for `tlsverify`, `host` for `hosts`. */
export function flagSetting(configName: string): string | undefined {
  for (const flag of dockerdFlags.values()) if (flag.configName === configName) return flag.long;
  return undefined;
}

/** The flag words (unquoted) that give option `name` the value `value`: `--tlsverify`, `--host=tcp://...`. */
export function flagWordsFor(name: string, value: JsonValue): string[] | undefined {
  const flag = flagSetting(name);
  if (!flag) return undefined;
  if (value === true) return [`--${flag}`];
  const text = (item: JsonValue) => (typeof item === 'string' ? item : JSON.stringify(item));
  if (Array.isArray(value)) return value.map((item) => `--${flag}=${text(item)}`);
  return [`--${flag}=${text(value)}`];
}

/** Compares dotted versions such as "20.10" and "v28.0"; the `v` is optional. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) =>
    v
      .replace(/^v/, '')
      .split('.')
      .map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The newest engine version the options table knows about. */
export const newestKnownEngineVersion = '29.7';

/** How dockerd's loader treats a daemon.json key, for one platform and engine version. */
export type KeyStatus =
  /** Decoded and applied. */
  | { kind: 'accepted'; meta: OptionMeta }
  /** Passes the key check but is never decoded: a flag name, or a key that lost its effect. */
  | { kind: 'ignored'; meta: OptionMeta; reason: 'flag-name' | 'no-effect' }
  /** dockerd refuses to start. */
  | { kind: 'rejected'; meta?: OptionMeta; reason: RejectionReason };

/**
 * - `unknown`: no flag, no option of that name
 * - `platform`: the key exists on the other platform only
 * - `not-yet`: added in a newer version than the target engine
 * - `removed`: refused from a version not newer than the target engine
 * - `no-flag`: a field of dockerd's Config struct that no flag names, so the key check refuses it
 */
export type RejectionReason = 'unknown' | 'platform' | 'not-yet' | 'removed' | 'no-flag';

function atLeast(version: string, threshold: string | undefined): boolean {
  return threshold !== undefined && compareVersions(version, threshold) >= 0;
}

/** What dockerd of `env` does with top-level key `key` (exact, case-sensitive, as dockerd compares). */
export function keyStatus(key: string, env: Pick<LintEnvironment, 'platform' | 'engineVersion'>): KeyStatus {
  const meta = daemonOptions.get(key);
  if (!meta) return { kind: 'rejected', reason: 'unknown' };
  const { versions } = meta;
  const version = env.engineVersion;
  if (versions.added && compareVersions(version, versions.added) < 0) return { kind: 'rejected', meta, reason: 'not-yet' };
  if (atLeast(version, versions.rejectedFrom)) return { kind: 'rejected', meta, reason: 'removed' };
  const loader = meta.loader[env.platform];
  const other = meta.loader[env.platform === 'linux' ? 'windows' : 'linux'];
  if (meta.category === 'legacy-key') {
    if (versions.ignoredFrom) return atLeast(version, versions.ignoredFrom) ? { kind: 'ignored', meta, reason: 'no-effect' } : { kind: 'accepted', meta };
    if (meta.status === 'removed') return { kind: 'accepted', meta };
    return { kind: 'ignored', meta, reason: 'no-effect' };
  }
  if (loader.startsWith('rejected')) {
    if (meta.platforms === 'none') return { kind: 'rejected', meta, reason: 'no-flag' };
    return { kind: 'rejected', meta, reason: other.startsWith('accepted') ? 'platform' : 'unknown' };
  }
  if (loader.startsWith('accepted-ignored') || meta.category === 'flag-name-alias') return { kind: 'ignored', meta, reason: 'flag-name' };
  return { kind: 'accepted', meta };
}

/** The keys dockerd of `env` decodes and applies: the candidates for "did you mean". */
export function acceptedKeys(env: Pick<LintEnvironment, 'platform' | 'engineVersion'>): string[] {
  return [...daemonOptions.keys()].filter((key) => keyStatus(key, env).kind === 'accepted');
}

/** "v28.0" -> "28.0", for messages. */
export function plainVersion(version: string): string {
  return version.replace(/^v/, '');
}
