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

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test').sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter', 'spec', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
