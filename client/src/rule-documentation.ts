// "dockerd-lint: Show rule documentation": opens docs/rules/<id>.md shipped inside the
// extension (offline) in the Markdown preview; without an id, offers every rule in a quick pick.

import { Uri, commands, window, workspace, type ExtensionContext } from 'vscode';
import { isRuleId, ruleIdsOf } from './rule-pages';

/** The text under "## What it catches", first paragraph, as one line (the quick pick's detail). */
export function whatItCatches(markdown: string): string {
  const section = markdown.split(/^## What it catches\s*$/m)[1] ?? '';
  const paragraph = section.trim().split(/\n\s*\n/)[0] ?? '';
  return paragraph.replace(/\s+/g, ' ').trim();
}

async function ruleIds(docsFolder: Uri): Promise<string[]> {
  const entries = await workspace.fs.readDirectory(docsFolder);
  return ruleIdsOf(entries.map(([name]) => name));
}

async function pickRule(docsFolder: Uri): Promise<string | undefined> {
  const items = await Promise.all(
    (await ruleIds(docsFolder)).map(async (id) => {
      const text = new TextDecoder().decode(await workspace.fs.readFile(Uri.joinPath(docsFolder, `${id}.md`)));
      return { label: id, detail: whatItCatches(text) };
    }),
  );
  const picked = await window.showQuickPick(items, { placeHolder: 'Which dockerd-lint rule?', matchOnDetail: true });
  return picked?.label;
}

export function registerRuleDocumentationCommand(context: ExtensionContext): void {
  const docsFolder = Uri.joinPath(context.extensionUri, 'docs', 'rules');
  const show = async (ruleId?: unknown): Promise<void> => {
    const id = typeof ruleId === 'string' ? ruleId : await pickRule(docsFolder);
    if (id === undefined) return;
    const page = Uri.joinPath(docsFolder, `${id}.md`);
    const known = isRuleId(id) && (await ruleIds(docsFolder)).includes(id);
    if (!known) {
      void window.showErrorMessage(`dockerd-lint has no rule called "${id}".`);
      return;
    }
    await commands.executeCommand('markdown.showPreview', page);
  };
  context.subscriptions.push(commands.registerCommand('dockerdLint.showRuleDocumentation', show));
}
