// dockerd's options, read from schemas/daemon.schema.json (the one source of truth):
// the daemon.json keys with their metadata, and the flag table the argument parser uses.

import schema from '../../../../schemas/daemon.schema.json';
import type { Platform } from '../types';

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
  versions: { added?: string; removed?: string; rejectedFrom?: string; deprecated?: string };
  versionNote?: string;
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

export const dockerdShortFlags: ReadonlyMap<string, DockerdFlag> = new Map(
  [...dockerdFlags.values()].filter((flag) => flag.short).map((flag) => [flag.short as string, flag]),
);

/** Compares dotted versions such as "20.10" and "v28.0"; the `v` is optional. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The newest engine version the options table knows about. */
export const newestKnownEngineVersion = '29.7';
