// The packaged extension: small, only what runs, and its bundles need no node_modules.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { packageVsix, repositoryRoot } from './vsix';
import { type ZipEntry, readZip } from './zip';

let work: string;
let vsixPath: string;
let entries: ZipEntry[];

before(() => {
  work = mkdtempSync(join(tmpdir(), 'dockerd-lint-vsix-'));
  vsixPath = packageVsix(work);
  entries = readZip(readFileSync(vsixPath));
});
after(() => rmSync(work, { recursive: true, force: true }));

test('the .vsix is under 1 MB', () => {
  const size = readFileSync(vsixPath).length;
  assert.ok(size < 1024 * 1024, `${size} bytes`);
});

test('the .vsix holds the bundles, schemas, rule docs and the store files, nothing else', () => {
  const ruleDocs = readdirSync(join(repositoryRoot, 'docs', 'rules')).map((name) => `extension/docs/rules/${name}`);
  const screenshots = readdirSync(join(repositoryRoot, 'docs'), { withFileTypes: true }).some((entry) => entry.name === 'images')
    ? readdirSync(join(repositoryRoot, 'docs', 'images'))
        .filter((name) => name.endsWith('.png'))
        .map((name) => `extension/docs/images/${name}`)
    : [];
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
  const schemas = manifest.contributes.jsonValidation.map((validation: { url: string }) => `extension/${validation.url.replace(/^\.\//, '')}`);
  const expected = [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    'extension/images/icon.png',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/server-main.js',
    'extension/dist/certs-generate.js',
    ...schemas,
    ...ruleDocs,
    ...screenshots,
  ].sort();
  assert.deepEqual(entries.map((entry) => entry.name).sort(), expected);
});

function requiredModules(bundle: string): string[] {
  return [...bundle.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((match) => match[2]);
}

test('the extension bundle requires only vscode and Node built-ins', () => {
  const bundle = entries
    .find((entry) => entry.name === 'extension/dist/extension.js')!
    .data()
    .toString('utf8');
  const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
  const foreign = requiredModules(bundle).filter((name) => name !== 'vscode' && !builtins.has(name));
  assert.deepEqual([...new Set(foreign)], []);
});

test('the server bundle requires only Node built-ins and certs-generate.js, which ships beside it', () => {
  const shipped = new Set(entries.map((entry) => entry.name));
  for (const name of ['server.js', 'server-main.js', 'certs-generate.js']) {
    const bundle = entries
      .find((entry) => entry.name === `extension/dist/${name}`)!
      .data()
      .toString('utf8');
    const builtins = new Set([...builtinModules, ...builtinModules.map((module) => `node:${module}`)]);
    const foreign = requiredModules(bundle).filter((module) => !builtins.has(module) && !shipped.has(`extension/dist/${module.replace(/^\.\//, '')}`));
    assert.deepEqual([...new Set(foreign)], [], name);
  }
  const serverMain = entries
    .find((entry) => entry.name === 'extension/dist/server-main.js')!
    .data()
    .toString('utf8');
  assert.ok(requiredModules(serverMain).includes('./certs-generate.js'), 'server-main.js no longer loads certs-generate.js');
});

/** The .vsix's files under `work/unpacked`, as VS Code installs them (no node_modules). */
function unpack(): string {
  const unpacked = join(work, 'unpacked');
  for (const entry of entries.filter((entry) => entry.name.startsWith('extension/'))) {
    const target = join(unpacked, entry.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entry.data());
  }
  return unpacked;
}

test('certs-generate.js from the .vsix makes a certificate set with no node_modules around it', () => {
  const unpacked = unpack();
  const script = `require(${JSON.stringify(join(unpacked, 'extension', 'dist', 'certs-generate.js'))})
    .generateCertificates({ hosts: [{ type: 'dns', value: 'localhost' }] })
    .then((set) => process.stdout.write(set.server.certificatePem));`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: unpacked, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
});

test('the server from the .vsix answers initialize with no node_modules around it', async () => {
  const unpacked = unpack();
  const server = spawn(process.execPath, [join(unpacked, 'extension', 'dist', 'server.js'), '--stdio'], { cwd: unpacked, stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  connection.listen();
  try {
    const result = await connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      initializationOptions: { workspaceTrusted: true },
    });
    assert.ok(result.capabilities.textDocumentSync !== undefined, JSON.stringify(result));
  } finally {
    connection.dispose();
    server.kill();
  }
});
