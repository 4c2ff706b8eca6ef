// Where a rule's documentation page is, for diagnostics (codeDescription), hover and SARIF.
// By default the page shipped next to the bundle (dist/../docs/rules/<id>.md), so links work
// offline inside the .vsix; a base URL (setting or CLI option) points at a published site.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trimEndOf } from './engine/text';

export function ruleDocsUrl(ruleId: string, baseUrl?: string): string {
  if (baseUrl) return `${trimEndOf(baseUrl, '/')}/${encodeURIComponent(ruleId)}.md`;
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).href;
}

/**
 * The text of a rule's page as shipped next to the bundle, for SARIF's help.markdown; links to
 * sibling pages point at `baseUrl` when given (relative ones mean nothing in code scanning).
 */
export function ruleDocsPage(ruleId: string, baseUrl?: string): string | undefined {
  let page: string;
  try {
    page = readFileSync(path.join(__dirname, '..', 'docs', 'rules', `${ruleId}.md`), 'utf8');
  } catch {
    return undefined;
  }
  if (!baseUrl) return page;
  let end = baseUrl.length;
  while (end > 0 && baseUrl[end - 1] === '/') end--;
  const base = baseUrl.slice(0, end);
  return page.replace(/\]\(([a-z0-9-]+\.md)(#[^)]*)?\)/g, (_link, file: string, anchor = '') => `](${base}/${file}${anchor})`);
}
