// The dockerd-lint command line: the same engine as the language server, for CI.

import { relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { version } from '../../package.json';
import { closestKey } from './engine/daemon-json/suggest';
import { parseArgs } from 'node:util';
import { resolveConfig } from './engine/config';
import { withVerifiedFixes } from './engine/fix-check';
import { type FileResult, type SourceFile, lintFiles, whySkipped } from './engine/lint';
import { checkProjectConfig, kindByGlobs } from './engine/project-config';
import { fileKinds } from './engine/types';
import type { FileKind } from './engine/types';
import { runCertsCommand } from './cli/certs-command';
import { ExplainUsageError, explainUsage, runExplainCommand } from './cli/explain-command';
import { type LoadedConfig, findConfig, loadConfig } from './cli/config';
import { companionReader } from './companion-reader';
import { collectPaths, defaultCollectOptions, readSource, reasonOf } from './cli/files';
import { fixFiles } from './cli/fix';
import { writeScope } from './cli/safe-write';
import { formatText, toJsonResults, visible } from './cli/format';
import { toGitlabCodeQuality } from './cli/gitlab';
import { toSarif } from './cli/sarif';

const usage = `Usage: dockerd-lint [options] PATH...
       dockerd-lint certs ...
       dockerd-lint explain [--format text|json] PATH...

Lints daemon.json, systemd units/drop-ins, /etc/default/docker and Compose files.
Directories are walked; files of no known kind are skipped unless --kind is given.

Options:
  --format text|json|sarif|gitlab
                             output format (default: text); gitlab: GitLab Code
                             Quality JSON
  --kind KIND                treat every file as one kind: ${fileKinds.join(', ')}
  --preset recommended|strict
  --platform linux|windows|auto
                             the host's platform; auto (default): Windows for a
                             daemon.json under ProgramData/docker/config, else Linux
  --engine-version V         Docker Engine version of the host, e.g. 27.0 (v27.0, 28)
  --config FILE              rule options file; default: the nearest .dockerd-lint.json
                             in the PATH's folder or above it, up to the repository
                             root (the nearest folder with .git) (one per PATH)
  --no-error-on-unmatched-pattern
                             a PATH with no file of a known kind is not an error
  --fix                      write the preferred fixes back (atomically; never a file
                             the fix would leave unparseable). Writes stay under the
                             real path of a PATH; a file that changed meanwhile, is a
                             hard link, read-only, not UTF-8 or has extended attributes
                             is left alone with a reason (docs/robustness.md)
  --docs-base-url URL        link rule documentation there instead of the bundled pages
  --report-unused-disable-directives
                             report dockerd-lint-disable comments that silence nothing,
                             as errors
  --version                  print the version
  -h, --help                 print this help

Exit status:
  0  no error-level finding
  1  at least one error-level finding
  2  usage, configuration or I/O error, or a PATH with no file of a known kind
  3  at least one file could not be fully analysed (too large or nested too deep:
     analysis-limit), whatever that rule's level; nothing can be said of it`;

/** Exit status when a file could not be fully analysed (documented in the usage and docs/robustness.md). */
const exitNotAnalysed = 3;

/** What a usage error prints after its one line. */
const usageHint = "Run 'dockerd-lint --help' for usage.";

class UsageError extends Error {}

const optionSpecs = {
  format: { type: 'string', default: 'text' },
  kind: { type: 'string' },
  preset: { type: 'string' },
  platform: { type: 'string' },
  'engine-version': { type: 'string' },
  config: { type: 'string' },
  fix: { type: 'boolean', default: false },
  'docs-base-url': { type: 'string' },
  'report-unused-disable-directives': { type: 'boolean', default: false },
  'no-error-on-unmatched-pattern': { type: 'boolean', default: false },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** parseArgs' own message, shortened to one line, with the option the user likely meant. */
function parseArgsMessage(error: Error & { code?: string }): string {
  const unknown = /Unknown option '(-{1,2}[^']*)'/.exec(error.message);
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || !unknown) return error.message.split('\n')[0];
  const known = Object.keys(optionSpecs).map((name) => `--${name}`);
  const near = closestKey(unknown[1], known);
  return `unknown option ${unknown[1]}${near ? ` (did you mean ${near}?)` : ''}`;
}

