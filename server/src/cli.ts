// The dockerd-lint command line: the same engine as the language server, for CI.

import { parseArgs } from 'node:util';
import { defaultLintOptions } from './engine/config';
import { type SourceFile, lintFiles } from './engine/lint';
import type { FileKind } from './engine/types';
import { collectPaths, readSource } from './cli/files';
import { formatText, toJsonResults } from './cli/format';

const usage = `Usage: dockerd-lint [--format text|json] [--kind daemon-json|systemd|compose] [--preset recommended|strict] PATH...`;
const kinds: FileKind[] = ['daemon-json', 'systemd', 'compose'];

function fail(message: string): never {
  process.stderr.write(`dockerd-lint: ${message}\n${usage}\n`);
  process.exit(2);
}

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        kind: { type: 'string' },
        preset: { type: 'string', default: 'recommended' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage + '\n');
    return 0;
  }
  if (positionals.length === 0) fail('no path given');
  if (!['text', 'json'].includes(values.format ?? '')) fail(`unknown format "${values.format}"`);
  if (values.kind && !kinds.includes(values.kind as FileKind)) fail(`unknown kind "${values.kind}"`);
  if (values.preset !== 'recommended' && values.preset !== 'strict') fail(`unknown preset "${values.preset}"`);

  const sources: SourceFile[] = [];
  try {
    for (const path of collectPaths(positionals)) sources.push({ ...readSource(path), kind: values.kind as FileKind | undefined });
  } catch (error) {
    fail((error as Error).message);
  }
  const options = { ...defaultLintOptions(), preset: values.preset as 'recommended' | 'strict' };
  const results = lintFiles(sources, options, {
    onRuleError: (ruleId, error) => process.stderr.write(`dockerd-lint: rule ${ruleId} failed: ${(error as Error).message}\n`),
  });
  const texts = new Map(sources.map((source) => [source.uri, source.text]));
  const json = toJsonResults(results, texts);
  process.stdout.write(values.format === 'json' ? JSON.stringify(json, null, 2) + '\n' : formatText(json, process.cwd()));
  return json.some((file) => file.messages.some((m) => m.severity === 'error')) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
