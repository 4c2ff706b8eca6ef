import type { Node } from 'jsonc-parser';
import { editorFor } from '../surface-edit';
import { spanOf } from '../daemon-json/model';
import type { DaemonJsonFile } from '../document';
import type { Fix } from '../types';
import type { FileRule, RuleContext } from './types';

export const duplicateKey: FileRule<'daemon-json'> = {
  meta: {
    id: 'duplicate-key',
    severity: 'warning',
    title: 'The same daemon.json key twice',
    summary: "Go's JSON decoder does not detect duplicate keys: dockerd silently keeps the last value (objects are merged), so the earlier one is dead text that misleads readers and reviewers.",
    howToFix: 'Remove the earlier occurrence (the quick-fix does, when the value is not an object that dockerd would merge).',
    preset: 'recommended',
    fixable: true,
    kinds: ['daemon-json'],
  },
  scope: 'file',
  check(file, context) {
    const root = file.daemonJson?.root;
    if (root) visit(root, file, context);
  },
};

function visit(node: Node, file: DaemonJsonFile, context: RuleContext): void {
  if (node.type === 'object') reportDuplicates(node, file, context);
  for (const child of node.children ?? []) visit(child, file, context);
}

function reportDuplicates(object: Node, file: DaemonJsonFile, context: RuleContext): void {
  const properties = object.children ?? [];
  if (!mayHaveDuplicateKey(properties)) return;
  const lastIndex = new Map<string, number>();
  properties.forEach((property, index) => {
    const key = keyOf(property);
    if (key !== undefined) lastIndex.set(key, index);
  });
  properties.forEach((property, index) => {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode) return;
    const key = String(keyNode.value);
    const last = lastIndex.get(key) as number;
    if (last === index) return;
    const lastProperty = properties[last];
    const line = file.lines.position(lastProperty.offset).line + 1;
    const merged = valueNode?.type === 'object' && lastProperty.children?.[1]?.type === 'object';
    const message = merged
      ? `${JSON.stringify(key)} is set again on line ${line}: dockerd merges the two objects (members set only here still apply), which readers of the file do not expect.`
      : `${JSON.stringify(key)} is set again on line ${line}: dockerd silently uses the last value and ignores this one.`;
    context.report({
      span: spanOf(keyNode),
      message,
      related: [{ uri: file.uri, span: spanOf(lastProperty.children?.[0] ?? lastProperty), message: 'the value dockerd uses' }],
      fixes: merged || valueNode?.type === 'object' ? [] : removal(file, key, properties.map(spanOf), index),
    });
  });
}

function keyOf(property: Node): string | undefined {
  const keyNode = property.children?.[0];
  return keyNode ? String(keyNode.value) : undefined;
}

/** Most objects are small and have no duplicate: compared in place, they cost no map each. */
function mayHaveDuplicateKey(properties: Node[]): boolean {
  if (properties.length > 16) return true;
  for (let i = 1; i < properties.length; i++) {
    const key = keyOf(properties[i]);
    if (key === undefined) continue;
    for (let j = 0; j < i; j++) if (keyOf(properties[j]) === key) return true;
  }
  return false;
}

function removal(file: DaemonJsonFile, key: string, siblings: ReturnType<typeof spanOf>[], index: number): Fix[] {
  return [{ title: `Remove this ${JSON.stringify(key)}`, preferred: true, changes: [{ uri: file.uri, edits: [editorFor('daemon-json').removeElement(file.text, siblings, index)] }] }];
}
