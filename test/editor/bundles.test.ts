// The extension client is thin: it starts the server and renders UI, so its bundle holds no
// engine module (analysis, certificates and fixes run in the language server, for every
// editor). Read from esbuild's metafiles, written by scripts/build.mjs next to the bundles.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repositoryRoot } from './vsix';

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

function bundle(name: string): { bytes: number; inputs: [string, number][] } {
  const path = join(repositoryRoot, 'dist', `${name}.meta.json`);
  assert.ok(existsSync(path), `${path} is missing: run node scripts/build.mjs first`);
  const metafile = JSON.parse(readFileSync(path, 'utf8')) as Metafile;
  const output = Object.entries(metafile.outputs).find(([file]) => file.endsWith('.js'));
  assert.ok(output, `no .js output in ${path}`);
  return { bytes: output[1].bytes, inputs: Object.entries(output[1].inputs).map(([input, { bytesInOutput }]) => [input, bytesInOutput]) };
}

const ours = (input: string) => !input.includes('node_modules/');
/** vscode-languageclient and the packages it pulls in: fixed by design, the same in every LSP extension. */
const languageClient =
  /node_modules\/(vscode-languageclient|vscode-languageserver-protocol|vscode-languageserver-types|vscode-jsonrpc|vscode-languageserver-textdocument|minimatch|brace-expansion|balanced-match|semver)\//;

test('dist/extension.js holds no engine module and no server module but the protocol', () => {
  const client = bundle('extension');
  const fromServer = client.inputs.map(([input]) => input).filter((input) => ours(input) && input.includes('server/src/'));
  assert.deepEqual(fromServer, ['server/src/protocol.ts']);
  assert.deepEqual(
    client.inputs.map(([input]) => input).filter((input) => input.includes('server/src/engine/')),
    [],
  );
  // Everything else is the client's own UI code or the LSP client library.
  const other = client.inputs.map(([input]) => input).filter((input) => !(ours(input) && /(^|\/)client\/src\//.test(input)) && !fromServer.includes(input) && !languageClient.test(input));
  assert.deepEqual(other, []);
});

test('the client bundle beyond vscode-languageclient is well under a quarter of the server bundle', () => {
  const client = bundle('extension');
  const server = bundle('server-main');
  const ownBytes = client.inputs.filter(([input]) => !languageClient.test(input)).reduce((sum, [, bytes]) => sum + bytes, 0);
  assert.ok(ownBytes * 4 < server.bytes / 4, `client code ${ownBytes} bytes, server bundle ${server.bytes} bytes`);
  // The whole client (vscode-languageclient included) is at least smaller than the server.
  assert.ok(client.bytes < server.bytes, `dist/extension.js ${client.bytes} bytes >= dist/server-main.js ${server.bytes} bytes`);
});

/** What engine/certs/generate.ts pulls in: parsing it cost every server start several ms. */
const certificateGeneration = /(^|\/)(server\/src\/engine\/certs\/generate\.ts|node_modules\/(@peculiar\/|asn1js\/|tsyringe\/|reflect-metadata\/))/;

test('certificate generation is dist/certs-generate.js alone, not in the server or CLI bundle', () => {
  for (const name of ['server-main', 'cli']) {
    assert.deepEqual(
      bundle(name)
        .inputs.map(([input]) => input)
        .filter((input) => certificateGeneration.test(input)),
      [],
      name,
    );
  }
  const generation = bundle('certs-generate').inputs.map(([input]) => input);
  assert.ok(generation.includes('server/src/engine/certs/generate.ts'), generation.join('\n'));
  assert.ok(
    generation.some((input) => input.includes('node_modules/@peculiar/x509/')),
    generation.join('\n'),
  );
});
