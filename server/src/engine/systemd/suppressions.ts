// Suppression comments of unit files and environment files (syntax: ../suppressions.ts).
// `-next-line` covers the setting right after the comment and any comments stacked under it,
// all the physical lines of a continued one; `-line` covers the comment's own line (systemd
// has no comment after a value, so it silences nothing there).

import { type SuppressionDirective, type Suppressions, parseDirective } from '../suppressions';
import { LineIndex } from '../text';
import type { Span } from '../types';

interface CommentLike {
  text: string;
  span: Span;
  line: number;
}

interface Setting {
  line: number;
  lineSpan: Span;
}

export function readSuppressions(comments: readonly CommentLike[], settings: readonly Setting[], text: string): Suppressions {
  const directives: SuppressionDirective[] = [];
  let lines: LineIndex | undefined;
  const commentLines = new Set(comments.map((comment) => comment.line));
  // By line, once: a search per directive was quadratic in a file of many directives.
  const settingAt = new Map<number, Setting>();
  for (const setting of settings) if (!settingAt.has(setting.line)) settingAt.set(setting.line, setting);
  for (const comment of comments) {
    const directive = parseDirective(comment.text);
    if (!directive) continue;
    let first = comment.line;
    let last = comment.line;
    if (directive.form === 'next-line') {
      let below = comment.line + 1;
      while (commentLines.has(below)) below++;
      const next = settings.find((setting) => setting.line === below);
      lines ??= new LineIndex(text);
      first = next ? next.line : comment.line + 1;
      last = next ? lines.position(next.lineSpan.end).line : first;
    }
    directives.push({ ...directive, span: comment.span, firstLine: first, lastLine: last });
  }
  return { directives };
}
