// Fingerprints that tell CI systems a finding is the same one as in the last run (SARIF
// partialFingerprints, GitLab's fingerprint): stable across edits elsewhere in the file.

import { createHash } from 'node:crypto';

export class Fingerprints {
  private readonly seen = new Map<string, number>();

  /** Rule, file, the finding's line text (trimmed), and which repeat of that triple it is in this run. */
  of(ruleId: string, path: string, lineText: string): string {
    const base = `${ruleId}\0${path}\0${lineText.trim()}`;
    const occurrence = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, occurrence);
    return createHash('sha256').update(`${base}\0${occurrence}`).digest('hex').slice(0, 32);
  }
}
