// The engine's entry point: text in, findings out. The language server and the CLI are
// thin adapters over `lintFiles`.

import { type LintOptions, levelOf } from './config';
import { daemonJsonSettings, readDaemonJson } from './daemon-json/reader';
import { type ProjectEnvironment, parseDotenv } from './compose/dotenv';
import { type InheritanceLimit, type ParsedContainers, parseComposeWithin } from './compose/parse';
import type { YamlReadMemory } from './compose/yaml-reader';
import { surfaceReader } from './container-surfaces';
import { type ReadCompanion, composeFileList, folderOf } from './compose/project';
import { type ProjectFiles, composeProjectFiles } from './compose/project-files';
import { detectKind, isWindowsDaemonConfig, skippedBecause } from './detect';
import { parseSystemd } from './systemd/parse';
import type { AnalysedFile, ContainerFile, LimitedFile, ParsedFile } from './document';
import { type Connectivity, buildConnectivity } from './connectivity';
import { fixProblem } from './fix-shape';
import { allRules, rulesById } from './rules';
import { closestKey } from './daemon-json/suggest';
import { type SuppressedFinding, type SuppressionDirective, applySuppressions, noSuppressions, unusedDirectiveRuleId } from './suppressions';
import type { ReportInput, Rule, RuleContext } from './rules/types';
import type { DockerdSettings } from './settings';
import { jsonNesting, yamlBlockNesting } from './nesting';
import { LineIndex } from './text';
import { type FileKind, type Finding, type LintEnvironment, type Severity, isContainerKind } from './types';
import { type Machine, type MachineView, type UnitCompanion, machineView, machinesByUri, unitCompanions } from './workspace';

export interface SourceFile {
  uri: string;
  text: string;
  /** Forces the kind (settings, `--kind`); otherwise it is detected from name and content. */
  kind?: FileKind;
  /** Offset of the first byte that was not valid UTF-8, when the caller decoded bytes. */
  invalidUtf8Offset?: number;
  /** For a Compose file read in its project: the project's .env (compose/project-files.ts). */
  env?: ProjectEnvironment;
  /** Kept by the caller across edits of this document, so a large YAML read reuses the parts before an edit. */
  readMemory?: YamlReadMemory;
  /** The file's size in characters when `text` is only its head (a file past maxAnalysedLength, not read whole). */
  size?: number;
}

export interface FileResult {
  uri: string;
  kind: FileKind;
  findings: Finding[];
  /** Findings silenced by a comment or an ignore entry, with the reason given (SARIF shows them as suppressed). */
  suppressed: SuppressedFinding[];
  /** Why the file was not analysed (too large, too deep), whatever analysis-limit's level. */
  notAnalysed?: string;
}

/** Files larger than this are not analysed; `analysis-limit` says so. */
export const maxAnalysedLength = 5 * 1024 * 1024;

/** Files nesting deeper than this are not analysed: the parsers recurse once per level. */
export const maxNestingDepth = 256;

/** What else a file is read with: the unit that makes it part of itself. */
export interface ParseContext {
  /** A systemd unit among the files makes this file part of it (unitCompanions). */
  companion?: UnitCompanion;
  /** How a CI file reads the files it includes (the run's bounded reader). */
  read?: ReadCompanion;
}

export function parseFile(source: SourceFile, { companion, read }: ParseContext = {}): ParsedFile | undefined {
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
  const tooDeep = isContainerKind(kind) ? yamlBlockNesting(source.text, maxNestingDepth) : kind === 'daemon-json' ? deepJson : undefined;
  if (tooDeep !== undefined) return tooDeepAt(tooDeep);
  const containersRead = (read: ParsedContainers | { tooDeep: number } | InheritanceLimit): ParsedFile => {
    if ('tooDeep' in read) return tooDeepAt(read.tooDeep);
    return 'limit' in read ? { ...base, kind, limit: read.limit } : ({ ...base, kind, ...read } as ContainerFile);
  };
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
    case 'compose':
      return containersRead(parseComposeWithin(source.uri, source.text, maxNestingDepth, { env: source.env, memory: source.readMemory }));
    default:
      return containersRead(surfaceReader(kind).read(source.uri, source.text, maxNestingDepth, { readCompanion: read, memory: source.readMemory }));
  }
}

