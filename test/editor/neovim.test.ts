// Neovim's built-in LSP client (0.7: vim.lsp.start_client + buf_attach_client) talking to the
// bundled server over stdio: the server serves editors other than VS Code. Skipped, with the
// reason, where nvim is not installed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { neovim } from './editors';
import { repositoryRoot } from './vsix';

const nvim = neovim();
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), 'dockerd-lint-nvim-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

interface NeovimDiagnostic {
  lnum: number;
  col: number;
  message: string;
  source: string;
  code: string;
  severity: number;
}

/** Opens `file` in headless Neovim with the server attached; returns its diagnostics (JSON). */
function diagnosticsInNeovim(nvimPath: string, file: string): NeovimDiagnostic[] {
  const resultFile = join(work, 'diagnostics.json');
  const script = join(work, 'lint.lua');
  const lua = (value: string) => JSON.stringify(value); // a JSON string is a valid Lua string literal here
  writeFileSync(
    script,
    `
local client = vim.lsp.start_client({
  name = 'dockerd-lint',
  cmd = { ${lua(process.execPath)}, ${lua(join(repositoryRoot, 'dist', 'server.js'))}, '--stdio' },
  root_dir = ${lua(work)},
  init_options = { workspaceTrusted = true },
})
vim.cmd('edit ' .. vim.fn.fnameescape(${lua(file)}))
vim.lsp.buf_attach_client(0, client)
vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(found, { lnum = d.lnum, col = d.col, message = d.message, source = d.source, code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or vim.NIL, severity = d.severity })
end
local out = io.open(${lua(resultFile)}, 'w')
out:write(vim.fn.json_encode(found))
out:close()
vim.lsp.stop_client(client)
vim.cmd('qa!')
`,
  );
  const result = spawnSync(nvimPath, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], { encoding: 'utf8', timeout: 30_000, cwd: work });
  assert.equal(result.status, 0, `nvim failed (${result.status} ${result.signal ?? ''}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

test('Neovim shows the tcp-without-tls diagnostic of a bad daemon.json, with rule code and message', { timeout: 60_000 }, (t) => {
  if ('missing' in nvim) return t.skip(nvim.missing);
  cpSync(join(repositoryRoot, 'test', 'editor', 'workspace', 'daemon.json'), join(work, 'daemon.json'));
  const diagnostics = diagnosticsInNeovim(nvim.path, join(work, 'daemon.json'));
  const diagnostic = diagnostics.find((candidate) => candidate.code === 'tcp-without-tls');
  assert.ok(diagnostic, JSON.stringify(diagnostics));
  assert.equal(diagnostic.source, 'dockerd-lint');
  assert.equal(diagnostic.severity, 1); // vim.diagnostic.severity.ERROR
  assert.deepEqual([diagnostic.lnum, diagnostic.col], [1, 43]); // 0-based: the "tcp://0.0.0.0:2375" string
  assert.match(diagnostic.message, /^dockerd listens on tcp:\/\/0\.0\.0\.0:2375 and TLS is not turned on/);
});
