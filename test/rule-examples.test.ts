// The per-surface examples of the rule pages (docs/rules/<id>.md, "## Examples by surface")
// stay true: each example file is linted by the built CLI, and every finding line the page
// quotes under it must be what the CLI prints (issue 20 part 3).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tree } from './helpers/cli';

const rulesFolder = join(__dirname, '..', 'docs', 'rules');

interface Example {
  page: string;
  surface: string;
  path: string;
  text: string;
  quoted: string[];
}

/** The examples of one page: under "## Examples by surface", each "### SURFACE" with a `PATH`:, the file, and the quoted findings. */
function examplesOf(page: string, markdown: string): Example[] {
  const section = markdown.split(/^## Examples by surface$/m)[1]?.split(/^## /m)[0];
  if (!section) return [];
  return section
    .split(/^### /m)
    .slice(1)
    .map((part) => {
      const surface = part.slice(0, part.indexOf('\n'));
      const path = /^`([^`]+)`:$/m.exec(part)?.[1];
      const blocks = [...part.matchAll(/^```(\w+)\n([\s\S]*?)\n```$/gm)];
      const file = blocks.find((block) => block[1] !== 'text');
      const quoted = blocks.find((block) => block[1] === 'text');
      assert.ok(path && file && quoted, `${page} ### ${surface}: a \`PATH\`:, a file block and a text block`);
      return { page, surface, path, text: `${file[2]}\n`, quoted: quoted[2].split('\n') };
    });
}

const examples = readdirSync(rulesFolder)
  .filter((name) => name.endsWith('.md'))
  .flatMap((name) => examplesOf(name, readFileSync(join(rulesFolder, name), 'utf8')));

describe('rule page examples by surface', () => {
  it('finds the examples', () => assert.ok(examples.length >= 17, String(examples.length)));

  for (const example of examples) {
    it(`${example.page}, ${example.surface}: the quoted findings are what the CLI prints`, () => {
      const root = tree({ [example.path]: example.text });
      const { stdout } = runCli(['.'], root);
      const printed = stdout.split('\n').map((line) => line.trim());
      for (const line of example.quoted) assert.ok(printed.includes(line.trim()), `not printed:\n${line}\n\nthe CLI printed:\n${stdout}`);
    });
  }
});
