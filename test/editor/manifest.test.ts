// The extension manifest (package.json) against what the code does: generated rule settings
// are fresh, every setting explains itself, activation covers the files the client selects.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { builtInFilePatterns, projectConfigPattern } from '../../client/src/file-patterns';
import { ruleLevelProperties, withGeneratedConfigRules } from '../../scripts/manifest-rules';
import { fileKinds } from '../../server/src/engine/types';
import { repositoryRoot } from './vsix';

const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8'));
const properties: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;

test('the per-rule settings are generated from the rules (run `npm run gen:manifest` when this fails)', () => {
  assert.deepEqual(properties['dockerdLint.rules'].properties, ruleLevelProperties());
});

test('the .dockerd-lint.json schema names every rule id (run `npm run gen:manifest` when this fails)', () => {
  const schema = JSON.parse(readFileSync(join(repositoryRoot, 'schemas', 'dockerd-lint-config.schema.json'), 'utf8'));
  assert.deepEqual(schema, withGeneratedConfigRules(structuredClone(schema)));
  assert.equal(schema.additionalProperties, false, 'an unknown key is flagged in the editor');
});

test('dockerdLint.kinds and the .dockerd-lint.json kinds name every file kind', () => {
  const schema = JSON.parse(readFileSync(join(repositoryRoot, 'schemas', 'dockerd-lint-config.schema.json'), 'utf8'));
  assert.deepEqual(Object.keys(properties['dockerdLint.kinds'].properties as object).sort(), [...fileKinds].sort());
  assert.deepEqual(Object.keys(schema.properties.kinds.properties).sort(), [...fileKinds].sort());
});

test('every setting has a description', () => {
  for (const [name, schema] of Object.entries(properties)) {
    assert.ok(typeof (schema.description ?? schema.markdownDescription) === 'string', `${name} has no description`);
  }
});

test('restricted settings exist, and the ones that can silence a rule are restricted', () => {
  const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
  for (const name of restricted) assert.ok(name in properties, `${name} is not a setting`);
  for (const name of ['dockerdLint.enable', 'dockerdLint.rules', 'dockerdLint.preset', 'dockerdLint.kinds', 'dockerdLint.hostGroups']) {
    assert.ok(restricted.includes(name), `${name} must be restricted`);
  }
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('activation: each selected file pattern has a workspaceContains event, and there is no "*"', () => {
  const events: string[] = manifest.activationEvents;
  for (const pattern of [...builtInFilePatterns, projectConfigPattern]) {
    assert.ok(events.includes(`workspaceContains:${pattern}`), `no activation for ${pattern}`);
  }
  assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
});

test('commands are in the dockerd-lint category and include the four the README promises', () => {
  const commands: { command: string; category: string }[] = manifest.contributes.commands;
  for (const command of commands) assert.equal(command.category, 'dockerd-lint', command.command);
  const ids = commands.map((command) => command.command);
  for (const id of ['dockerdLint.generateCertificates', 'dockerdLint.showRuleDocumentation', 'dockerdLint.lintWorkspace', 'dockerdLint.restartServer']) {
    assert.ok(ids.includes(id), id);
  }
});

test('the client registers every contributed command it implements', () => {
  const source = ['extension.ts', 'rule-documentation.ts'].map((file) => readFileSync(join(repositoryRoot, 'client', 'src', file), 'utf8')).join('\n');
  for (const id of ['dockerdLint.showRuleDocumentation', 'dockerdLint.lintWorkspace', 'dockerdLint.restartServer', 'dockerdLint.showOutput']) {
    assert.ok(source.includes(`registerCommand('${id}'`), id);
  }
  // The certificate command runs in the server: vscode-languageclient registers it from the
  // server's executeCommandProvider; the client registers only the handlers of its questions.
  const protocol = readFileSync(join(repositoryRoot, 'server', 'src', 'protocol.ts'), 'utf8');
  assert.match(protocol, /generateCertificatesCommand = 'dockerdLint\.generateCertificates'/);
  const server = readFileSync(join(repositoryRoot, 'server', 'src', 'server.ts'), 'utf8');
  assert.match(server, /executeCommandProvider: \{ commands: \[generateCertificatesCommand\] \}/);
  assert.match(source, /registerCertificateQuestions\(next\)/);
});

test('jsonValidation points at schemas that exist', () => {
  for (const validation of manifest.contributes.jsonValidation as { url: string }[]) {
    assert.ok(readFileSync(join(repositoryRoot, validation.url), 'utf8').length > 0, validation.url);
  }
});

test('engines.vscode matches the @types/vscode the client is compiled against', () => {
  const types = JSON.parse(readFileSync(join(repositoryRoot, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8'));
  const [major, minor] = types.version.split('.');
  assert.equal(manifest.engines.vscode, `^${major}.${minor}.0`);
});
