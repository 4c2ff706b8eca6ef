// Runs every test file under test/ with Node's built-in runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'node_modules') continue;
    if (statSync(path).isDirectory()) found.push(...testFiles(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** `biome check` (format and lint, biome.json) covers the whole tree. */
const styleChecked = ['.'];

const only = process.argv.slice(2);
if (only.length === 0) {
  // The whole suite also keeps the style: a formatter or lint error fails `npm test`.
  const biome = join('node_modules', '@biomejs', 'biome', 'bin', 'biome');
  const style = spawnSync(process.execPath, [biome, 'check', ...styleChecked], { stdio: 'inherit' });
  if (style.status !== 0) process.exit(style.status ?? 1);
}
const files = only.length > 0 ? only : testFiles('test').sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
