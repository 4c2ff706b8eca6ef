import type { SettingEntry } from '../settings';
import { removeEntryFix } from './fixes';
import type { DockerdRule } from './types';

/** dockerd merges these from both places instead of refusing (config.go skipDuplicates). */
const mergedFromBoth = new Set(['runtimes']);

function shown(entry: SettingEntry): string {
  return entry.origin === 'flag' ? `${entry.written} ${JSON.stringify(entry.value)}` : `${entry.written}: ${JSON.stringify(entry.value)}`;
}

export const flagFileConflict: DockerdRule = {
  meta: {
    id: 'flag-file-conflict',
    severity: 'error',
    title: 'Option set both as a dockerd flag and in daemon.json',
    summary:
      'dockerd refuses to start when an option is given on its command line and in daemon.json, even with equal values ("the following directives are specified both as a flag and in the configuration file"). Most often: `-H fd://` in the systemd unit with "hosts" in daemon.json.',
    howToFix: 'Keep the option in one place: remove the flag from the unit or drop-in, or the key from daemon.json.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['systemd', 'daemon-json'],
  },
  scope: 'dockerd',
  check(settings, context) {
    const flags = settings.entries.filter((entry) => entry.origin === 'flag');
    const fileEntries = settings.entries.filter((entry) => entry.origin === 'config-file');
    for (const name of new Set(flags.map((entry) => entry.name))) {
      if (mergedFromBoth.has(name)) continue;
      const inFile = fileEntries.filter((entry) => entry.name === name);
      if (inFile.length === 0) continue;
      const asFlags = flags.filter((entry) => entry.name === name);
      // Removing the flags is preferred: daemon.json is where Docker recommends options live.
      const fixes = [
        ...asFlags.flatMap((flag, i) => removeEntryFix(context, flag, `Remove ${flag.written} ${JSON.stringify(flag.value)} from the command line (keep it in daemon.json)`, i === 0 && asFlags.length === 1)),
        ...inFile.flatMap((entry) => removeEntryFix(context, entry, `Remove ${entry.written} from daemon.json (keep the flag)`)),
      ];
      const why = `dockerd refuses to start: "the following directives are specified both as a flag and in the configuration file: ${name}"`;
      for (const flag of asFlags) {
        context.report({
          uri: flag.uri,
          span: flag.entrySpan,
          message: `${flag.written} sets "${name}", which daemon.json sets too (${inFile.map(shown).join(', ')}): ${why}.`,
          related: inFile.map((entry) => ({ uri: entry.uri, span: entry.entrySpan, message: `${entry.written} is also set in daemon.json` })),
          fixes,
        });
      }
      for (const entry of inFile) {
        context.report({
          uri: entry.uri,
          span: entry.nameSpan,
          message: `"${name}" is also passed as a dockerd flag (${asFlags.map(shown).join(', ')}): ${why}.`,
          related: asFlags.map((flag) => ({ uri: flag.uri, span: flag.entrySpan, message: `${flag.written} is passed here` })),
          fixes,
        });
      }
    }
  },
};
