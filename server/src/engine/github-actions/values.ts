// Values of a workflow as GitHub Actions reads them: a scalar is taken literally (`$VAR` is
// text: only a step's shell expands it, and only in `run`), and `${{ ... }}` is an expression
// the runner evaluates from contexts (secrets, matrix, inputs) the files do not hold. A value
// holding one is unknown: the readers leave it out instead of guessing it. A reusable workflow
// read for one of its callers is the exception: `${{ inputs.NAME }}` is what that caller passes.

import { mappedWhole } from '../compose/mapped-string';
import type { ComposeValue } from '../compose/model';
import { type AliasUse, type TreeNode, deref } from '../compose/yaml-tree';
import type { Span } from '../types';

export function hasExpression(text: string): boolean {
  return text.includes('${{');
}

/** The scalar as written (no Compose interpolation), or undefined for a non-scalar, null or an expression. */
export function literalValueOf(node: TreeNode | undefined, outerVia?: AliasUse): ComposeValue | undefined {
  const { node: target, via } = deref(node, outerVia);
  if (target?.type !== 'scalar' || target.value === null || hasExpression(target.text.text)) return undefined;
  return { text: target.text.text, mapped: target.text, notes: [], unresolved: false, node: target, span: target.span, via };
}

/**
 * A value a caller passes to a reusable workflow's input (its `with:`, else the input's
 * `default:`), placed where a user changes it in the file being read: the caller's `with:` entry,
 * or its `uses:` when the default applies. Undefined in CallerInputs: unknown (an expression).
 */
export interface PassedInput {
  value: ComposeValue;
  place: Span;
}

/** The inputs of one call, by lower-cased name: GitHub's context properties are case-insensitive. */
export type CallerInputs = ReadonlyMap<string, PassedInput | undefined>;

const inputExpression = /\$\{\{\s*inputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/i;

/**
 * The value as a called job sees it: literal, or with its one `${{ inputs.NAME }}` (alone or
 * inside text) replaced by what the caller passes. Any other expression, a second one, or an
 * input whose value is unknown leaves it unknown: never guessed. Text around the input is
 * mapped onto the passed value's place, the only characters of the caller's file it has.
 */
export function valueWithInputs(node: TreeNode | undefined, outerVia: AliasUse | undefined, inputs: CallerInputs | undefined): { value?: ComposeValue; passed?: PassedInput } {
  const literal = literalValueOf(node, outerVia);
  if (literal || !inputs) return { value: literal };
  const { node: target } = deref(node, outerVia);
  if (target?.type !== 'scalar' || typeof target.value !== 'string') return {};
  const text = target.text.text;
  const match = inputExpression.exec(text);
  const passed = match && inputs.get(match[1].toLowerCase());
  if (!match || !passed) return {};
  const before = text.slice(0, match.index);
  const after = text.slice(match.index + match[0].length);
  if (hasExpression(before) || hasExpression(after)) return {};
  if (before === '' && after === '') return { value: passed.value, passed };
  const whole = before + passed.value.text + after;
  return { value: { ...passed.value, text: whole, mapped: mappedWhole(whole, passed.value.span) }, passed };
}