/** Why parseFile reads no kind in this source, for a user who named it explicitly. */
export function whySkipped(source: SourceFile): string {
  const analysed = source.text.slice(0, maxAnalysedLength);
  // As in parseFile: content is parsed to tell the kind only when it nests within the limit.
  if (jsonNesting(analysed, maxNestingDepth) !== undefined) return `it nests more than ${maxNestingDepth} levels deep, so its content is not read to tell its kind`;
  return skippedBecause(source.uri, analysed);
}

function runConnectivity(files: readonly ParsedFile[], view: MachineView, options: LintOptions, projects: readonly string[][]): Connectivity {
  const platformOf = (uri: string) => (!options.platformChosen && isWindowsDaemonConfig(uri) ? 'windows' : options.env.platform);
  return buildConnectivity({ files, dockerds: view.dockerds, machines: view.machines, platformOf, projects, readCertificateNames: options.readCertificateNames });
}

/** The connectivity model of a set of files, the same one a lint run of them gives its rules. */
export function connectivityOfFiles(sources: readonly SourceFile[], options: LintOptions): { connectivity: Connectivity; files: ReadonlyMap<string, ParsedFile> } {
  const { files, members } = readProjects(sources, options);
  const analysable = [...files.values()].filter((file) => !file.limit);
  return { connectivity: runConnectivity(analysable, machineView(analysable, options), options, members), files };
}

export interface LintHooks {
  /** Called once per rule that threw; the other rules still report. */
  onRuleError?(ruleId: string, error: unknown): void;
}

export function lintFiles(sources: readonly SourceFile[], options: LintOptions, hooks: LintHooks = {}): FileResult[] {
  return lintProjects(readProjects(sources, options), options, hooks);
}

/**
 * The files of one run as their Compose projects see them (compose/project-files.ts). A project
 * reads its .env, override, included and env files through options.readCompanion (the CLI's and
 * the server's bounded reader, whose bounds a source must not bypass), else from the sources.
 */
function readProjects(sources: readonly SourceFile[], options: LintOptions): ProjectFiles {
  // Without a reader (the rule tester, an embedder), a project reads only the sources themselves.
  const texts = new Map(sources.map((source) => [source.uri, source.text]));
  const read: ReadCompanion = options.readCompanion ?? ((uri) => texts.get(uri));
  const { parsed, namedBy } = parseSources(sources, read);
  return composeProjectFiles(parsed, read, (source) => parseFile(source), namedBy);
}

/** Parses the files of one run, with the files a unit among them makes part of itself. */
function parseSources(sources: readonly SourceFile[], read: ReadCompanion): { parsed: Map<string, ParsedFile>; namedBy: string[] } {
  const parsed = new Map<string, ParsedFile>();
  const unknown: SourceFile[] = [];
  const { named, folders } = composeFilesNamed(sources, read);
  for (const source of sources) {
    const file = named.has(source.uri) && !source.kind ? parseFile({ ...source, kind: 'compose' }) : parseFile(source, { read });
    if (file) parsed.set(file.uri, file);
    else unknown.push(source);
  }
  // A file known by no name or content may be part of a unit: what it reads with EnvironmentFile=, its drop-ins.
  const companions =
    unknown.length > 0
      ? unitCompanions(
          parsed.values(),
          unknown.map((source) => source.uri),
        )
      : new Map<string, UnitCompanion>();
  for (const source of unknown) {
    const companion = companions.get(source.uri);
    const file = companion ? parseFile(source, { companion }) : undefined;
    if (file) parsed.set(file.uri, file);
  }
  return { parsed, namedBy: folders };
}

