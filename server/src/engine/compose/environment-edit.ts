// Fixes on a service's `environment`: remove a variable, add one next to another, in the
// form the user wrote (list `- NAME=value` or map `NAME: value`), keeping the rest as written.

import type { TextEdit } from '../types';
import type { ComposeService, EnvVar } from './model';
import { editable } from './report';
import { insertMapEntryAfter, insertSeqItemAfter, removeChild, removeKeyAndValue, scalarLike } from './yaml-edit';

/** Removes one variable; the whole `environment:` key when it was the only one. */
export function removeVariable(text: string, service: ComposeService, variable: EnvVar): TextEdit | undefined {
  const holder = service.environmentNode;
  if (!holder || holder.via || !editable(variable)) return undefined;
  const count = holder.node.type === 'seq' ? holder.node.items.length : holder.node.entries.length;
  // An empty `environment:` would be null, which the Compose schema rejects.
  if (count === 1) return removeKeyAndValue(text, holder.keySpan, holder.node.span);
  return removeChild(text, variable.span, holder.node.flow);
}

/** Adds `name=value` right after `after`, in its form and quoting style. */
export function addVariableAfter(text: string, service: ComposeService, after: EnvVar, name: string, value: string): TextEdit | undefined {
  const holder = service.environmentNode;
  if (!holder || holder.via || !editable(after)) return undefined;
  if (holder.node.type === 'seq') {
    const item = holder.node.items.find((candidate) => candidate.span.start === after.span.start);
    if (item?.type !== 'scalar') return undefined;
    return insertSeqItemAfter(text, holder.node, item, scalarLike(item, `${name}=${value}`));
  }
  const entry = holder.node.entries.find((candidate) => candidate.keySpan.start === after.nameSpan.start);
  if (!entry) return undefined;
  const like = entry.value.type === 'scalar' && entry.value.style !== 'plain' ? entry.value : undefined;
  return insertMapEntryAfter(text, holder.node, entry, `${name}: ${like ? scalarLike(like, value) : JSON.stringify(value)}`);
}
