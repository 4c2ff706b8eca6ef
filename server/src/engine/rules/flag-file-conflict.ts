import type { SettingEntry } from '../settings';
import { editorFor } from '../surface-edit';
import { fileOfKind } from '../document';
import { execStartDropIn, isPackagedUnit, newDropInUri } from '../systemd/drop-in';
import { effectiveCommands } from '../systemd/model';
import { applyEdits } from '../text';
import type { Fix } from '../types';
import { removeEntryFix } from '../rule-kit/fixes';
import type { DockerdRule, RuleContext } from './types';

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
      // A packaged unit is not edited (a package update would undo it): a drop-in replaces its line.
      const preferFlagRemoval = asFlags.length === 1;
      const fixes = [
        ...asFlags.flatMap((flag) =>
          isPackagedUnit(flag.uri)
            ? dropInWithout(context, flag, preferFlagRemoval)
            : removeEntryFix(context, flag, `Remove ${flag.written} ${JSON.stringify(flag.value)} from the command line (keep it in daemon.json)`, preferFlagRemoval),
        ),
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

/** A new drop-in that replaces the packaged unit's ExecStart= with the same line minus `flag`. */
function dropInWithout(context: RuleContext, flag: SettingEntry, preferred: boolean): Fix[] {
  const unit = fileOfKind(context.files.get(flag.uri), 'systemd');
  const editor = editorFor('systemd');
  const target = unit && newDropInUri(flag.uri, (uri) => context.files.has(uri));
  if (!unit || !editor || !target) return [];
  const edits = editor.removeEntry(unit, flag);
  const commands = effectiveCommands(unit.systemd);
  const step = commands[commands.length - 1]?.step;
  if (edits.length === 0 || !step) return [];
  // The unit's last ExecStart= line with the flag's words removed: the edits lie inside it.
  const { start, end } = { start: step.assignment.valueSpan.start, end: step.assignment.lineSpan.end };
  if (edits.some((edit) => edit.start < start || edit.end > end)) return [];
  const command = applyEdits(unit.text.slice(start, end), edits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start })));
  const eol = unit.lines.eol();
  const text = execStartDropIn(command, [`${unit.systemd.unitName}'s ExecStart= without ${flag.written} ${String(flag.value)}, which daemon.json sets too.`], eol);
  return [{ title: `Add a drop-in that starts dockerd without ${flag.written} ${String(flag.value)} (the packaged unit stays as shipped)`, preferred: preferred || undefined, changes: [{ uri: target, create: true, edits: [{ start: 0, end: 0, newText: text }] }] }];
}