/**
 * The sources `COMPOSE_FILE` names in the .env of a folder of the run: Compose files whatever
 * their names. `folders` are the project folders whose .env names them, for the project model.
 */
function composeFilesNamed(sources: readonly SourceFile[], read: ReadCompanion): { named: Set<string>; folders: string[] } {
  const named = new Set<string>();
  const folders: string[] = [];
  for (const folder of new Set(sources.map((source) => folderOf(source.uri)))) {
    const text = read(`${folder}.env`);
    const files = text === undefined ? undefined : composeFileList(folder, parseDotenv(`${folder}.env`, text));
    if (!files) continue;
    folders.push(folder);
    for (const uri of files) named.add(uri);
  }
  return { named, folders };
}

export function lintText(source: SourceFile, options: LintOptions, hooks: LintHooks = {}): FileResult | undefined {
  return lintFiles([source], options, hooks)[0];
}

/** Compose files of one project are judged as merged: each file holds the services it defines first. */
function lintProjects(projects: ProjectFiles, options: LintOptions, hooks: LintHooks): FileResult[] {
  const parsed = projects.files;
  const findings = new Map<string, Finding[]>([...parsed.keys()].map((uri) => [uri, []]));
  const failedRules = new Set<string>();
  const analysable = [...parsed.values()].filter((file): file is AnalysedFile => !file.limit);
  const view = machineView(analysable, options);
  const { machines, dockerds } = view;
  // Looked up by every rule: built once per run, and a rule with nothing to judge is skipped
  // before any work (the per-run cost then grows with the rules that apply, not all of them).
  const lookups: RuleLookups = {
    machineOf: machinesByUri(machines),
    machineWith: new Map(machines.map((machine) => [machine.settings, machine])),
  };
  const kindsPresent = new Set(analysable.map((file) => file.kind));
  const limited = analysable.length < parsed.size;
  // Unless the user chose one, the platform is the one the file's place says.
  const windowsEnv = { ...options.env, platform: 'windows' as const };
  const onWindows = new Set(options.platformChosen ? [] : [...parsed.keys()].filter(isWindowsDaemonConfig));
  const envOf = (uri: string) => (onWindows.has(uri) ? windowsEnv : options.env);
  let connectivity: Connectivity | undefined;
  // Built on first use: a run with no rule that reads it does not pay for it.
  const connectivityOf = () => (connectivity ??= runConnectivity(analysable, view, options, projects.members));

  for (const rule of allRules) {
    if (rule.scope === 'file' ? !rule.meta.kinds.some((kind) => kindsPresent.has(kind)) : rule.scope === 'limit' ? !limited : dockerds.length === 0) continue;
    const level = levelOf(rule.meta, options);
    if (level === 'off') continue;
    const fail = (error: unknown) => {
      if (!failedRules.has(rule.meta.id)) hooks.onRuleError?.(rule.meta.id, error);
      failedRules.add(rule.meta.id);
    };
    const run = (defaultUri: string, machine: Machine | undefined, check: (context: RuleContext) => void) => {
      const context = new RunContext(envOf(defaultUri), parsed, machine, connectivityOf, (input) => {
        const uri = input.uri ?? defaultUri;
        // A project's value set in another file: its rule computed fixes against this file's text.
        const elsewhere = uri !== defaultUri && projects.views.has(defaultUri) && rule.scope === 'file';
        const chosen = options.rules[rule.meta.id];
        const severity = chosen && chosen !== 'off' ? chosen : (input.severity ?? rule.meta.severity);
        findings.get(uri)?.push({
          ruleId: rule.meta.id,
          severity,
          message: input.message,
          uri,
          span: input.span,
          related: input.related ?? [],
          fixes: (elsewhere ? [] : (input.fixes ?? [])).filter((fix) => {
            const problem = fixProblem(fix, parsed);
            if (problem) fail(new Error(problem));
            return !problem;
          }),
          stopsDockerd: input.stopsDockerd ?? rule.meta.stopsDockerd ?? false,
        });
      });
      try {
        check(context);
      } catch (error) {
        fail(error);
      }
    };
    runRule(rule, analysable, dockerds, lookups, parsed, run);
  }

  return [...parsed.values()].map((file) => {
    // Not localeCompare: rule ids are ASCII, and the first ICU collation costs 8 ms and 4 MB.
    const byPlace = (a: Finding, b: Finding) => a.span.start - b.span.start || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
    const split = applySuppressions(file, dedupe(findings.get(file.uri) ?? []), options.ignoreSuppressions ? [] : (options.ignore ?? []), !options.ignoreSuppressions);
    const unused = options.reportUnusedDirectives ? split.unused.map((unused) => unusedDirectiveFinding(file.uri, unused.directive, unused.rules, options.reportUnusedDirectives!)) : [];
    return { uri: file.uri, kind: file.kind, findings: [...split.findings, ...unused].sort(byPlace), suppressed: split.suppressed, ...(file.limit ? { notAnalysed: file.limit.message } : {}) };
  });
}

