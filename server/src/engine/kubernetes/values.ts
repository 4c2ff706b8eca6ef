// Reading values of a Kubernetes manifest from the YAML tree. Unlike Compose, Kubernetes does
// not interpolate `${VAR}`: a scalar is the text it is (`$(VAR)` in env, command and args is
// expanded by the kubelet from the container's own variables and is left as written).

import type { ComposeValue } from '../compose/model';
import { type AliasUse, type MapNode, type SeqNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';

/** The scalar as written, or undefined for a null or a collection. */
export function literalValue(node: TreeNode | undefined, outerVia?: AliasUse): ComposeValue | undefined {
  const { node: target, via } = deref(node, outerVia);
  if (target?.type !== 'scalar' || target.value === null) return undefined;
  return { text: target.text.text, mapped: target.text, notes: [], unresolved: false, node: target, span: target.span, via };
}

export function valueAt(map: MapNode | undefined, key: string): ComposeValue | undefined {
  const entry = map && entryOf(map, key);
  return entry && literalValue(entry.value, entry.via);
}

export function mapAt(map: MapNode | undefined, key: string): MapNode | undefined {
  const entry = map && entryOf(map, key);
  const node = deref(entry?.value).node;
  return node?.type === 'map' ? node : undefined;
}

export function seqAt(map: MapNode | undefined, key: string): SeqNode | undefined {
  const entry = map && entryOf(map, key);
  const node = deref(entry?.value).node;
  return node?.type === 'seq' ? node : undefined;
}

/** The maps of a list (`containers`, `env`, `volumes`), aliases followed. */
export function mapsOf(seq: SeqNode | undefined): { node: MapNode; via?: AliasUse }[] {
  return (seq?.items ?? []).flatMap((item) => {
    const { node, via } = deref(item);
    return node?.type === 'map' ? [{ node, via }] : [];
  });
}

/**
 * `true` as Kubernetes reads a boolean field: its YAML decoder (go-yaml v2, YAML 1.1) also
 * takes a plain `yes`, `y` or `on` for true; a quoted "true" is a type error there.
 */
export function isTrue(value: ComposeValue | undefined): boolean {
  if (!value) return false;
  if (value.node.value === true) return true;
  return value.node.style === 'plain' && ['y', 'yes', 'on'].includes(value.text.toLowerCase());
}

/** The string map of `metadata.labels`, `spec.selector`, `matchLabels`. */
export function labelsOf(map: MapNode | undefined): Map<string, string> {
  const labels = new Map<string, string>();
  for (const entry of map?.entries ?? []) {
    const value = literalValue(entry.value, entry.via);
    if (value) labels.set(entry.key, value.text);
  }
  return labels;
}
