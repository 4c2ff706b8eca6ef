import type { SettingEntry } from '../settings';
import { editorFor } from '../surface-edit';
import { fileOfKind } from '../document';
import { execStartDropIn, isPackagedUnit, newDropInUri } from '../systemd/drop-in';
import { effectiveCommands } from '../systemd/model';
import { applyEdits } from '../text';
import type { FileChange, Fix, TextEdit } from '../types';
import { mergeEdits, unionValues } from '../rule-kit/fixes';
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
    howToFix:
      "Keep the option in one place: the quick-fix moves the flags' values into daemon.json (a list keeps every value) and removes the flags; or remove the key from daemon.json when the flags hold all of it.",
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
      const fixes = [...keepInDaemonJson(context, name, asFlags, inFile), ...keepAsFlags(context, asFlags, inFile)];
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

const listed = (entries: SettingEntry[]) =>
  entries
    .map((entry) => (entry.origin === 'flag' && entry.value === true && entry.valueSpan.start === entry.nameSpan.start ? entry.written : `${entry.written} ${JSON.stringify(entry.value)}`))
    .join(', ');

/**
 * The preferred fix: the option stays in daemon.json only, where Docker recommends options
 * live. A list keeps every value the flags added (so no listener or label is lost); a single
 * value keeps daemon.json's. All flags of the option go, on whatever surface they are.
 */
function keepInDaemonJson(context: RuleContext, name: string, asFlags: SettingEntry[], inFile: SettingEntry[]): Fix[] {
  const fileEntry = inFile[inFile.length - 1];
  const changes: FileChange[] = [];
  let title = `Remove ${listed(asFlags)} from the command line (daemon.json's ${JSON.stringify(fileEntry.value)} stays)`;
  if (Array.isArray(fileEntry.value)) {
    const union = unionValues(
      name,
      fileEntry.value,
      asFlags.map((flag) => flag.value),
    );
    if (union.length > fileEntry.value.length) {
      const file = context.files.get(fileEntry.uri);
      const edits = file ? (editorFor(file.kind)?.setOptions(file, [{ name, value: union }]) ?? []) : [];
      if (edits.length === 0) return [];
      changes.push({ uri: fileEntry.uri, edits });
      title = `Move ${listed(asFlags)} into daemon.json's ${JSON.stringify(name)} (off the command line)`;
    } else title = `Remove ${listed(asFlags)} from the command line (daemon.json's ${JSON.stringify(name)} serves ${asFlags.length > 1 ? 'them' : 'it'})`;
  }
  for (const uri of new Set(asFlags.map((flag) => flag.uri))) {
    const here = asFlags.filter((flag) => flag.uri === uri);
    const change = isPackagedUnit(uri) ? dropInWithout(context, here) : removedFrom(context, uri, here);
    if (!change) return [];
    if (change.create) title = `Add a drop-in that starts dockerd without ${listed(here)} (the packaged unit stays as shipped)${changes.length > 0 ? `, and ${name} in daemon.json` : ''}`;
    changes.push(change);
  }
  return [{ title, preferred: true, changes }];
}

/** The alternative: the flags stay and daemon.json's key goes, offered only when the flags hold every value it had. */
function keepAsFlags(context: RuleContext, asFlags: SettingEntry[], inFile: SettingEntry[]): Fix[] {
  const fileEntry = inFile[inFile.length - 1];
  if (Array.isArray(fileEntry.value) && fileEntry.value.some((value) => !asFlags.some((flag) => JSON.stringify(flag.value) === JSON.stringify(value)))) return [];
  const change = removedFrom(context, fileEntry.uri, inFile);
  return change ? [{ title: `Remove ${JSON.stringify(fileEntry.written)} from daemon.json (keep ${listed(asFlags)})`, changes: [change] }] : [];
}

/** The edits that remove `entries` from one file; undefined when they cannot be made apart. */
function removedFrom(context: RuleContext, uri: string, entries: SettingEntry[]): FileChange | undefined {
  const file = context.files.get(uri);
  const editor = file && editorFor(file.kind);
  if (!file || !editor) return undefined;
  let edits: TextEdit[] | undefined = [];
  for (const entry of entries) {
    const removal = editor.removeEntry(file, entry);
    edits = removal.length > 0 ? edits && mergeEdits(edits, removal) : undefined;
  }
  return edits && edits.length > 0 ? { uri, edits } : undefined;
}

/** A new drop-in that replaces the packaged unit's ExecStart= with the same line minus `flags`. */
function dropInWithout(context: RuleContext, flags: SettingEntry[]): FileChange | undefined {
  const unit = fileOfKind(context.files.get(flags[0].uri), 'systemd');
  const target = unit && newDropInUri(unit.uri, (uri) => context.files.has(uri));
  const removal = unit && removedFrom(context, unit.uri, flags);
  const commands = unit ? effectiveCommands(unit.systemd) : [];
  const step = commands[commands.length - 1]?.step;
  if (!unit || !target || !removal || !step) return undefined;
  // The unit's last ExecStart= line with the flags' words removed: the edits lie inside it.
  const { start, end } = { start: step.assignment.valueSpan.start, end: step.assignment.lineSpan.end };
  if (removal.edits.some((edit) => edit.start < start || edit.end > end)) return undefined;
  const command = applyEdits(
    unit.text.slice(start, end),
    removal.edits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start })),
  );
  const without = flags.map((flag) => `${flag.written} ${String(flag.value)}`).join(', ');
  const text = execStartDropIn(command, [`${unit.systemd.unitName}'s ExecStart= without ${without}, which daemon.json sets too.`], unit.lines.eol());
  return { uri: target, create: true, edits: [{ start: 0, end: 0, newText: text }] };
}
