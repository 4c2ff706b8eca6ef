// Bundles the extension client, the language server and the CLI with esbuild.
// The server is two files: dist/server-main.js (server.ts and everything it imports) and
// dist/server.js, a small entry (server/src/lsp/boot.ts) that runs the first through V8's
// code cache. The client's and the server's esbuild metafiles (dist/*.meta.json) let a test
// check what each bundle holds (test/editor/bundles.test.ts: no engine in the client).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: process.argv.includes('--sourcemap'),
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from the bundler; its ESM build does not.
  mainFields: ['module', 'main'],
};

async function buildServer() {
  mkdirSync('dist', { recursive: true });
  const bundle = await build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', write: false, metafile: true });
  const source = bundle.outputFiles.find((file) => file.path.endsWith('.js')).text;
  for (const file of bundle.outputFiles) writeFileSync(file.path, file.contents);
  writeFileSync('dist/server-main.meta.json', JSON.stringify(bundle.metafile));
  return build({
    ...common,
    entryPoints: ['server/src/lsp/boot.ts'],
    outfile: 'dist/server.js',
    define: { SERVER_BUNDLE_HASH: JSON.stringify(createHash('sha256').update(source).digest('hex').slice(0, 16)) },
  });
}

async function buildClient() {
  mkdirSync('dist', { recursive: true });
  const bundle = await build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], metafile: true });
  writeFileSync('dist/extension.meta.json', JSON.stringify(bundle.metafile));
}

await Promise.all([buildClient(), buildServer(), build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } })]);
