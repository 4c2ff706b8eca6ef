// Bundles the extension client, the language server and the CLI with esbuild.
// The server is two files: dist/server-main.js (server.ts and everything it imports) and
// dist/server.js, a small entry (server/src/lsp/boot.ts) that runs the first through V8's
// code cache. The esbuild metafiles (dist/*.meta.json) let a test check what each bundle
// holds (test/editor/bundles.test.ts: no engine in the client, no x509 in the server or CLI).
// Certificate generation (engine/certs/generate.ts with @peculiar/x509, asn1js, tsyringe and
// reflect-metadata) is a bundle of its own, dist/certs-generate.js, that the server and the CLI
// require on first use: in server-main.js it cost every cold start its parse and compile.
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
  // import() of dist/certs-generate.js becomes require(): the server bundle runs in a vm.Script
  // (lsp/boot.ts), which has no loader for import().
  supported: { 'dynamic-import': false },
};

const certsGenerateBundle = 'certs-generate.js';

/** Turns every import of engine/certs/generate.ts into a run-time require of dist/certs-generate.js. */
const certsGenerateApart = {
  name: 'certs-generate-apart',
  setup(build) {
    build.onResolve({ filter: /[\\/]certs[\\/]generate$/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: `./${certsGenerateBundle}`, external: true }));
  },
};

async function buildServer() {
  mkdirSync('dist', { recursive: true });
  const bundle = await build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js', write: false, metafile: true, plugins: [certsGenerateApart] });
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

async function buildCli() {
  mkdirSync('dist', { recursive: true });
  const bundle = await build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, metafile: true, plugins: [certsGenerateApart] });
  writeFileSync('dist/cli.meta.json', JSON.stringify(bundle.metafile));
}

async function buildCertsGenerate() {
  mkdirSync('dist', { recursive: true });
  const bundle = await build({ ...common, entryPoints: ['server/src/engine/certs/generate.ts'], outfile: `dist/${certsGenerateBundle}`, metafile: true });
  writeFileSync('dist/certs-generate.meta.json', JSON.stringify(bundle.metafile));
}

await Promise.all([buildClient(), buildServer(), buildCertsGenerate(), buildCli()]);
