// The Compose surface editor: dockerd flags written in a service's `command:`/`entrypoint:`
// (a list of words or one string) are replaced, removed and added in place, in the style the
// user wrote them. Options the docker:dind entrypoint implies have no text of their own: the
// editor declines them (the rules on DOCKER_TLS_CERTDIR fix those).

import { type ParsedFile, containerFileOf } from '../document';
import { flagWordsFor } from '../dockerd/options';
import { keptWith } from '../kept-with';
import type { JsonValue, SettingEntry } from '../settings';
import type { ComposeEditor } from '../surface-editor';
import { addVariableAfter, removeVariable } from './environment-edit';
import type { Span, TextEdit } from '../types';
import { isVerbatim } from './mapped-string';
import type { CommandLine, ComposeService } from './model';
import { insertMapEntryAfter, insertSeqItemAfter, removeChild, scalarLike } from './yaml-edit';
import { deref, entryOf } from './yaml-tree';

/** Values written into a command without quoting: host addresses, paths, booleans. */
const safeWord = /^[A-Za-z0-9_./:@[\]=,+-]+$/;

function contains(outer: Span, inner: Span): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The command lines written in each file (not reached through an alias), by where they start. */
const writtenLines = keptWith<CommandLine[]>('written command lines');

/** The command line (not reached through an alias) that holds `span`. */
function commandLineAt(file: ParsedFile, span: Span): CommandLine | undefined {
  const compose = containerFileOf(file)?.containers;
  if (!compose) return undefined;
  const lines = writtenLines(compose, () =>
    compose.services
      .flatMap((service) => [service.command, service.entrypoint])
      .filter((line): line is CommandLine => !!line && !line.via)
      .sort((a, b) => a.span.start - b.span.start),
  );
  // Written lines never overlap (a service inheriting one through `extends` shares the same
  // line): the one that can hold the span is the last to start at or before it.
  let low = 0;
  let high = lines.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (lines[middle].span.start <= span.start) low = middle + 1;
    else high = middle;
  }
  const line = lines[low - 1];
  return line && contains(line.span, span) ? line : undefined;
}

function writtenFlag(entry: SettingEntry | undefined, file: ParsedFile): boolean {
  return !!entry && entry.origin === 'flag' && entry.uri === file.uri && !!commandLineAt(file, entry.entrySpan);
}

/** The dockerd flags written in each command line of a file, in order. */
const flagsByLine = keptWith<Map<CommandLine, SettingEntry[]>>('flags by command line');

/** The flags written in `line` (the one a fix edits: never another service's command). */
function flagsIn(file: ParsedFile, line: CommandLine): SettingEntry[] {
  const compose = containerFileOf(file)?.containers;
  if (!compose) return [];
  const byLine = flagsByLine(compose, () => {
    const lines = new Map<CommandLine, SettingEntry[]>();
    for (const entry of file.dockerd.flatMap((settings) => settings.entries)) {
      const holder = entry.origin === 'flag' && entry.uri === file.uri ? commandLineAt(file, entry.entrySpan) : undefined;
      if (!holder) continue;
      const entries = lines.get(holder);
      if (entries) entries.push(entry);
      else lines.set(holder, [entry]);
    }
    return lines;
  });
  return byLine.get(line) ?? [];
}

/** Compose writes flags unquoted: only words that need no quoting are offered. */
function flagWords(name: string, value: JsonValue): string[] | undefined {
  const words = flagWordsFor(name, value);
  return words?.every((word) => safeWord.test(word)) ? words : undefined;
}

/**
 * Adds `item` to the service's `key` list, or the key as a one-item flow list (`key: [item]`)
 * after the service's last own entry. None when the list or the service comes through an alias
 * or a merge key: the edit would change every user of the anchor.
 */
function addListItem(text: string, service: ComposeService, key: string, item: string): TextEdit | undefined {
  if (service.via) return undefined;
  const entry = entryOf(service.node, key);
  if (entry) {
    if (entry.via) return undefined;
    const { node: list, via } = deref(entry.value);
    if (list?.type !== 'seq' || via) return undefined;
    const last = list.items.at(-1);
    if (!last || last.type === 'alias') return undefined;
    return insertSeqItemAfter(text, list, last, scalarLike(last.type === 'scalar' ? last : undefined, item));
  }
  const last = service.node.entries.filter((candidate) => !candidate.via).at(-1);
  return last ? insertMapEntryAfter(text, service.node, last, `${key}: [${scalarLike(undefined, item)}]`) : undefined;
}

