// The precision corpus: realistic daemon.json files, systemd drop-ins and Compose files
// (test/corpus/<group>/<case>/), each declaring the findings it must produce. The CLI lints
// every case folder as a user would (`dockerd-lint --format json CASE...`: files of one folder
// form one host, a case's .dockerd-lint.json applies), and each file must get exactly the
// declared (rule id, line) pairs: a new false alarm and a lost finding both fail.
//
// Declarations: the first line of a YAML or systemd file is `# expect: none` or
// `# expect: rule-id@line rule-id@line ...`; daemon.json cannot hold comments, so it has a
// sidecar `daemon.json.expect.json` holding `{ "expect": ["rule-id@line", ...] }`.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { rulesById } from '../server/src/engine/rules';

const repoRoot = join(__dirname, '..');
const corpusRoot = join(__dirname, 'corpus');
const sidecarSuffix = '.expect.json';
const notLinted = (name: string) => name.endsWith(sidecarSuffix) || name === '.dockerd-lint.json';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** The case folders: test/corpus/<group>/<case>/. */
const cases = readdirSync(corpusRoot)
  .sort()
  .flatMap((group) =>
    readdirSync(join(corpusRoot, group))
      .sort()
      .map((name) => join(corpusRoot, group, name)),
  );

const headerPattern = /^# expect: (.*)$/;

/** The findings a corpus file declares, as sorted `rule-id@line` strings. */
function declaredFindings(path: string): string[] {
  const sidecar = path + sidecarSuffix;
  if (existsSync(sidecar)) {
    const { expect } = JSON.parse(readFileSync(sidecar, 'utf8')) as { expect: string[] };
    return [...expect].sort();
  }
  const firstLine = readFileSync(path, 'utf8').split('\n')[0];
  const header = headerPattern.exec(firstLine);
  assert.ok(header, `${relative(corpusRoot, path)} declares no expectation (first line "# expect: ..." or a ${sidecarSuffix} sidecar)`);
  const words = header[1].trim().split(/\s+/);
  return words.length === 1 && words[0] === 'none' ? [] : words.sort();
}

interface CliFile {
  filePath: string;
  messages: { ruleId: string; line: number }[];
}

const cli = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'server', 'src', 'cli.ts'), '--format', 'json', ...cases], {
  cwd: repoRoot,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});

describe('precision corpus', () => {
  it('the CLI lints the corpus (exit 0 or 1, JSON on stdout)', () => {
    assert.ok(cli.status === 0 || cli.status === 1, `exit ${cli.status}: ${cli.stderr}`);
    assert.equal(cli.stderr, '');
  });

  const results: CliFile[] = cli.status === 0 || cli.status === 1 ? JSON.parse(cli.stdout) : [];
  const byPath = new Map(results.map((file) => [file.filePath, file]));
  const corpusFiles = filesUnder(corpusRoot).filter((path) => !notLinted(path.slice(path.lastIndexOf('/') + 1)));

  it('every corpus file is recognised and linted, and nothing else', () => {
    assert.deepEqual([...byPath.keys()].sort(), [...corpusFiles].sort());
  });

  it('every declared rule id exists', () => {
    for (const path of corpusFiles) {
      for (const expected of declaredFindings(path)) {
        const match = /^([a-z0-9-]+)@(\d+)$/.exec(expected);
        assert.ok(match, `${relative(corpusRoot, path)}: "${expected}" is not rule-id@line`);
        assert.ok(rulesById.has(match[1]), `${relative(corpusRoot, path)}: no rule "${match[1]}"`);
      }
    }
  });

  for (const path of corpusFiles) {
    it(relative(corpusRoot, path), () => {
      const found = (byPath.get(path)?.messages ?? []).map((message) => `${message.ruleId}@${message.line}`).sort();
      assert.deepEqual(found, declaredFindings(path));
    });
  }
});
