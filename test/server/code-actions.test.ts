// Code actions from a lint run (plain data): disable comments where the format has
// comments, and fixes that create files becoming CreateFile + edits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeActionParams, CreateFile, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import { codeActions, fixAllKind, resolveFixAll } from '../../server/src/lsp/code-actions';
import { lintFiles } from '../../server/src/engine/lint';
import { rulesById } from '../../server/src/engine/rules';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  return codeActions(params, run, { documentChanges, resolvesEdits: false });
}

/** A run as the server makes it: the engine's findings for `uri`, linted with its companions. */
function linted(files: Record<string, string>, uri: string, settings: Record<string, unknown> = {}): LintRun {
  const runConfig = effectiveConfig(checkEditorSettings(settings).value, undefined, true);
  const sources = Object.entries(files).map(([fileUri, text]) => ({ uri: fileUri, text }));
  const result = lintFiles(sources, runConfig.options).find((candidate) => candidate.uri === uri)!;
  const texts = new Map(Object.entries(files));
  return { uri, version: 3, kind: result.kind, findings: result.findings, texts, versions: new Map([[uri, 3]]), sources, config: runConfig };
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
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Disable some-rule for this line', 'Disable some-rule for the entire file', 'Show documentation for some-rule'],
    );
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
  const text = '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n';

  it("become CreateFile followed by the new file's text", () => {
    const run = linted({ [uri]: text }, uri);
    const [action] = actionsFor(run);
    assert.equal(action.title, 'Add a docker.service drop-in that starts dockerd without -H fd://');
    assert.equal(action.isPreferred, true);
    const changes = action.edit!.documentChanges!;
    assert.deepEqual(changes[0] as CreateFile, { kind: 'create', uri: created, options: { ignoreIfExists: true } });
    assert.deepEqual((changes[1] as TextDocumentEdit).textDocument, { uri: created, version: null });
    assert.match(((changes[1] as TextDocumentEdit).edits[0] as { newText: string }).newText, /^(# .*\n)+\[Service\]\nExecStart=\nExecStart=\/usr\/bin\/dockerd /);
  });

  it('are not offered to a client without documentChanges', () => {
    const run = linted({ [uri]: text }, uri);
    assert.deepEqual(
      actionsFor(run, false).map((a) => a.title),
      ['Show documentation for hosts-under-stock-unit'],
    );
  });
});

describe('code actions: the first fix clears the finding it is attached to', () => {
  const uri = 'file:///w/etc/docker/daemon.json';
  const text = '{\n  "hosts": ["tcp://0.0.0.0:2375"]\n}\n';

  it('on "hosts": ["tcp://0.0.0.0:2375"] the first entry turns TLS on, and applying it clears tcp-without-tls', () => {
    const run = linted({ [uri]: text }, uri);
    // The editor lists the warning first here; the error's fix must still lead the menu.
    const onTheHost = (d: Diagnostic) => d.range.start.character === text.split('\n')[1].indexOf('"tcp://');
    const diagnostics = toDiagnostics(run, undefined)
      .filter(onTheHost)
      .sort((a, b) => (b.severity ?? 0) - (a.severity ?? 0));
    assert.deepEqual(
      diagnostics.map((d) => d.code),
      ['tcp-all-interfaces', 'tcp-without-tls'],
    );
    const actions = codeActions({ textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } }, run, { documentChanges: true, resolvesEdits: false });
    const first = actions[0];
    assert.equal(first.diagnostics?.[0].code, 'tcp-without-tls');
    assert.match(first.title, /^Listen on tcp:\/\/0\.0\.0\.0:2376 with TLS client verification/);
    const after = applied(run, first);
    const left = lintFiles([{ uri, text: after }], run.config.options)[0].findings.map((finding) => finding.ruleId);
    assert.ok(!left.includes('tcp-without-tls'), left.join(', '));
    // Binding to loopback is offered for tcp-all-interfaces, after, and never as the preferred fix.
    const loopback = actions.find((action) => action.title.startsWith('Listen on tcp://127.0.0.1:2375'));
    assert.ok(loopback && loopback.isPreferred === false && actions.indexOf(loopback) > 0);
  });

  it('the hover\'s "How to fix" names the fix the menu leads with, not the loopback binding the rule page rules out', () => {
    const howToFix = rulesById.get('tcp-without-tls')!.meta.howToFix;
    assert.match(howToFix, /port 2376 with tlsverify/);
    assert.doesNotMatch(howToFix, /or bind to 127\.0\.0\.1/);
    const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules', 'tcp-without-tls.md'), 'utf8');
    assert.match(page, /Binding to `127\.0\.0\.1` is not offered by this rule/);
  });
});

describe('code actions: the drop-in menu of examples/bad (issue 19 item 10)', () => {
  const root = join(__dirname, '..', '..', 'examples', 'bad');
  const files = Object.fromEntries(
    ['etc/docker/daemon.json', 'etc/systemd/system/docker.service.d/override.conf', 'etc/default/docker'].map((path) => [`file:///w/${path}`, readFileSync(join(root, path), 'utf8')]),
  );
  const uri = 'file:///w/etc/systemd/system/docker.service.d/override.conf';

  it('one ExecStart= line: each action once, no claim that daemon.json holds fd://', () => {
    const run = linted(files, uri);
    const diagnostics = toDiagnostics(run, undefined).filter((diagnostic) => diagnostic.range.start.line === 2);
    assert.ok(diagnostics.length >= 2, diagnostics.map((d) => d.code).join(', '));
    const titles = codeActions({ textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } }, run, { documentChanges: true, resolvesEdits: true }).map((action) => action.title);
    assert.deepEqual(
      titles.filter((title, index) => titles.indexOf(title) !== index),
      [],
      'no duplicate entry',
    );
    assert.ok(titles.length <= 12, `${titles.length} entries:\n${titles.join('\n')}`);
    assert.ok(!titles.some((title) => title.includes('(keep it in daemon.json)')), titles.join('\n'));
  });
});

describe('code actions: fix-all is resolved when chosen', () => {
  const uri = 'file:///w/etc/docker/daemon.json';
  const text = '{\n  "hosts": ["tcp://0.0.0.0:2375"],\n  "debug": "true"\n}\n';

  it('offered without an edit to a client that resolves; codeAction/resolve computes it', () => {
    const run = linted({ [uri]: text }, uri);
    const client = { documentChanges: true, resolvesEdits: true };
    const [action] = codeActions({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: [fixAllKind] } }, run, client);
    assert.equal(action.kind, fixAllKind);
    assert.equal(action.edit, undefined);
    const resolved = resolveFixAll(action, run, client);
    assert.match(applied(run, resolved), /"tcp:\/\/0\.0\.0\.0:2376"[\s\S]*"debug": true[\s\S]*"tlsverify": true/);
  });
});
