// The engine's entry point: text in, findings out. The language server and the CLI are
// thin adapters over `lintFiles`.

import { type LintOptions, levelOf } from './config';
import { daemonJsonSettings, readDaemonJson } from './daemon-json/reader';
import { parseComposeWithin } from './compose/parse';
import { detectKind, isWindowsDaemonConfig } from './detect';
import { parseSystemd } from './systemd/parse';
import type { AnalysedFile, LimitedFile, ParsedFile } from './document';
import { fixProblem } from './fix-check';
import { allRules } from './rules';
import type { Rule, RuleContext } from './rules/types';
import type { DockerdSettings } from './settings';
import { jsonNesting, yamlBlockNesting } from './nesting';
import { noSuppressions } from './suppressions';
import { LineIndex } from './text';
import type { FileKind, Finding } from './types';
import { type Machine, type UnitCompanion, machineView, machinesByUri, unitCompanions } from './workspace';

export interface SourceFile {
  uri: string;
  text: string;
  /** Forces the kind (settings, `--kind`); otherwise it is detected from name and content. */
  kind?: FileKind;
  /** Offset of the first byte that was not valid UTF-8, when the caller decoded bytes. */
  invalidUtf8Offset?: number;
  /** The file's size in characters when `text` is only its head (a file past maxAnalysedLength, not read whole). */
  size?: number;
}

export interface FileResult {
  uri: string;
  kind: FileKind;
  findings: Finding[];
  /** Why the file was not analysed (too large, too deep), whatever analysis-limit's level. */
  notAnalysed?: string;
}

/** Files larger than this are not analysed; `analysis-limit` says so. */
export const maxAnalysedLength = 5 * 1024 * 1024;

/** Files nesting deeper than this are not analysed: the parsers recurse once per level. */
export const maxNestingDepth = 256;

/** `companion`: a systemd unit among the files makes this file part of it (unitCompanions). */
export function parseFile(source: SourceFile, companion?: UnitCompanion): ParsedFile | undefined {
  const analysed = source.text.slice(0, maxAnalysedLength);
  // Content detection parses JSON, so a text nesting too deep is detected by its name only.
  const deepJson = jsonNesting(analysed, maxNestingDepth);
  const kind = source.kind ?? (companion ? 'systemd' : detectKind(source.uri, deepJson === undefined ? analysed : ''));
  if (!kind) return undefined;
  const base = {
    uri: source.uri,
    text: source.text,
    lines: new LineIndex(source.text),
    dockerd: [],
    suppressions: noSuppressions(),
    invalidUtf8Offset: source.invalidUtf8Offset,
  };
  const size = Math.max(source.size ?? 0, source.text.length);
  if (size > maxAnalysedLength) {
    const sizeMb = (size / (1024 * 1024)).toFixed(1);
    return { ...base, kind, limit: { message: `This file is ${sizeMb} MB: dockerd-lint analyses files up to ${maxAnalysedLength / (1024 * 1024)} MB.`, span: { start: 0, end: 0 } } };
  }
  const tooDeepAt = (offset: number): LimitedFile => ({
    ...base,
    kind,
    limit: {
      message: `This file nests more than ${maxNestingDepth} levels deep: dockerd-lint analyses files up to ${maxNestingDepth} levels.`,
      span: { start: offset, end: Math.min(offset + 1, source.text.length) },
    },
  });
  // The Compose reader counts flow nesting itself, as it lexes the text for parsing.
  const tooDeep = kind === 'compose' ? yamlBlockNesting(source.text, maxNestingDepth) : kind === 'daemon-json' ? deepJson : undefined;
  if (tooDeep !== undefined) return tooDeepAt(tooDeep);
  switch (kind) {
    case 'daemon-json': {
      const daemonJson = readDaemonJson(source.text);
      return { ...base, kind, daemonJson, dockerd: [daemonJsonSettings(source.uri, daemonJson)] };
    }
    case 'systemd': {
      // Past the expansion budget (systemd/exec.ts), the file is not analysed.
      const { limit, ...systemd } = parseSystemd(source.uri, source.text, companion === 'env-file');
      return limit ? { ...base, kind, limit } : { ...base, kind, ...systemd };
    }
    case 'compose': {
      const compose = parseComposeWithin(source.uri, source.text, maxNestingDepth);
      if ('tooDeep' in compose) return tooDeepAt(compose.tooDeep);
      return 'limit' in compose ? { ...base, kind, limit: compose.limit } : { ...base, kind, ...compose };
    }
  }
}

export interface LintHooks {
  /** Called once per rule that threw; the other rules still report. */
  onRuleError?(ruleId: string, error: unknown): void;
}

