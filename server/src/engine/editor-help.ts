// Completion and hover inside files where no other extension helps (dockerd flags in
// ExecStart= and DOCKER_OPTS). Pure: positions are offsets; the server converts them.
// Both come from the same flag table the argument parser uses (dockerd/options.ts).

import { type DockerdFlag, daemonOptions, dockerdFlags, dockerdShortFlags } from './dockerd/options';
import { type ParsedFile, fileOfKind } from './document';
import { runsDockerd } from './systemd/exec';
import type { Span } from './types';

export interface CompletionEntry {
  label: string;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
  /** The text the completion replaces (the partial word being typed). */
  replace?: Span;
}

export interface HoverInfo {
  span: Span;
  /** Markdown. */
  markdown: string;
}

/** The value spans of a file where dockerd flags are written. */
function flagRegions(file: ParsedFile): Span[] {
  const document = fileOfKind(file, 'systemd')?.systemd;
  if (!document) return [];
  const regions: Span[] = [];
  for (const step of document.execStarts) {
    if (step.exec?.commands.some(runsDockerd)) regions.push(step.assignment.valueSpan);
  }
  if (document.optionsVariable) regions.push(document.optionsVariable.value.span);
  return regions;
}

function inFlagRegion(file: ParsedFile, offset: number): boolean {
  return flagRegions(file).some((region) => region.start <= offset && offset <= region.end);
}

const wordBreak = /[\s"'=\\]/;

/** The partial word ending at `offset` (after a blank or a quote). */
function wordBefore(text: string, offset: number): Span {
  let start = offset;
  while (start > 0 && !/[\s"'\\]/.test(text[start - 1])) start--;
  return { start, end: offset };
}

function valueKind(flag: DockerdFlag): string {
  if (flag.boolean) return 'boolean (`--flag=false` to turn off)';
  const type = daemonOptions.get(flag.configName)?.valueSchema.type;
  const base = typeof type === 'string' ? (type === 'array' || type === 'object' ? 'string' : type) : 'string';
  return flag.repeatable ? `${base}, repeatable (one value per flag)` : base;
}

function flagNames(flag: DockerdFlag): string {
  return flag.short ? `--${flag.long}, -${flag.short}` : `--${flag.long}`;
}

function flagMarkdown(flag: DockerdFlag): string {
  const lines = [
    `**${flagNames(flag)}**${flag.deprecated ? ' (deprecated)' : ''}`,
    '',
    flag.description,
    '',
    `- value: ${valueKind(flag)}`,
    `- daemon.json key: \`${flag.configName}\` (setting both makes dockerd refuse to start)`,
    `- platforms: ${flag.platforms.join(', ')}`,
  ];
  return lines.join('\n');
}

export function completionsAt(file: ParsedFile, offset: number): CompletionEntry[] {
  if (!inFlagRegion(file, offset)) return [];
  const replace = wordBefore(file.text, offset);
  const typed = file.text.slice(replace.start, replace.end);
  if (typed !== '' && !typed.startsWith('-')) return [];
  if (typed.includes('=')) return [];
  const wanted = typed.replace(/^--?/, '');
  const entries: CompletionEntry[] = [];
  for (const flag of dockerdFlags.values()) {
    if (!flag.platforms.includes('linux')) continue;
    const matches = typed.startsWith('--') || typed === '' || typed === '-' ? flag.long.startsWith(wanted) : flag.short === wanted || flag.long.startsWith(wanted);
    if (!matches) continue;
    entries.push({
      label: `--${flag.long}`,
      detail: `${flagNames(flag)} · ${valueKind(flag)}`,
      documentation: flagMarkdown(flag),
      insertText: flag.boolean ? `--${flag.long}` : `--${flag.long}=`,
      replace,
    });
  }
  return entries;
}

export function hoverAt(file: ParsedFile, offset: number): HoverInfo | undefined {
  if (!inFlagRegion(file, offset)) return undefined;
  const text = file.text;
  let start = offset;
  while (start > 0 && !/[\s"'\\]/.test(text[start - 1])) start--;
  let end = start;
  while (end < text.length && !wordBreak.test(text[end])) end++;
  if (offset > end) return undefined;
  const written = text.slice(start, end);
  let flag: DockerdFlag | undefined;
  let nameEnd = end;
  if (written.startsWith('--')) flag = dockerdFlags.get(written.slice(2));
  else if (written.startsWith('-') && written.length >= 2) {
    // A short flag group: the letter under the cursor.
    const index = Math.max(1, Math.min(offset - start, written.length - 1));
    flag = dockerdShortFlags.get(written[index]);
    if (flag) return { span: { start: start + index, end: start + index + 1 }, markdown: flagMarkdown(flag) };
    nameEnd = start + 2;
  }
  if (!flag) return undefined;
  return { span: { start, end: nameEnd }, markdown: flagMarkdown(flag) };
}
