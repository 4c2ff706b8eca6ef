// Values of a workflow as GitHub Actions reads them: a scalar is taken literally (`$VAR` is
// text: only a step's shell expands it, and only in `run`), and `${{ ... }}` is an expression
// the runner evaluates from contexts (secrets, matrix, inputs) the files do not hold. A value
// holding one is unknown: the readers leave it out instead of guessing it.

import type { ComposeValue } from '../compose/model';
import { type AliasUse, type TreeNode, deref } from '../compose/yaml-tree';

export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/** The scalar as written (no Compose interpolation), or undefined for a non-scalar, null or an expression. */
export function literalValueOf(node: TreeNode | undefined, outerVia?: AliasUse): ComposeValue | undefined {
  const { node: target, via } = deref(node, outerVia);
  if (target?.type !== 'scalar' || target.value === null || hasExpression(target.text.text)) return undefined;
  return { text: target.text.text, mapped: target.text, notes: [], unresolved: false, node: target, span: target.span, via };
}
