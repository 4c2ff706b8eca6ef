// `# dockerd-lint-disable-next-line RULE[, RULE]` silences the next setting (all the
// physical lines of a continued one); `# dockerd-lint-disable RULE` silences the file.
// Without a rule list, every rule. Text after ` -- ` is a reason, as in ESLint.

import { type Suppressions, noSuppressions } from '../suppressions';
import { LineIndex } from '../text';
import type { Span } from '../types';

const directive = /^[#;]\s*dockerd-lint-(disable-next-line|disable)(?:\s+(.*))?$/;

interface CommentLike {
  text: string;
  line: number;
}

interface Setting {
  line: number;
  lineSpan: Span;
}

export function readSuppressions(comments: readonly CommentLike[], settings: readonly Setting[], text: string): Suppressions {
  const suppressions = noSuppressions();
  let lines: LineIndex | undefined;
  const commentLines = new Set(comments.map((comment) => comment.line));
  // By line, once: a search per directive was quadratic in a file of many directives.
  const settingAt = new Map<number, Setting>();
  for (const setting of settings) if (!settingAt.has(setting.line)) settingAt.set(setting.line, setting);
  for (const comment of comments) {
    const match = directive.exec(comment.text.trim());
    if (!match) continue;
    const listed = (match[2] ?? '').split(/\s--\s|^--\s/)[0];
    const rules = listed.split(/[\s,]+/).filter((rule) => rule !== '');
    const ids = rules.length > 0 ? rules : ['*'];
    if (match[1] === 'disable') {
      for (const id of ids) suppressions.wholeFile.add(id);
      continue;
    }
    // The next line, or the setting right after this comment and any comments stacked under it.
    let below = comment.line + 1;
    while (commentLines.has(below)) below++;
    const next = settingAt.get(below);
    lines ??= new LineIndex(text);
    const first = next ? next.line : comment.line + 1;
    const last = next ? lines.position(next.lineSpan.end).line : first;
    for (let line = first; line <= last; line++) {
      const set = suppressions.byLine.get(line) ?? new Set<string>();
      for (const id of ids) set.add(id);
      suppressions.byLine.set(line, set);
    }
  }
  return suppressions;
}
