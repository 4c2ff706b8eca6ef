// The language server: a thin adapter that feeds open documents to the engine and turns
// findings into diagnostics. Started as `node dist/server.js --stdio` or `--node-ipc`.

import { TextDocument } from 'vscode-languageserver-textdocument';
import { type Diagnostic, DiagnosticSeverity, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { defaultLintOptions } from './engine/config';
import { lintText } from './engine/lint';
import type { Finding } from './engine/types';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

const severities = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information };

function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  return {
    range: { start: document.positionAt(finding.span.start), end: document.positionAt(finding.span.end) },
    severity: severities[finding.severity],
    code: finding.ruleId,
    source: 'dockerd-lint',
    message: finding.message,
  };
}

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

function validate(document: TextDocument): void {
  const result = lintText({ uri: document.uri, text: document.getText() }, defaultLintOptions());
  void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: (result?.findings ?? []).map((f) => toDiagnostic(document, f)) });
}

documents.onDidChangeContent((event) => validate(event.document));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
documents.listen(connection);
connection.listen();
