// Where a rule's documentation page is, for diagnostics (codeDescription), hover and SARIF.
// By default the page shipped next to the bundle (dist/../docs/rules/<id>.md), so links work
// offline inside the .vsix; a base URL (setting or CLI option) points at a published site.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { trimEndOf } from './engine/text';

export function ruleDocsUrl(ruleId: string, baseUrl?: string): string {
  if (baseUrl) return `${trimEndOf(baseUrl, '/')}/${encodeURIComponent(ruleId)}.md`;
  return pathToFileURL(path.join(__dirname, '..', 'docs', 'rules', `${ruleId}.md`)).href;
}
