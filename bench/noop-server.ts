// The cold-start baseline: a vscode-languageserver server that does no analysis and answers
// every opened or changed document with empty diagnostics. Bundled like dist/server.js.

import { TextDocument } from 'vscode-languageserver-textdocument';
import { ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
documents.onDidChangeContent((event) => void connection.sendDiagnostics({ uri: event.document.uri, version: event.document.version, diagnostics: [] }));
documents.listen(connection);
connection.listen();
