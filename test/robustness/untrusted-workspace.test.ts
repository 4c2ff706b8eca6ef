// An untrusted workspace must not make dockerd-lint run anything or read outside it: no code
// path spawns a process, walking folders never follows a symlink out of the workspace, and no
// workspace setting that changes a verdict or a fix reaches the server (Restricted Mode).

import assert from 'node:assert/strict';
import childProcess from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectPaths, readSource } from '../../server/src/cli/files';
import { ruleFixtures } from '../fuzz/harness';
import { defaultLintOptions } from '../../server/src/engine/config';
import { fixAll } from '../../server/src/engine/fix';
import { lintFiles } from '../../server/src/engine/lint';
import { sourcesOf } from '../helpers/rule-tester';
import { checkEditorSettings, effectiveConfig } from '../../server/src/lsp/settings';

const spawners = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

/** Runs `work` with every child_process function replaced by one that records and throws. */
function withoutProcesses(work: () => void): string[] {
  const calls: string[] = [];
  const module = childProcess as unknown as Record<string, unknown>;
  const saved = new Map(spawners.map((name) => [name, module[name]]));
  for (const name of spawners) {
    module[name] = (...args: unknown[]) => {
      calls.push(`${name}(${JSON.stringify(args[0])})`);
      throw new Error(`child_process.${name} called in an untrusted workspace`);
    };
  }
  try {
    work();
  } finally {
    for (const [name, original] of saved) module[name] = original;
  }
  return calls;
}

let scratch: string;
before(() => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'dockerd-lint-untrusted-')));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('untrusted workspaces: no process is spawned', () => {
  it('linting and fixing every rule fixture, and the CLI reading the examples, spawn nothing', async () => {
    const cases = await ruleFixtures();
    assert.ok(cases.length > 0);
    const calls = withoutProcesses(() => {
      for (const test of cases) {
        const sources = sourcesOf(test.files, test.kind);
        lintFiles(sources, { ...defaultLintOptions(), ignoreSuppressions: true });
        fixAll(sources, defaultLintOptions());
      }
      const files = collectPaths(['examples']);
      assert.ok(files.length > 0);
      lintFiles(files.map(readSource), defaultLintOptions());
    });
    assert.deepEqual(calls, []);
  });

  it('the patch really catches a spawn (the check above can fail)', () => {
    const calls = withoutProcesses(() => {
      assert.throws(() => childProcess.execFileSync('true'));
    });
    assert.deepEqual(calls, ['execFileSync("true")']);
  });

  // The one process of our own: `--fix` in the CLI (never the server) lists a file's extended
  // attributes with getfattr before replacing it (Node has no API for them).
  const allowedSpawners: Record<string, RegExp> = {
    'dist/cli.js': /^server\/src\/cli\/safe-write\.ts$/,
  };

  it("the bundles load child_process only inside vscode-languageserver (its unused global-module resolver) and --fix's getfattr", () => {
    for (const bundle of ['dist/server.js', 'dist/server-main.js', 'dist/certs-generate.js', 'dist/cli.js']) {
      assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build (npm test does)`);
      const text = readFileSync(bundle, 'utf8');
      const owners = new Set<string>();
      for (const match of text.matchAll(/require\("(?:node:)?child_process"\)/g)) {
        // esbuild marks each bundled module with a `// path` comment line before its code.
        const before = text.slice(0, match.index);
        const owner = [...before.matchAll(/^\/\/ (\S+\.[cm]?[jt]s)$/gm)].at(-1)?.[1] ?? '(bundle prelude)';
        owners.add(owner);
      }
      for (const owner of owners) {
        // In a git worktree node_modules is reached through a link (../main/node_modules).
        if (/^(\.\.\/[^/]+\/)?node_modules\/vscode-languageserver\//.test(owner)) continue;
        assert.match(owner, allowedSpawners[bundle] ?? /^$/, `${bundle}: child_process required by ${owner}`);
      }
    }
  });
});

describe('untrusted workspaces: symlinks out of the workspace are not followed', () => {
  it('the CLI walk skips links to directories and files outside, and link loops', () => {
    const workspace = join(scratch, 'workspace');
    const outside = join(scratch, 'outside');
    mkdirSync(join(workspace, 'etc/docker'), { recursive: true });
    mkdirSync(join(outside, 'docker'), { recursive: true });
    writeFileSync(join(workspace, 'etc/docker/daemon.json'), '{"debug": true}\n');
    writeFileSync(join(outside, 'docker/daemon.json'), '{"hosts": ["tcp://0.0.0.0:2375"]}\n');
    symlinkSync(outside, join(workspace, 'etc/outside-dir'));
    symlinkSync(join(outside, 'docker/daemon.json'), join(workspace, 'etc/docker/linked.json'));
    symlinkSync(workspace, join(workspace, 'loop'));
    const files = collectPaths([workspace]);
    assert.deepEqual(files, [join(workspace, 'etc/docker/daemon.json')]);
  });
});

describe('untrusted workspaces: every setting that changes a verdict or a fix is restricted', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const properties: Record<string, Schema> = manifest.contributes.configuration.properties;
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

  interface Schema {
    type?: string;
    enum?: string[];
    default?: unknown;
    pattern?: string;
    properties?: Record<string, Schema>;
    items?: Schema;
  }

  /** A valid value other than the default, built from the setting's JSON schema. */
  function sample(schema: Schema): unknown {
    if (schema.enum) return schema.enum.find((value) => value !== schema.default);
    switch (schema.type) {
      case 'boolean':
        return schema.default !== true;
      case 'string':
        return schema.pattern ? '20.10' : '/tmp/planted';
      case 'array':
        return [sample(schema.items ?? { type: 'string' })];
      case 'object':
        return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, sample(property)]));
      default:
        throw new Error(`no sample for a setting of type ${schema.type}`);
    }
  }

  /** The settings object the server receives for one changed setting (`trace.server` nests). */
  function settingsWith(name: string, value: unknown): Record<string, unknown> {
    const path = name.slice('dockerdLint.'.length).split('.');
    return path.reduceRight<Record<string, unknown>>((inner, key, index) => ({ [key]: index === path.length - 1 ? value : inner }), {});
  }

  it('a non-default value of each setting: if the server lints or fixes differently, VS Code must withhold the workspace value', () => {
    const plain = JSON.stringify(effectiveConfig(checkEditorSettings({}).value, undefined, false));
    const steering: string[] = [];
    for (const [name, schema] of Object.entries(properties)) {
      const checked = checkEditorSettings(settingsWith(name, sample(schema)));
      assert.deepEqual(checked.problems, [], `${name}: the sample value is valid`);
      if (JSON.stringify(effectiveConfig(checked.value, undefined, false)) !== plain) steering.push(name);
    }
    assert.ok(steering.includes('dockerdLint.rules') && steering.includes('dockerdLint.tlsCertDirectory'), `the samples steer: ${steering.join(', ')}`);
    for (const name of steering) assert.ok(restricted.includes(name), `${name} changes what the server reports or writes but is not in restrictedConfigurations`);
  });
});
