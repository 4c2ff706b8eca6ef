// The certificate command's UI in VS Code. The language server runs the command (it is
// registered from the server's executeCommandProvider) and asks its questions here: this
// file only renders them as input boxes, quick picks and modal confirmations, asks the server
// whether a typed value is valid, and shows the outcome, saying per changed file whether the
// editor has saved it.

import { ConfigurationTarget, Uri, window, workspace, type Disposable, type TextDocument } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  type CertificateAnswer,
  type CertificateQuestion,
  type CertificateReport,
  type CertificateValidateParams,
  certificateQuestionRequest,
  certificateReportRequest,
  certificateValidateRequest,
  tlsCertDirectorySetting,
} from '../../../server/src/protocol';

export function registerCertificateQuestions(client: LanguageClient): Disposable[] {
  return [
    client.onRequest(certificateQuestionRequest, (question: CertificateQuestion) => answer(client, question)),
    client.onRequest(certificateReportRequest, (report: CertificateReport) => showReport(report)),
  ];
}

async function answer(client: LanguageClient, question: CertificateQuestion): Promise<CertificateAnswer> {
  switch (question.kind) {
    case 'input': {
      const validation = question.validation;
      const text = await window.showInputBox({
        title: question.title,
        prompt: question.prompt,
        value: question.value,
        ignoreFocusOut: true,
        validateInput: validation
          ? async (value) => (await client.sendRequest<string | null>(certificateValidateRequest, { validation, value } satisfies CertificateValidateParams)) ?? undefined
          : undefined,
      });
      return text === undefined ? null : { text };
    }
    case 'pick': {
      const items = question.items.map((item, index) => ({ label: item.label, detail: item.detail, index }));
      const picked = await window.showQuickPick(items, { title: question.title, ignoreFocusOut: true });
      return picked ? { index: picked.index } : null;
    }
    case 'folder': {
      const choices = [
        { label: question.suggested, description: question.detail, path: question.suggested as string | undefined },
        { label: 'Choose a folder…', description: '', path: undefined },
      ];
      const picked = await window.showQuickPick(choices, { title: question.title, ignoreFocusOut: true });
      if (!picked) return null;
      if (picked.path) return { text: picked.path };
      const folders = await window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Write certificates here' });
      return folders?.[0] ? { text: folders[0].fsPath } : null;
    }
    case 'confirm':
      return { confirmed: (await window.showWarningMessage(question.message, { modal: true, detail: question.detail }, question.action)) === question.action };
  }
}

/** Waits while auto save may still write the changed documents: "saved" is then what VS Code says. */
async function afterAutoSave(documents: TextDocument[]): Promise<void> {
  const files = workspace.getConfiguration('files');
  if (files.get<string>('autoSave', 'off') !== 'afterDelay' || !documents.some((document) => document.isDirty)) return;
  // Generous: a busy machine writes late, and "saved" must only be said once it is true.
  const waitMs = files.get<number>('autoSaveDelay', 1000) + 10_000;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, waitMs);
    const listener = workspace.onDidSaveTextDocument(() => {
      if (!documents.some((document) => document.isDirty)) done();
    });
    function done(): void {
      clearTimeout(timer);
      listener.dispose();
      resolve();
    }
  });
}

async function showReport(report: CertificateReport): Promise<void> {
  const changed = report.changedUris.map((uri) => workspace.textDocuments.find((document) => document.uri.toString() === uri)).filter((document): document is TextDocument => document !== undefined);
  if (changed[0]) await window.showTextDocument(changed[0], { preview: false });
  await afterAutoSave(changed);
  const states = report.changedUris.map((uri) => {
    const path = workspace.asRelativePath(Uri.parse(uri));
    const document = changed.find((candidate) => candidate.uri.toString() === uri);
    if (!document) return `- \`${path}\`: changed on disk`;
    return document.isDirty ? `- \`${path}\`: changed in the editor, **not saved yet**: review it, then save it (or undo it)` : `- \`${path}\`: changed and saved`;
  });
  if (report.tlsCertDirectory) {
    const target = workspace.workspaceFolders ? ConfigurationTarget.Workspace : ConfigurationTarget.Global;
    await workspace
      .getConfiguration()
      .update(tlsCertDirectorySetting, report.tlsCertDirectory, target)
      .then(
        () => states.push(`- \`${tlsCertDirectorySetting}\` set to \`${report.tlsCertDirectory}\` in the workspace settings (saved)`),
        (error: unknown) => states.push(`- \`${tlsCertDirectorySetting}\` could not be recorded: ${(error as Error).message}`),
      );
  }
  const markdown = states.length > 0 ? report.markdown.replace('\n\n', `\n\n${states.join('\n')}\n\n`) : report.markdown;
  const document = await workspace.openTextDocument({ language: 'markdown', content: markdown });
  await window.showTextDocument(document, { preview: false });
}
