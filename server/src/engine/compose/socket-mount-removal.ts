// docker-socket-mount's fix, offered only where removing the mount leaves the service working:
// its Docker client names a daemon of the stack (DOCKER_HOST, or the CLI image's default) and the
// connectivity model shows it reaches that daemon, so the client does not go through the socket.
// Everything else (Traefik, Portainer, a client of a daemon outside the files) keeps the mount
// and is told why: a fix must never cut a client off.
//
// Where the mount is written decides the edit: an item of the service's own `volumes:` goes
// (the key with it when it was the only one); a mount merged from an anchor goes with the
// service's `<<: *anchor` when the anchor brings the service nothing but socket mounts (and the
// anchor itself, an `x-` extension no other alias uses, goes too); else with its item in the
// anchor when no other alias uses that anchor.

import { type Connectivity, type Edge, edgesOfService } from '../connectivity';
import type { ContainerFile } from '../document';
import { keptWith } from '../kept-with';
import type { Fix, TextEdit } from '../types';
import { boundHostPath, dockerSocketWithin, isRuntimeSocket, normalizeHostPath } from './host-paths';
import type { ComposeService, VolumeMount } from './model';
import { removeChild, removeKeyAndValue } from './yaml-edit';
import { type AliasUse, type MapEntry, type MapNode, type MergeKey, type TreeNode, deref, entryOf } from './yaml-tree';

/** The fix and why it holds, or why there is none (each a clause for the message); undefined when the service has no Docker client to judge by. */
export type SocketMountRemedy = { fix: Fix; because: string } | { declined: string };

export function removeSocketMount(file: ContainerFile, connectivity: Connectivity, service: ComposeService, volume: VolumeMount): SocketMountRemedy | undefined {
  const edge = dockerClientEdge(connectivity, service);
  if (!edge || edge.client.scheme === 'unix') return undefined;
  const { client } = edge;
  const via = client.kind === 'docker-host' ? `DOCKER_HOST=${client.target}` : `the image's default ${client.target}`;
  if (!edge.daemon) return { declined: `its Docker client uses ${via}, which is not a daemon in the files at hand, so whether something in the container still needs the socket is unknown` };
  if (!edge.reaches) return { declined: `its Docker client uses ${via}, which reaches no listener of ${edge.daemon.label} today` };
  const edits = removalEdits(file, service, volume);
  if ('declined' in edits) return edits;
  const because = `uses ${via}, which reaches ${edge.daemon.label} (${assumption(service, volume)})`;
  const fix: Fix = { title: `Remove the Docker socket mount from "${service.name}": its Docker client ${because}`, preferred: true, changes: [{ uri: file.uri, edits: edits.edits }] };
  return { fix, because };
}

/** The edge of the service's Docker client (not its socket mounts), if it is one. */
function dockerClientEdge(connectivity: Connectivity, service: ComposeService): Edge | undefined {
  return edgesOfService(connectivity, service).find((edge) => edge.client.kind === 'docker-host' || edge.client.kind === 'cli-default');
}

/** What the fix takes for granted, said in its title. */
function assumption(service: ComposeService, volume: VolumeMount): string {
  const image = service.image?.text.toLowerCase() ?? '';
  // gitlab-runner's docker executor uses DOCKER_HOST only when config.toml's [runners.docker] names no host.
  if (image.startsWith('gitlab/gitlab-runner') || image.includes('/gitlab-runner')) return "assumes the runner's config.toml sets no host in [runners.docker], so its docker executor uses DOCKER_HOST";
  const target = volume.target ? normalizeHostPath(volume.target.text) : 'the socket';
  return `assumes nothing in the container opens ${target} directly`;
}

function isSocketMount(volume: VolumeMount): boolean {
  const host = boundHostPath(volume)?.text ?? '';
  return host !== '' && (isRuntimeSocket(host) || dockerSocketWithin(host) !== undefined);
}

type Edits = { edits: TextEdit[] } | { declined: string };

function removalEdits(file: ContainerFile, service: ComposeService, volume: VolumeMount): Edits {
  if (file.kind !== 'compose' || file.containers.models.length !== 1 || file.containers.syntaxErrors.length > 0) {
    return { declined: 'only a Compose file of one YAML document without errors is edited' };
  }
  if (volume.inherited || volume.uri) return { declined: 'the mount is written in another service or file' };
  if (service.via) return { declined: 'the service itself comes from an alias' };
  if (volume.via) return removeMerged(file, service, volume, volume.via);
  return removeOwn(file, service, volume);
}

/** An item of the service's own `volumes:`, with the merge of an anchor it was copied from (what dind-tls-disabled's fix copies). */
function removeOwn(file: ContainerFile, service: ComposeService, volume: VolumeMount): Edits {
  const text = file.text;
  const entry = entryOf(service.node, 'volumes');
  const { node: list, via } = entry ? deref(entry.value) : { node: undefined };
  const item = list?.type === 'seq' ? list.items.find((candidate) => candidate.span.start === volume.span.start) : undefined;
  if (!entry || entry.via || via || list?.type !== 'seq' || !item) return { declined: "the mount is not an item of the service's own volumes list" };
  const written = text.slice(item.span.start, item.span.end).trim();
  const merges = service.node.merges ?? [];
  const copies = merges.filter((merge) => isOverriddenCopy(text, service.node, merge, written));
  const edits = copies.flatMap((merge) => mergeRemoval(file, merge.value) ?? []);
  if (edits.length < copies.length) return { declined: 'the anchor it copies the mount from is merged in a form dockerd-lint does not edit' };
  if (list.items.length > 1) return { edits: [removeChild(text, item.span, list.flow), ...edits] };
  // Without its own `volumes:`, the service would take the volumes of an anchor it still merges.
  if (merges.some((merge) => !copies.includes(merge) && mergedMaps(merge).some((map) => entryOf(map, 'volumes')))) {
    return { declined: 'removing its only volume would bring back the volumes of the anchor it merges' };
  }
  return { edits: [removeKeyAndValue(text, entry.keySpan, list.span), ...edits] };
}

