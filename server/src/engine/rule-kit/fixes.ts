// Fix builders shared by several rules. Each returns plain data (a Fix) built through the
// editor of the surface that holds the setting, so one rule fixes daemon.json, a drop-in
// or a Compose command alike.

import { type ParsedFile, fileOfKind } from '../document';
import { type ParsedHost, parseDaemonHost, isLoopbackAddress, isParsedHost } from '../dockerd/hosts';
import { type TlsFileOption, hasTlsFile } from '../dockerd/tls';
import { type DockerdSettings, type JsonValue, type LocatedItem, type SettingEntry, lastEntry } from '../settings';
import { editorFor } from '../surface-edit';
import { type Fix, type LintEnvironment, type Span, type TextEdit, defaultTlsPaths } from '../types';
import type { RuleContext } from '../rules/types';

/** `tcp://ADDR:PORT` with the address kept as written (brackets for IPv6). */
export function tcpHost(address: string, port: number): string {
  return `tcp://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

function fileOf(context: RuleContext, uri: string): ParsedFile | undefined {
  return context.files.get(uri);
}

/** Replaces one host value with `newHost` on its own surface. */
export function replaceHostEdits(context: RuleContext, host: LocatedItem, newHost: string): TextEdit[] | undefined {
  const file = fileOf(context, host.entry.uri);
  const editor = file && editorFor(file.kind);
  return file && editor ? editor.replaceValue(file, host.span, newHost) : undefined;
}

export function fixOf(title: string, uri: string, edits: TextEdit[] | undefined, preferred = false): Fix[] {
  if (!edits || edits.length === 0) return [];
  return [{ title, preferred: preferred || undefined, changes: [{ uri, edits }] }];
}

/** Rewrites one host on its own surface. */
export function replaceHostFix(context: RuleContext, host: LocatedItem, newHost: string, title: string, preferred: boolean): Fix[] {
  return fixOf(title, host.entry.uri, replaceHostEdits(context, host, newHost), preferred);
}

/** Binds a TCP host to loopback (`::1` for an IPv6 address), keeping its port; none when already loopback. */
export function bindToLoopbackFix(context: RuleContext, host: LocatedItem, parsed: ParsedHost, preferred: boolean): Fix[] {
  if (parsed.address !== undefined && isLoopbackAddress(parsed.address)) return [];
  const target = tcpHost(parsed.address?.includes(':') ? '::1' : '127.0.0.1', parsed.port ?? 2375);
  return replaceHostFix(context, host, target, `Listen on ${target} (this machine only)`, preferred);
}

/** Moves a TCP host to another port, keeping its address as written. */
export function changePortFix(context: RuleContext, host: LocatedItem, parsed: ParsedHost, port: number, preferred: boolean): Fix[] {
  const target = tcpHost(parsed.address ?? 'localhost', port);
  return replaceHostFix(context, host, target, `Listen on ${target}`, preferred);
}

/** The options that give TLS with client verification, with the cert command's paths when known. */
export function tlsVerifyOptions(env: LintEnvironment): { name: string; value: JsonValue }[] {
  const paths = env.tlsPaths ?? defaultTlsPaths;
  return [
    { name: 'tlsverify', value: true },
    { name: 'tlscacert', value: paths.tlscacert },
    { name: 'tlscert', value: paths.tlscert },
    { name: 'tlskey', value: paths.tlskey },
  ];
}

/**
 * Moves a TCP host to 2376 and turns on TLS client verification in the same file, keeping
 * TLS files the user already set. The edits go into the file that holds the host.
 */
export function useTlsFix(context: RuleContext, settings: DockerdSettings, host: LocatedItem, parsed: ParsedHost, preferred: boolean): Fix[] {
  const file = fileOf(context, host.entry.uri);
  const editor = file && editorFor(file.kind);
  if (!file || !editor) return [];
  const newHost = tcpHost(parsed.address ?? 'localhost', 2376);
  const hostEdits = parsed.port === 2376 ? [] : editor.replaceValue(file, host.span, newHost);
  // A file option written empty (`--tlscert=`) names no file: it is set like a missing one.
  const missing = tlsVerifyOptions(context.env).filter((option) =>
    option.name === 'tlsverify' ? lastEntry(settings, option.name)?.value !== true : !hasTlsFile(settings, option.name as TlsFileOption),
  );
  const optionEdits = editor.setOptions(file, missing, host.entry);
  const edits = mergeEdits(hostEdits, optionEdits);
  if (!edits) return [];
  const paths = context.env.tlsPaths ?? defaultTlsPaths;
  const title =
    parsed.port === 2376
      ? `Turn on TLS client verification (certificates from ${dirOf(paths.tlscacert)})`
      : `Listen on ${newHost} with TLS client verification (certificates from ${dirOf(paths.tlscacert)})`;
  return fixOf(title, host.entry.uri, edits, preferred);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash > 0 ? path.slice(0, slash) : path;
}

/** Combines two edit lists when they do not overlap; undefined when they clash. */
export function mergeEdits(a: TextEdit[], b: TextEdit[]): TextEdit[] | undefined {
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  for (let i = 1; i < all.length; i++) if (all[i].start < all[i - 1].end) return undefined;
  return all;
}

export function removeEntryFix(context: RuleContext, entry: SettingEntry, title: string, preferred = false): Fix[] {
  const file = fileOf(context, entry.uri);
  const editor = file && editorFor(file.kind);
  return fixOf(title, entry.uri, file && editor ? editor.removeEntry(file, entry) : undefined, preferred);
}

export function setOptionsFix(context: RuleContext, anchor: SettingEntry, options: { name: string; value: JsonValue }[], title: string, preferred = false): Fix[] {
  const file = fileOf(context, anchor.uri);
  const editor = file && editorFor(file.kind);
  return fixOf(title, anchor.uri, file && editor ? editor.setOptions(file, options, anchor) : undefined, preferred);
}

/** Every TCP host of a dockerd, parsed as dockerd parses it. */
export function tcpHosts(items: LocatedItem[], platform: LintEnvironment['platform']): { host: LocatedItem; parsed: ParsedHost }[] {
  const result: { host: LocatedItem; parsed: ParsedHost }[] = [];
  for (const host of items) {
    if (typeof host.value !== 'string') continue;
    const parsed = parseDaemonHost(host.value, platform);
    if (isParsedHost(parsed) && parsed.scheme === 'tcp') result.push({ host, parsed });
  }
  return result;
}

/**
 * The file a new option goes into: where the option is already set (changed in place, no
 * flag/file conflict), else daemon.json, else the file of the dockerd command line.
 */
export function optionTarget(settings: DockerdSettings, name: string): { uri: string; anchor?: SettingEntry } | undefined {
  const existing = lastEntry(settings, name);
  if (existing) return { uri: existing.uri, anchor: existing };
  const daemonJson = settings.sources.find((source) => source.kind === 'daemon-json');
  if (daemonJson) return { uri: daemonJson.uri };
  const flag = settings.entries.find((entry) => entry.origin === 'flag');
  if (flag) return { uri: flag.uri, anchor: flag };
  return settings.sources[0] && { uri: settings.sources[0].uri };
}

/** Sets options of a dockerd on the surface `optionTarget` picks for the first of them. */
export function setSettingsFix(context: RuleContext, settings: DockerdSettings, options: { name: string; value: JsonValue }[], title: string, preferred = false): Fix[] {
  const target = options[0] && optionTarget(settings, options[0].name);
  const file = target && fileOf(context, target.uri);
  const editor = file && editorFor(file.kind);
  return fixOf(title, target?.uri ?? '', file && editor ? editor.setOptions(file, options, target.anchor) : undefined, preferred);
}

/**
 * Removes one element of a list option: a repeated flag goes with its word, a list element
 * with its comma (the other elements as written), the last element takes its option along.
 */
export function removeItemFix(context: RuleContext, item: LocatedItem, title: string, preferred = false): Fix[] {
  const { entry } = item;
  if (!entry.items || entry.items.length <= 1) return removeEntryFix(context, entry, title, preferred);
  const file = fileOf(context, entry.uri);
  const editor = file && editorFor(file.kind);
  const index = entry.items.findIndex((other) => other.span.start === item.span.start);
  return fixOf(title, entry.uri, file && editor?.removeItem ? editor.removeItem(file, entry, index) : undefined, preferred);
}

/**
 * Where a finding about a setting that is absent goes: daemon.json's opening brace, else
 * the line of the dockerd command line's first option, else the file's start.
 */
export function absentSettingLocation(settings: DockerdSettings, context: RuleContext): { uri: string; span: Span } {
  const daemonJson = settings.sources.find((source) => source.kind === 'daemon-json');
  const root = daemonJson && fileOfKind(fileOf(context, daemonJson.uri), 'daemon-json')?.daemonJson.root;
  if (daemonJson && root) return { uri: daemonJson.uri, span: { start: root.offset, end: root.offset + 1 } };
  const flag = settings.entries.find((entry) => entry.origin !== 'config-file');
  const file = flag && fileOf(context, flag.uri);
  if (flag && file) {
    const line = file.lines.position(flag.entrySpan.start).line;
    return { uri: flag.uri, span: { start: file.lines.lineStart(line), end: file.lines.lineEnd(line) } };
  }
  return { uri: settings.sources[0].uri, span: { start: 0, end: 0 } };
}
