// The layers of dockerd-lint, kept by test/layers.test.ts (npm test). Picture, bottom up:
//   engine (models, readers, editors, rules)  <-  adapters (lsp/, cli/, server.ts, cli.ts)
//   client  ->  protocol.ts only
// See docs/contributing.md for why each rule exists.

/** Modules that read text into a model. Rules read the models, never these. */
const readers = [
  '^server/src/engine/daemon-json/(reader|decode)[.]ts$',
  '^server/src/engine/systemd/(parse|unit-file|env-file|words|suppressions)[.]ts$',
  '^server/src/engine/compose/(parse|yaml-reader|model-reader|interpolate|shell-words)[.]ts$',
  '^server/src/engine/kubernetes/(read|pods)[.]ts$',
  '^server/src/engine/gitlab-ci/(read|includes|pipeline|expand)[.]ts$',
  '^server/src/engine/github-actions/(read|options)[.]ts$',
  '^server/src/engine/gitlab-runner/(read|toml-tree)[.]ts$',
];

/** An editor's internals. Rules edit through the interfaces in surface-editor.ts (editorFor). */
const editorInternals = ['^server/src/engine/(daemon-json|systemd|gitlab-runner)/edit[.]ts$', '^server/src/engine/compose/(edit|yaml-edit|environment-edit)[.]ts$'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle (type-only imports included) means two modules are one; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-not-on-editor',
      comment: 'The engine is pure: no VS Code, no LSP, no adapter. The server and the CLI call it.',
      severity: 'error',
      from: { path: '^server/src/engine/' },
      to: { path: ['^server/src/(lsp|cli)/', '^server/src/(server|cli|protocol)[.]ts$', '^client/', '(^|/)node_modules/(vscode|vscode-languageserver[^/]*|vscode-languageclient|vscode-jsonrpc)/'] },
    },
    {
      name: 'engine-no-vscode-types',
      comment: 'The vscode module exists only inside VS Code; the engine runs in the CLI too.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^vscode$|(^|/)@types/vscode/', dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-no-pkg', 'unknown', 'undetermined', 'type-only'] },
    },
    {
      name: 'rules-read-models',
      comment: "Rules read models and rule-kit/; reading text is the readers' job (docs/contributing.md).",
      severity: 'error',
      from: { path: '^server/src/engine/(rules|rule-kit)/' },
      to: { path: readers },
    },
    {
      name: 'rules-edit-through-interfaces',
      comment: "Fixes go through the surface editor interfaces (editorFor), not an editor's internals.",
      severity: 'error',
      from: { path: '^server/src/engine/(rules|rule-kit)/' },
      to: { path: editorInternals },
    },
    {
      name: 'rules-no-file-format-libraries',
      comment: "The YAML library is the Compose reader's; a rule that needs it needs a model field instead.",
      severity: 'error',
      from: { path: '^server/src/engine/(rules|rule-kit)/' },
      to: { path: '(^|/)node_modules/yaml/' },
    },
    {
      name: 'client-on-protocol-only',
      comment: "The client starts the server and renders UI; everything else is the server's (GUIDE: thin client).",
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: '^server/src/protocol[.]ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6', 'cjs'],
  },
};
