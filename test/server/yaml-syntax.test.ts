// The language server on CI files and manifests with a YAML error (issue 20 part 3): the YAML
// language support the editor already runs underlines the error, so the server publishes the
// container findings without a yaml-syntax of its own (the rule's `about: 'syntax'`, as on
// Compose files), unless `reportSyntaxErrors` asks for them. The CLI reports them always
// (test/rules/yaml-syntax.test.ts). Real server, real JSON-RPC (lsp-client.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type TestServer, codes, startServer } from './lsp-client';

const privilegedBroken: Record<string, string> = {
  '.gitlab-ci.yml': 'build:\n  image: docker:24\n  services:\n    - docker:24-dind\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n  script: [ "a\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container:\n      image: x\n      options: --privileged\n    steps:\n      - run: "true\n',
  'deploy/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: x\n      securityContext:\n        privileged: true\n      args: [ "a\n',
};
const containerFinding: Record<string, string> = { '.gitlab-ci.yml': 'dind-tls-disabled', '.github/workflows/ci.yml': 'privileged', 'deploy/pod.yaml': 'privileged' };

describe('language server: YAML errors on CI files and manifests', () => {
  let workspace: string;
  let server: TestServer;

  before(async () => {
    workspace = mkdtempSync(join(tmpdir(), 'yaml-syntax-lsp-'));
    server = await startServer({ transport: 'stdio', pull: false, workspaceFolder: workspace, settings: {} });
  });
  after(async () => {
    await server.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  for (const [path, text] of Object.entries(privilegedBroken)) {
    it(`${path}: the container finding, and yaml-syntax only with reportSyntaxErrors`, async () => {
      const uri = pathToFileURL(join(workspace, path)).href;
      server.settings = {};
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      const quiet = await server.waitForDiagnostics(uri, (params) => params.version === 1 && params.diagnostics.length > 0);
      assert.deepEqual(codes(quiet.diagnostics), [containerFinding[path]]);
      server.settings = { reportSyntaxErrors: true };
      await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const reported = await server.waitForDiagnostics(uri, (params) => codes(params.diagnostics).includes('yaml-syntax'));
      assert.ok(codes(reported.diagnostics).includes(containerFinding[path]), codes(reported.diagnostics).join());
      await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    });
  }
});
