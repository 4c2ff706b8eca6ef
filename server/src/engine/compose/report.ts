// What Compose rules share when they report: where a value is shown (its exact characters, or
// the alias use site when it came through an alias, with the anchor as related information)
// and how judgement notes (interpolation defaults) join the message.

import type { RelatedLocation, Span } from '../types';
import type { AliasUse } from './yaml-tree';

export interface Placed {
  span: Span;
  related: RelatedLocation[];
}

/** The span to report for an item (or an exact part of it) and the anchor it came from. */
export function placeOf(uri: string, item: { span: Span; via?: AliasUse }, exact?: Span): Placed {
  if (!item.via) return { span: exact ?? item.span, related: [] };
  const anchor = item.via.name ? `&${item.via.name}` : 'the merged map';
  return { span: item.via.use, related: [{ uri, span: exact ?? item.via.anchor, message: `The value comes from ${anchor} here` }] };
}

/** Interpolation judgements, appended to a message. */
export function notesSuffix(notes: readonly string[]): string {
  const unique = [...new Set(notes)];
  return unique.length > 0 ? ` (${unique.join('; ')}.)` : '';
}

/** Whether a fix may edit the item's text in place. */
export function editable(item: { via?: AliasUse; inherited?: string }): boolean {
  return !item.via && !item.inherited;
}
