// The per-surface examples of the rule pages (docs/rules/<id>.md, "## On other surfaces")
// stay true: each example file is linted by the built CLI, and every finding line the page
// quotes under it must be what the CLI prints (issue 20 part 3).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tree } from './helpers/cli';

const rulesFolder = join(__dirname, '..', 'docs', 'rules');

/** One "### SURFACE" of a page's "## On other surfaces"; `example` is missing when the subsection lacks one of its parts. */
interface Subsection {
  page: string;
  surface: string;
  example?: { path: string; text: string; quoted: string[] };
}

/** The subsections of one page: under "## On other surfaces", each "### SURFACE" with a `PATH`:, the file, and the quoted findings. */
function subsectionsOf(page: string, markdown: string): Subsection[] {
  const section = markdown.split(/^## On other surfaces$/m)[1]?.split(/^## /m)[0];
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
      if (!path || !file || !quoted) return { page, surface };
      return { page, surface, example: { path, text: `${file[2]}\n`, quoted: quoted[2].split('\n') } };
    });
}

const subsections = readdirSync(rulesFolder)
  .filter((name) => name.endsWith('.md'))
  .flatMap((name) => subsectionsOf(name, readFileSync(join(rulesFolder, name), 'utf8')));

describe('rule page examples by surface', () => {
  it('finds the examples', () => {
    const found = subsections.filter((subsection) => subsection.example).length;
    assert.ok(found >= 20, String(found));
  });

  for (const { page, surface, example } of subsections) {
    it(`${page}, ${surface}: the quoted findings are what the CLI prints`, () => {
      assert.ok(example, `${page} ### ${surface}: a \`PATH\`:, a file block and a text block`);
      const root = tree({ [example.path]: example.text });
      const { stdout } = runCli(['.'], root);
      const printed = stdout.split('\n').map((line) => line.trim());
      for (const line of example.quoted) assert.ok(printed.includes(line.trim()), `not printed:\n${line}\n\nthe CLI printed:\n${stdout}`);
    });
  }
});