function option<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`unknown ${name} "${value}" (expected ${allowed.join(', ')})`);
  return value as T;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'certs') return runCertsCommand(argv.slice(1));
  if (argv[0] === 'explain') return runExplainCommand(argv.slice(1), (text) => process.stdout.write(text));
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: optionSpecs });
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('no path given');
  const format = option('format', values.format, ['text', 'json', 'sarif', 'gitlab'] as const);
  const forcedKind = option('kind', values.kind, fileKinds);
  const flags = checkProjectConfig({ preset: values.preset, platform: values.platform, engineVersion: values['engine-version'] });
  if (flags.problems.length > 0)
    throw new UsageError(flags.problems.join('; ').replace('"engineVersion" must look like "27.0"', `--engine-version "${values['engine-version']}" must look like 27.0, v27.0 or 28`));

  const explicitConfig = values.config === undefined ? undefined : loadConfig(values.config);
  const groups = groupByConfig(positionals, explicitConfig);
  const cwd = process.cwd();
  const results: FileResult[] = [];
  const texts = new Map<string, string>();
  for (const { config, paths } of groups) {
    // One resolved configuration for this group's lint and its fixes (host groups included).
    const { options: resolved } = resolveConfig({
      layers: [{ options: config.options, baseDir: config.baseDir }, { options: flags.value }],
      trusted: true,
      reportUnusedDirectives: values['report-unused-disable-directives'] ? 'error' : undefined,
    });
    // Compose projects read their .env, override, included and env files from inside these paths.
    const options = { ...resolved, readCompanion: companionReader(paths) };
    let sources = readSources(paths, config, forcedKind);
    if (values.fix) {
      const outcome = fixFiles(sources, options, writeScope(paths));
      for (const path of outcome.written) warn(`fixed ${path}`);
      for (const { path, reason } of outcome.refused) warn(`not fixed: ${path}: ${reason}`);
      sources = readSources(paths, config, forcedKind);
      const newlyCreated = outcome.written.filter((path) => !sources.some((source) => fileURLToPath(source.uri) === path));
      sources.push(...newlyCreated.map((path) => ({ ...readSource(path), kind: forcedKind })));
    }
    const linted = lintFiles(sources, options, {
      onRuleError: (ruleId, error) => warn(`rule ${ruleId} failed: ${(error as Error).message}`),
    });
    // "(fixable)" only where --fix would apply a fix that keeps its promise.
    results.push(...withVerifiedFixes({ sources, options, results: linted }));
    reportSkippedFiles(paths, sources, linted);
    for (const source of sources) texts.set(source.uri, source.text);
  }

  const unmatched = values['no-error-on-unmatched-pattern'] ? [] : positionals.filter((path) => !results.some((result) => isUnder(result.uri, path)));
  if (unmatched.length > 0) {
    for (const path of unmatched) {
      warn(`no file of a kind dockerd-lint reads found in "${path}" (give its kind with --kind, or pass --no-error-on-unmatched-pattern)`);
    }
    return 2;
  }

  // Failing closed: a file that was not analysed is not a pass, even with analysis-limit off.
  const notAnalysed = results.filter((result) => result.notAnalysed !== undefined);
  for (const result of notAnalysed) warn(`${fileURLToPath(result.uri)} was not analysed: ${result.notAnalysed}`);
  const json = toJsonResults(results, texts);
  if (format === 'json') process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else if (format === 'gitlab') process.stdout.write(JSON.stringify(toGitlabCodeQuality(results, texts, cwd), null, 2) + '\n');
  else if (format === 'sarif') process.stdout.write(JSON.stringify(toSarif(results, texts, cwd, values['docs-base-url']), null, 2) + '\n');
  else process.stdout.write(formatText(json, cwd));
  if (notAnalysed.length > 0) return exitNotAnalysed;
  return json.some((file) => file.messages.some((m) => m.severity === 'error')) ? 1 : 0;
}

/** A file the user named (not one found in a folder) is never skipped silently: stderr says why and how to force it. */
function reportSkippedFiles(paths: readonly string[], sources: readonly SourceFile[], linted: readonly FileResult[]): void {
  const lintedUris = new Set(linted.map((result) => result.uri));
  for (const path of paths) {
    // A folder is no source: only a file named itself is looked for.
    const source = sources.find((candidate) => candidate.uri === pathToFileURL(resolve(path)).href);
    if (!source || lintedUris.has(source.uri)) continue;
    warn(`skipped ${path}: ${whySkipped(source)}. To lint it anyway, give its kind: --kind ${fileKinds.join('|')}.`);
  }
}

/** Paths that share a configuration are linted together, so their files can merge into one host. */
function groupByConfig(paths: readonly string[], explicit: LoadedConfig | undefined): { config: LoadedConfig; paths: string[] }[] {
  const groups = new Map<string, { config: LoadedConfig; paths: string[] }>();
  for (const path of paths) {
    const config = explicit ?? findConfig(path);
    const key = config.path ?? `(none)`;
    const group = groups.get(key) ?? { config, paths: [] };
    group.paths.push(path);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function readSources(paths: readonly string[], config: LoadedConfig, forcedKind: FileKind | undefined): SourceFile[] {
  const kindOf = (path: string) => forcedKind ?? (config.options.kinds ? kindByGlobs(relativeTo(config.baseDir, path), config.options.kinds) : undefined);
  const wanted = (path: string) => forcedKind !== undefined || kindOf(path) !== undefined || defaultCollectOptions.wanted(path);
  const files = collectPaths(paths, { ...defaultCollectOptions, wanted });
  const sources = files.flatMap((path) => {
    let source: SourceFile;
    try {
      source = readSource(path);
    } catch (error) {
      // A file named on the command line is an I/O error (exit 2); one found by the walk is skipped with a warning.
      if (paths.includes(path)) throw error;
      defaultCollectOptions.warn(path, reasonOf(error));
      return [];
    }
    const kind = kindOf(path);
    return kind ? [{ ...source, kind }] : [source];
  });
  return sources;
}

function relativeTo(baseDir: string, path: string): string {
  return relative(baseDir, resolve(path)).split(sep).join('/');
}

function isUnder(uri: string, path: string): boolean {
  const file = fileURLToPath(uri);
  const root = resolve(path);
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** I/O errors name the path and the system's reason (ENOENT, EACCES, ELOOP) without a stack. */
function describeError(error: unknown): string {
  const { code, path, syscall } = error as { code?: string; path?: string; syscall?: string };
  if (path && code && syscall) return `cannot read ${path}: ${code} (${syscall})`;
  return (error as Error)?.message ?? String(error);
}

/** A line on standard error; paths and reasons come from the repository, so they are made visible. */
function warn(text: string): void {
  process.stderr.write(`dockerd-lint: ${visible(text)}\n`);
}

// `dockerd-lint . | head -1`: a reader that stops reading is not an error of ours. Writes to it
// are dropped, and the exit status still says what was found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const parseError = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const usageError = error instanceof UsageError || parseError;
    warn(parseError ? parseArgsMessage(error as Error) : describeError(error));
    if (error instanceof ExplainUsageError) process.stderr.write(`${explainUsage}\n`);
    else if (usageError) process.stderr.write(`${usageHint}\n`);
    process.exitCode = 2;
  },
);
