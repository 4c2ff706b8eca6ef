// Findings a project chose to silence: `dockerd-lint-disable` comments (read by each kind's
// parser from its real comment tokens only) and `ignore` entries of .dockerd-lint.json. A
// silenced finding is kept with its reason, for SARIF's suppressions[]; a directive that
// silenced nothing is reported on request (`--report-unused-disable-directives`).
//
//   # dockerd-lint-disable RULE[, RULE] -- reason             the whole file
//   # dockerd-lint-disable-line RULE -- reason                the line the comment is on
//   # dockerd-lint-disable-next-line RULE -- reason           the next setting
//
// Without a rule list, every rule. Text after ` -- ` is the reason, as in ESLint.

import picomatch from 'picomatch';
import { globOptions } from './globs';
import { pathOf } from './paths';
import type { LineIndex } from './text';
import type { Finding, Span } from './types';

export type SuppressionForm = 'file' | 'line' | 'next-line';

/** One `dockerd-lint-disable` comment. */
export interface SuppressionDirective {
  form: SuppressionForm;
  /** Rule ids, or `*` for every rule. */
  rules: string[];
  reason?: string;
  /** The comment. */
  span: Span;
  /** 0-based lines the line forms cover (a continued setting spans several). */
  firstLine: number;
  lastLine: number;
}

/**
 * The suppression comments of a file, from its real comment tokens. The readers of each file
 * kind fill it; lint.ts applies it. Here so that readers and the file model both depend on it
 * without depending on each other.
 */
export interface Suppressions {
  directives: SuppressionDirective[];
}

export function noSuppressions(): Suppressions {
  return { directives: [] };
}

const keyword = 'dockerd-lint-disable';

/** The id findings about unused directives carry (not a rule: it judges the other rules' results). */
export const unusedDirectiveRuleId = 'unused-disable-directive';

/** The directive a comment holds (`#` or `;` and the text after it), or undefined. */
export function parseDirective(comment: string): { form: SuppressionForm; rules: string[]; reason?: string } | undefined {
  let at = 0;
  while (at < comment.length && (comment[at] === '#' || comment[at] === ';')) at++;
  while (at < comment.length && (comment[at] === ' ' || comment[at] === '\t')) at++;
  if (!comment.startsWith(keyword, at)) return undefined;
  at += keyword.length;
  let form: SuppressionForm = 'file';
  if (comment.startsWith('-next-line', at)) {
    form = 'next-line';
    at += '-next-line'.length;
  } else if (comment.startsWith('-line', at)) {
    form = 'line';
    at += '-line'.length;
  }
  const rest = comment.slice(at);
  if (rest !== '' && rest[0] !== ' ' && rest[0] !== '\t') return undefined;
  const separator = reasonSeparator(rest);
  const listed = separator < 0 ? rest : rest.slice(0, separator);
  const reason =
    separator < 0
      ? undefined
      : rest
          .slice(separator)
          .replace(/^\s*--/, '')
          .trim();
  const rules = listed.split(/[\s,]+/).filter((rule) => rule !== '');
  return { form, rules: rules.length > 0 ? rules : ['*'], ...(reason ? { reason } : {}) };
}

/** Where ` -- ` (blank, two dashes, blank or end) starts, or -1. */
function reasonSeparator(text: string): number {
  for (let at = text.indexOf('--'); at >= 0; at = text.indexOf('--', at + 2)) {
    const before = at === 0 ? ' ' : text[at - 1];
    const after = at + 2 === text.length ? ' ' : text[at + 2];
    if ((before === ' ' || before === '\t') && (after === ' ' || after === '\t')) return at;
  }
  return -1;
}

/** An `ignore` entry of .dockerd-lint.json, its path glob anchored to the configuration's folder (config.ts). */
export interface IgnoreEntry {
  rule: string;
  /** Absolute, `/`-separated glob of the files it names; undefined: every file. */
  path?: string;
  reason: string;
}

/** Whether an ignore entry names the file at `uri`. */
function ignoreNames(entry: IgnoreEntry, uri: string): boolean {
  return entry.path === undefined || picomatch.isMatch(pathOf(uri).replace(/\\/g, '/'), entry.path, globOptions);
}

export interface Suppression {
  kind: 'inSource' | 'external';
  justification?: string;
}

export interface SuppressedFinding {
  finding: Finding;
  suppression: Suppression;
}

export interface Unsilenced {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Directives (and which of their rule ids) that silenced nothing. */
  unused: { directive: SuppressionDirective; rules: string[] }[];
}

/** What suppressions read of a parsed file (not ParsedFile itself: the document model imports this module). */
export interface SuppressibleFile {
  uri: string;
  lines: LineIndex;
  suppressions: Suppressions;
}

/** Splits a file's findings into those reported and those silenced, by comment or ignore entry. */
export function applySuppressions(file: SuppressibleFile, findings: Finding[], ignores: readonly IgnoreEntry[], useDirectives: boolean): Unsilenced {
  const directives = useDirectives ? file.suppressions.directives : [];
  const applicable = ignores.filter((entry) => ignoreNames(entry, file.uri));
  if (directives.length === 0 && applicable.length === 0) return { findings, suppressed: [], unused: [] };
  const used = directives.map(() => new Set<string>());
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const line = file.lines.position(finding.span.start).line;
    let suppression: Suppression | undefined;
    directives.forEach((directive, index) => {
      const listed = directive.rules.includes(finding.ruleId) ? finding.ruleId : directive.rules.includes('*') ? '*' : undefined;
      if (!listed) return;
      if (directive.form !== 'file' && (line < directive.firstLine || line > directive.lastLine)) return;
      used[index].add(listed);
      suppression ??= { kind: 'inSource', ...(directive.reason ? { justification: directive.reason } : {}) };
    });
    if (!suppression) {
      const entry = applicable.find((candidate) => candidate.rule === finding.ruleId || candidate.rule === '*');
      if (entry) suppression = { kind: 'external', justification: entry.reason };
    }
    if (suppression) suppressed.push({ finding, suppression });
    else kept.push(finding);
  }
  const unused = directives.flatMap((directive, index) => {
    const rules = directive.rules.filter((rule) => !used[index].has(rule));
    return rules.length > 0 ? [{ directive, rules }] : [];
  });
  return { findings: kept, suppressed, unused };
}
