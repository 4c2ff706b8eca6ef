// What an editor does with the certificate command's workspace/applyEdit, for the tests that
// drive the server over JSON-RPC: file creations and text edits, written to disk.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';

export function applyWorkspaceEditToDisk(edit: WorkspaceEdit): string[] {
  const changed: string[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`unexpected resource operation ${change.kind}`);
      const path = fileURLToPath(change.uri);
      mkdirSync(dirname(path), { recursive: true });
      if (!existsSync(path)) writeFileSync(path, '');
      continue;
    }
    const path = fileURLToPath(change.textDocument.uri);
    const document = TextDocument.create(change.textDocument.uri, 'plaintext', 0, readFileSync(path, 'utf8'));
    writeFileSync(
      path,
      TextDocument.applyEdits(
        document,
        change.edits.map((textEdit) => {
          if (!('newText' in textEdit)) throw new Error('a snippet edit');
          return textEdit;
        }),
      ),
    );
    changed.push(path);
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const path = fileURLToPath(uri);
    writeFileSync(path, TextDocument.applyEdits(TextDocument.create(uri, 'plaintext', 0, readFileSync(path, 'utf8')), edits));
    changed.push(path);
  }
  return changed;
}
