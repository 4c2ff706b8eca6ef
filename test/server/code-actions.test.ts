// Code actions from a lint run (plain data): disable comments where the format has
// comments, and fixes that create files becoming CreateFile + edits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionParams, CreateFile, TextDocumentEdit } from 'vscode-languageserver/node';
import { codeActions } from '../../server/src/lsp/code-actions';
import { toDiagnostics } from '../../server/src/lsp/convert';
import type { LintRun } from '../../server/src/lsp/linting';
import { checkEditorSettings, effectiveConfig } from '../../server/src/lsp/settings';
import type { FileKind, Finding, Fix } from '../../server/src/engine/types';

const config = effectiveConfig(checkEditorSettings({}).value, undefined, true);

function runOf(uri: string, kind: FileKind, text: string, findings: Finding[]): LintRun {
  return { uri, version: 3, kind, findings, texts: new Map([[uri, text]]), versions: new Map([[uri, 3]]), sources: [{ uri, text, kind }], config };
}

function finding(uri: string, text: string, needle: string, fixes: Fix[] = []): Finding {
  const start = text.indexOf(needle);
  return { ruleId: 'some-rule', severity: 'warning', message: 'm', uri, span: { start, end: start + needle.length }, related: [], fixes };
}

function actionsFor(run: LintRun, documentChanges = true): CodeAction[] {
  const [diagnostic] = toDiagnostics(run, undefined);
  const params: CodeActionParams = { textDocument: { uri: run.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } };
  return codeActions(params, run, { documentChanges });
}

function applied(run: LintRun, action: CodeAction): string {
  const [change] = action.edit!.documentChanges as TextDocumentEdit[];
  return TextDocument.applyEdits(TextDocument.create(run.uri, 'x', 3, run.texts.get(run.uri)!), change.edits as never);
}

describe('code actions: disable comments', () => {
  it('systemd: a comment above the line with its indentation, or at the top of the file', () => {
    const uri = 'file:///w/docker.service.d/override.conf';
    const text = '[Service]\nExecStart=\n  ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n';
    const run = runOf(uri, 'systemd', text, [finding(uri, text, 'tcp://0.0.0.0:2375')]);
    const actions = actionsFor(run);
    assert.deepEqual(actions.map((a) => a.title), ['Disable some-rule for this line', 'Disable some-rule for the entire file', 'Show documentation for some-rule']);
    assert.equal(applied(run, actions[0]), '[Service]\nExecStart=\n  # dockerd-lint-disable-next-line some-rule\n  ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n');
    assert.equal(applied(run, actions[1]), '# dockerd-lint-disable some-rule\n' + text);
  });

  it('compose: keeps CRLF line ends', () => {
    const uri = 'file:///w/compose.yaml';
    const text = 'services:\r\n  dind:\r\n    privileged: true\r\n';
    const run = runOf(uri, 'compose', text, [finding(uri, text, 'privileged: true')]);
    assert.equal(applied(run, actionsFor(run)[0]), 'services:\r\n  dind:\r\n    # dockerd-lint-disable-next-line some-rule\r\n    privileged: true\r\n');
  });

  it('compose with CR-only line ends (YAML 1.2 line breaks): the comment lands above the line, ended by CR', () => {
    const uri = 'file:///w/compose.yaml';
    const text = 'services:\r  dind:\r    privileged: true\r';
    const run = runOf(uri, 'compose', text, [finding(uri, text, 'privileged: true')]);
    assert.equal(applied(run, actionsFor(run)[0]), 'services:\r  dind:\r    # dockerd-lint-disable-next-line some-rule\r    privileged: true\r');
    assert.equal(applied(run, actionsFor(run)[1]), `# dockerd-lint-disable some-rule\r${text}`);
  });

  it('daemon.json cannot hold comments: no disable action', () => {
    const uri = 'file:///w/etc/docker/daemon.json';
    const text = '{ "debug": true }';
    const titles = actionsFor(runOf(uri, 'daemon-json', text, [finding(uri, text, '"debug"')])).map((a) => a.title);
    assert.deepEqual(titles, ['Show documentation for some-rule']);
  });
});

describe('code actions: fixes that create a file', () => {
  const uri = 'file:///w/etc/docker/daemon.json';
  const created = 'file:///w/etc/systemd/system/docker.service.d/override.conf';
  const text = '{ "hosts": ["tcp://127.0.0.1:2375"] }';
  const fix: Fix = {
    title: 'Add a drop-in',
    preferred: true,
    changes: [
      { uri: created, create: true, edits: [{ start: 0, end: 0, newText: '[Service]\nExecStart=\n' }] },
      { uri, edits: [{ start: 2, end: 2, newText: ' ' }] },
    ],
  };

  it('become CreateFile followed by the new file\'s text and the other edits', () => {
    const run = runOf(uri, 'daemon-json', text, [finding(uri, text, 'tcp://127.0.0.1:2375', [fix])]);
    const [action] = actionsFor(run);
    assert.equal(action.title, 'Add a drop-in');
    assert.equal(action.isPreferred, true);
    const changes = action.edit!.documentChanges!;
    assert.deepEqual(changes[0] as CreateFile, { kind: 'create', uri: created, options: { ignoreIfExists: true } });
    assert.deepEqual(changes[1], { textDocument: { uri: created, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '[Service]\nExecStart=\n' }] });
    assert.deepEqual((changes[2] as TextDocumentEdit).textDocument, { uri, version: 3 });
  });

  it('are not offered to a client without documentChanges', () => {
    const run = runOf(uri, 'daemon-json', text, [finding(uri, text, 'tcp://127.0.0.1:2375', [fix])]);
    assert.deepEqual(actionsFor(run, false).map((a) => a.title), ['Show documentation for some-rule']);
  });
});