/** The maps a merge key brings (`<<: *a` or `<<: [*a, *b]`). */
function mergedMaps(merge: MergeKey): MapNode[] {
  return (merge.value.type === 'seq' ? merge.value.items : [merge.value]).flatMap((source) => {
    const { node } = deref(source);
    return node?.type === 'map' ? [node] : [];
  });
}

/** `<<: *name` whose every key the service overrides (it brings nothing) and whose volumes hold the item `written`. */
function isOverriddenCopy(text: string, service: MapNode, merge: MergeKey, written: string): boolean {
  const [map] = mergedMaps(merge);
  if (merge.value.type !== 'alias' || !map) return false;
  const own = new Set(service.entries.filter((entry) => !entry.via).map((entry) => entry.key));
  if (!map.entries.every((entry) => own.has(entry.key))) return false;
  const volumes = entryOf(map, 'volumes');
  const list = volumes && deref(volumes.value).node;
  return list?.type === 'seq' && list.items.some((candidate) => text.slice(candidate.span.start, candidate.span.end).trim() === written);
}

/** A mount merged from an anchor through `<<: *name`. */
function removeMerged(file: ContainerFile, service: ComposeService, volume: VolumeMount, via: AliasUse): Edits {
  const text = file.text;
  const name = via.name;
  const brought = service.node.entries.filter((entry) => entry.via?.use.start === via.use.start);
  const onlySockets = brought.every((entry) => entry.key === 'volumes') && service.volumes.filter((other) => other.via?.use.start === via.use.start).every(isSocketMount);
  const merge = service.node.merges?.find((candidate) => candidate.value.span.start === via.use.start);
  const edits = name !== '' && onlySockets && merge ? mergeRemoval(file, merge.value) : undefined;
  if (edits) return { edits };
  if (aliasUses(file, name) !== 1) return { declined: `the mount comes from &${name}, which other services merge too` };
  const volumes = brought.find((entry) => entry.key === 'volumes');
  const list = volumes && deref(volumes.value).node;
  if (list?.type !== 'seq' || list.items.length < 2) return { declined: `the mount is the only volume of &${name}, which brings other settings too` };
  const item = list.items.find((candidate) => candidate.span.start === volume.span.start);
  if (!item) return { declined: `the mount is not an item of the volumes of &${name}` };
  return { edits: [removeChild(text, item.span, list.flow)] };
}

/** Removes the line `<<: *name` (block style, alone on its line) and the `x-` anchor once no other alias uses it; undefined for other forms. */
function mergeRemoval(file: ContainerFile, alias: TreeNode): TextEdit[] | undefined {
  if (alias.type !== 'alias' || !alias.target) return undefined;
  const text = file.text;
  const start = text.lastIndexOf('\n', alias.span.start - 1) + 1;
  const lineEnd = text.indexOf('\n', alias.span.end);
  const before = text.slice(start, alias.span.start).trim();
  const after = text.slice(alias.span.end, lineEnd < 0 ? text.length : lineEnd).trim();
  if (before.replace(' ', '') !== '<<:' || (after !== '' && !after.startsWith('#'))) return undefined;
  const edits = [removeChild(text, { start: text.indexOf('<', start), end: alias.span.end }, false)];
  const extension = aliasUses(file, alias.name) === 1 ? extensionHolding(file, alias.target) : undefined;
  if (extension) edits.push(removeKeyAndValue(text, extension.keySpan, extension.value.span));
  return edits;
}

/** How many times each `*name` is written in a file, counted in one pass (an overcount, in a comment or a string, only makes a fix decline). */
const aliasCounts = keptWith<Map<string, number>>('alias counts');

function aliasUses(file: ContainerFile, name: string): number {
  const counts = aliasCounts(file, () => {
    const written = new Map<string, number>();
    const text = file.text;
    for (let at = text.indexOf('*'); at >= 0; at = text.indexOf('*', at + 1)) {
      let end = at + 1;
      while (end < text.length && !' \t\r\n,[]{}#*'.includes(text[end])) end++;
      const alias = text.slice(at + 1, end);
      if (alias !== '') written.set(alias, (written.get(alias) ?? 0) + 1);
      at = end - 1;
    }
    return written;
  });
  return counts.get(name) ?? 0;
}

/** The top-level `x-` entries of a file by their value node, to find the one an anchor is. */
const extensions = keptWith<Map<TreeNode, MapEntry>>('x- extensions by value');

function extensionHolding(file: ContainerFile, node: TreeNode): MapEntry | undefined {
  const byValue = extensions(file, () => {
    const entries = new Map<TreeNode, MapEntry>();
    for (const entry of file.containers.models[0]?.node?.entries ?? []) if (!entry.via && entry.key.startsWith('x-')) entries.set(entry.value, entry);
    return entries;
  });
  return byValue.get(node);
}
