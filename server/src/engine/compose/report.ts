// What Compose rules share when they report: where a value is shown (its exact characters, or
// the alias use site when it came through an alias, with the anchor as related information)
// and how judgement notes (interpolation defaults) join the message.

import type { RelatedLocation, Span } from '../types';
import type { ComposeService } from './model';
import type { AliasUse } from './yaml-tree';

export interface Placed {
  /** The file that set the item (a project's override or include), else the file being checked. */
  uri: string;
  span: Span;
  related: RelatedLocation[];
}

/** Where to report an item (or an exact part of it): the file that set it, and the anchor it came from. */
export function placeOf(fileUri: string, item: { span: Span; via?: AliasUse; uri?: string }, exact?: Span): Placed {
  const uri = item.uri ?? fileUri;
  if (!item.via) return { uri, span: exact ?? item.span, related: [] };
  const anchor = item.via.name ? `&${item.via.name}` : 'the merged map';
  return { uri, span: item.via.use, related: [{ uri, span: exact ?? item.via.anchor, message: `The value comes from ${anchor} here` }] };
}

/** Interpolation judgements, appended to a message. */
export function notesSuffix(notes: readonly string[]): string {
  const unique = [...new Set(notes)];
  return unique.length > 0 ? ` (${unique.join('; ')}.)` : '';
}

/** Whether a fix may edit the item's text in place. */
export function editable(item: { via?: AliasUse; inherited?: string; uri?: string; fromEnvFile?: string }): boolean {
  return !item.via && !item.inherited && !item.uri && !item.fromEnvFile;
}

/** How a message names the container inside a sentence: `service "dind"`, or its surface's label. */
export function serviceLabel(service: Pick<ComposeService, 'name' | 'label'>): string {
  return service.label ?? `service "${service.name}"`;
}

/** serviceLabel at the start of a sentence. */
export function serviceLabelStart(service: Pick<ComposeService, 'name' | 'label'>): string {
  const label = serviceLabel(service);
  return label.charAt(0).toUpperCase() + label.slice(1);
}
