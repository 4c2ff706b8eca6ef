// Neovim's built-in LSP client (0.7: vim.lsp.start_client + buf_attach_client) talking to the
// bundled server over stdio: the server serves editors other than VS Code. Skipped, with the
// reason, where nvim is not installed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertWiredMachineServesTls } from '../certs/wired-dockerd';
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

/**
 * Runs "Generate TLS certificates" in Neovim over LSP: workspace/executeCommand, every prompt
 * answered with its first (default) choice as Enter would, the WorkspaceEdit applied by
 * Neovim's own handler, then `:wall`. Returns the command's result and the prompts it saw.
 */
function certificatesInNeovim(nvimPath: string, workspace: string, home: string): { outcome: Record<string, unknown>; prompts: string[] } {
  const resultFile = join(work, 'certificates.json');
  const script = join(work, 'certificates.lua');
  const lua = (value: string) => JSON.stringify(value);
  writeFileSync(
    script,
    `
local prompts = {}
local client_id = vim.lsp.start_client({
  name = 'dockerd-lint',
  cmd = { ${lua(process.execPath)}, ${lua(join(repositoryRoot, 'dist', 'server.js'))}, '--stdio' },
  root_dir = ${lua(workspace)},
  init_options = { workspaceTrusted = true },
  handlers = {
    ['window/showMessageRequest'] = function(_, params)
      table.insert(prompts, params.message)
      return params.actions[1]
    end,
  },
})
vim.wait(15000, function() local c = vim.lsp.get_client_by_id(client_id); return c ~= nil and c.server_capabilities ~= nil end, 50)
local client = vim.lsp.get_client_by_id(client_id)
local outcome = nil
client.request('workspace/executeCommand', { command = 'dockerdLint.generateCertificates', arguments = {} }, function(err, result)
  outcome = err and { error = err.message } or result
end, 0)
vim.wait(60000, function() return outcome ~= nil end, 50)
vim.cmd('silent! wall')
local out = io.open(${lua(resultFile)}, 'w')
out:write(vim.fn.json_encode({ outcome = outcome or { error = 'no answer within 60 s' }, prompts = prompts }))
out:close()
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
`,
  );
  const result = spawnSync(nvimPath, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], { encoding: 'utf8', timeout: 120_000, cwd: workspace, env: { ...process.env, HOME: home } });
  assert.equal(result.status, 0, `nvim failed (${result.status} ${result.signal ?? ''}):\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(readFileSync(resultFile, 'utf8'));
}

test('Neovim runs the certificate command over LSP: defaults accepted, machine wired, dockerd serves mutual TLS', { timeout: 180_000 }, (t) => {
  if ('missing' in nvim) return t.skip(nvim.missing);
  const home = join(work, 'home');
  const workspace = join(work, 'workspace-certs');
  mkdirSync(home);
  cpSync(join(repositoryRoot, 'test', 'editor', 'workspace-certs'), workspace, { recursive: true });
  const { outcome, prompts } = certificatesInNeovim(nvim.path, workspace, home);
  assert.equal(outcome.error, undefined, JSON.stringify(outcome));
  assert.equal(outcome.wiringApplied, true, JSON.stringify(outcome));
  assert.equal(prompts.length, 1, prompts.join('\n'));
  assert.match(prompts[0], /use the generated certificates/);
  const folder = join(home, '.docker', 'dockerd-certs');
  assert.deepEqual(readdirSync(folder).sort(), ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);

  // Neovim saved the wired buffers (:wall): the machine's files on disk lint clean.
  const dropIn = join(workspace, 'etc', 'systemd', 'system', 'docker.service.d', 'override.conf');
  assert.match(readFileSync(dropIn, 'utf8'), /-H tcp:\/\/127\.0\.0\.1:2376 /);
  const unavailable = assertWiredMachineServesTls(workspace, folder, join(work, 'dockerd'), 'tcp://127.0.0.1:2376');
  if (unavailable) t.skip(unavailable);
});