export const composeEditor: ComposeEditor = {
  addListItem,
  removeVariable,
  addVariableAfter,
  insertMapEntryAfter,
  replaceValue(file, target, value) {
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    if (text === undefined || !safeWord.test(text)) return [];
    const line = commandLineAt(file, target);
    if (!line) return [];
    const holder = line.node.type === 'seq' ? line.node.items.find((item) => contains(item.span, target)) : line.node;
    // Only characters written verbatim can be replaced in place (no escapes inside the target).
    if (holder?.type !== 'scalar' || holder.style === 'block' || !isVerbatim(holder.text)) return [];
    let written = file.text.slice(target.start, target.end);
    let span = target;
    // A whole shell word in quotes (`-H "tcp://..."`): the new value goes inside the quotes.
    if (written.length >= 2 && (written[0] === '"' || written[0] === "'") && written.endsWith(written[0])) {
      span = { start: target.start + 1, end: target.end - 1 };
      written = written.slice(1, -1);
    }
    if (written.includes('\\') || written.includes('"') || written.includes("'")) return [];
    return [{ ...span, newText: text }];
  },

  removeEntry(file, entry) {
    if (!writtenFlag(entry, file)) return [];
    const line = commandLineAt(file, entry.entrySpan)!;
    if (line.node.type === 'seq') {
      const items = line.node.items.filter((item) => item.span.start < entry.entrySpan.end && entry.entrySpan.start < item.span.end);
      if (
        items.some(
          (item) =>
            !contains(entry.entrySpan, {
              start: item.span.start + (item.type === 'scalar' && item.style !== 'plain' ? 1 : 0),
              end: item.span.end - (item.type === 'scalar' && item.style !== 'plain' ? 1 : 0),
            }),
        )
      )
        return [];
      const flow = line.node.flow;
      return items.map((item) => removeChild(file.text, item.span, flow));
    }
    let start = entry.entrySpan.start;
    while (start > line.span.start && (file.text[start - 1] === ' ' || file.text[start - 1] === '\t')) start--;
    return [{ start, end: entry.entrySpan.end, newText: '' }];
  },

  setOptions(file, options, anchor) {
    if (!anchor || !writtenFlag(anchor, file)) return [];
    const line = commandLineAt(file, anchor.entrySpan)!;
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const option of options) {
      const last = flagsIn(file, line)
        .filter((entry) => entry.name === option.name)
        .at(-1);
      if (last && last.valueSpan.start !== last.nameSpan.start) {
        const replaced = composeEditor.replaceValue(file, last.valueSpan, option.value);
        if (replaced.length === 0) return [];
        edits.push(...replaced);
        continue;
      }
      if (last) continue; // a bare boolean flag is already true
      const words = flagWords(option.name, option.value);
      if (!words) return [];
      added.push(...words);
    }
    if (added.length === 0) return edits;
    if (line.node.type === 'seq') {
      const after = [...line.node.items].reverse().find((item) => item.span.start < anchor.entrySpan.end);
      if (!after) return [];
      const like = after.type === 'scalar' ? after : undefined;
      const seq = line.node;
      // One list item per word, in the style of the item before.
      const inserts = added.map((word) => insertSeqItemAfter(file.text, seq, after, scalarLike(like, word)));
      edits.push({ ...inserts[0], newText: inserts.map((insert) => insert.newText).join('') });
      return edits;
    }
    edits.push({ start: anchor.entrySpan.end, end: anchor.entrySpan.end, newText: ` ${added.join(' ')}` });
    return edits;
  },
};

/**
 * Workflows and manifests are YAML edited as Compose files are (the same text edits on the same
 * tree), except that their containers have no Compose list keys: cap_drop, security_opt and the
 * like are a workflow's `options:` flags and a pod's `securityContext` fields, so the hardening
 * fixes that add such a key are not offered there.
 */
export const editorWithoutComposeLists: ComposeEditor = { ...composeEditor, addListItem: () => undefined };