/**
 * What a rule sees of the run. A class, not an object literal with a `connectivity` getter:
 * V8 allocated each literal's accessor pair in the old generation, where it held the run it
 * closes over (every parsed file) through every scavenge until the next full collection, so
 * each lint's files were promoted and a drop-in's lint spent more time in GC than in rules.
 */
class RunContext implements RuleContext {
  constructor(
    readonly env: LintEnvironment,
    readonly files: ReadonlyMap<string, ParsedFile>,
    readonly machine: Machine | undefined,
    private readonly connectivityOf: () => Connectivity,
    readonly report: (finding: ReportInput) => void,
  ) {}

  get connectivity(): Connectivity {
    return this.connectivityOf();
  }
}

/** The machine of a file, and of a dockerd's settings, as every rule of a run looks them up. */
interface RuleLookups {
  machineOf: (uri: string) => Machine | undefined;
  machineWith: ReadonlyMap<DockerdSettings, Machine>;
}

function runRule(
  rule: Rule,
  files: AnalysedFile[],
  dockerds: readonly DockerdSettings[],
  { machineOf, machineWith }: RuleLookups,
  all: ReadonlyMap<string, ParsedFile>,
  run: (uri: string, machine: Machine | undefined, check: (context: RuleContext) => void) => void,
): void {
  switch (rule.scope) {
    case 'file':
      for (const file of files) if (rule.meta.kinds.includes(file.kind)) run(file.uri, machineOf(file.uri), (context) => rule.check(file, context));
      return;
    case 'limit':
      for (const file of all.values()) if (file.limit) run(file.uri, undefined, (context) => rule.check(file, context));
      return;
    case 'dockerd':
      for (const settings of dockerds) run(settings.sources[0].uri, machineWith.get(settings), (context) => rule.check(settings, context));
      return;
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

/** `--report-unused-disable-directives`: a comment that silences nothing hides the next real finding. */
function unusedDirectiveFinding(uri: string, directive: SuppressionDirective, rules: readonly string[], severity: Severity): Finding {
  const named = rules.filter((rule) => rule !== '*');
  const unknown = named.filter((rule) => !rulesById.has(rule));
  const hints = unknown.map((rule) => {
    const near = closestKey(rule, [...rulesById.keys()]);
    return ` There is no rule "${rule}"${near ? ` (did you mean "${near}"?)` : ''}.`;
  });
  const what = named.length === 0 ? 'no finding here' : `no finding of ${named.map((rule) => `"${rule}"`).join(', ')} here`;
  return {
    ruleId: unusedDirectiveRuleId,
    severity,
    message: `Unused dockerd-lint-disable directive: ${what} to silence.${hints.join('')} Remove it, so that it cannot hide a future finding.`,
    uri,
    span: directive.span,
    related: [],
    fixes: [],
  };
}