export function lintFiles(sources: readonly SourceFile[], options: LintOptions, hooks: LintHooks = {}): FileResult[] {
  const parsed = new Map<string, ParsedFile>();
  const unknown: SourceFile[] = [];
  for (const source of sources) {
    const file = parseFile(source);
    if (file) parsed.set(file.uri, file);
    else unknown.push(source);
  }
  // A file known by no name or content may be part of a unit: what it reads with EnvironmentFile=, its drop-ins.
  const companions = unknown.length > 0 ? unitCompanions(parsed.values(), unknown.map((source) => source.uri)) : new Map<string, UnitCompanion>();
  for (const source of unknown) {
    const companion = companions.get(source.uri);
    const file = companion ? parseFile(source, companion) : undefined;
    if (file) parsed.set(file.uri, file);
  }
  return lintParsed(parsed, options, hooks);
}

export function lintText(source: SourceFile, options: LintOptions, hooks: LintHooks = {}): FileResult | undefined {
  return lintFiles([source], options, hooks)[0];
}

export function lintParsed(parsed: ReadonlyMap<string, ParsedFile>, options: LintOptions, hooks: LintHooks = {}): FileResult[] {
  const findings = new Map<string, Finding[]>([...parsed.keys()].map((uri) => [uri, []]));
  const failedRules = new Set<string>();
  const analysable = [...parsed.values()].filter((file): file is AnalysedFile => !file.limit);
  const { machines, dockerds } = machineView(analysable, options);
  // Unless the user chose one, the platform is the one the file's place says.
  const windowsEnv = { ...options.env, platform: 'windows' as const };
  const onWindows = new Set(options.platformChosen ? [] : [...parsed.keys()].filter(isWindowsDaemonConfig));
  const envOf = (uri: string) => (onWindows.has(uri) ? windowsEnv : options.env);

  for (const rule of allRules) {
    const level = levelOf(rule.meta, options);
    if (level === 'off') continue;
    const fail = (error: unknown) => {
      if (!failedRules.has(rule.meta.id)) hooks.onRuleError?.(rule.meta.id, error);
      failedRules.add(rule.meta.id);
    };
    const run = (defaultUri: string, machine: Machine | undefined, check: (context: RuleContext) => void) => {
      const context: RuleContext = {
        env: envOf(defaultUri),
        files: parsed,
        machine,
        report(input) {
          const uri = input.uri ?? defaultUri;
          const chosen = options.rules[rule.meta.id];
          const severity = chosen && chosen !== 'off' ? chosen : (input.severity ?? rule.meta.severity);
          findings.get(uri)?.push({
            ruleId: rule.meta.id,
            severity,
            message: input.message,
            uri,
            span: input.span,
            related: input.related ?? [],
            fixes: (input.fixes ?? []).filter((fix) => {
              const problem = fixProblem(fix, parsed);
              if (problem) fail(new Error(problem));
              return !problem;
            }),
            stopsDockerd: input.stopsDockerd ?? rule.meta.stopsDockerd ?? false,
          });
        },
      };
      try {
        check(context);
      } catch (error) {
        fail(error);
      }
    };
    runRule(rule, analysable, { machines, dockerds }, parsed, run);
  }

  return [...parsed.values()].map((file) => ({
    uri: file.uri,
    kind: file.kind,
    findings: (options.ignoreSuppressions ? identity : unsuppressed)(file, dedupe(findings.get(file.uri) ?? [])).sort(
      // Not localeCompare: rule ids are ASCII, and the first ICU collation costs 8 ms and 4 MB.
      (a, b) => a.span.start - b.span.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    ),
    ...(file.limit ? { notAnalysed: file.limit.message } : {}),
  }));
}

function runRule(
  rule: Rule,
  files: AnalysedFile[],
  view: { machines: Machine[]; dockerds: DockerdSettings[] },
  all: ReadonlyMap<string, ParsedFile>,
  run: (uri: string, machine: Machine | undefined, check: (context: RuleContext) => void) => void,
): void {
  switch (rule.scope) {
    case 'file': {
      const machineOf = machinesByUri(view.machines);
      for (const file of files) if (rule.meta.kinds.includes(file.kind)) run(file.uri, machineOf(file.uri), (context) => rule.check(file, context));
      return;
    }
    case 'limit':
      for (const file of all.values()) if (file.limit) run(file.uri, undefined, (context) => rule.check(file, context));
      return;
    case 'dockerd': {
      const machineWith = new Map(view.machines.map((machine) => [machine.settings, machine]));
      for (const settings of view.dockerds) run(settings.sources[0].uri, machineWith.get(settings), (context) => rule.check(settings, context));
      return;
    }
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.ruleId}:${finding.span.start}:${finding.span.end}:${finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function identity(_file: ParsedFile, findings: Finding[]): Finding[] {
  return findings;
}

function unsuppressed(file: ParsedFile, findings: Finding[]): Finding[] {
  const { byLine, wholeFile } = file.suppressions;
  if (byLine.size === 0 && wholeFile.size === 0) return findings;
  return findings.filter((finding) => {
    if (wholeFile.has(finding.ruleId) || wholeFile.has('*')) return false;
    const silenced = byLine.get(file.lines.position(finding.span.start).line);
    return !(silenced && (silenced.has(finding.ruleId) || silenced.has('*')));
  });
}
