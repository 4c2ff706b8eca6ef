// What the hardening rules (strict preset) share on Compose services: the values a service
// gets through `extends` from services of the same file, and the one edit their fixes make,
// adding an item to a list key of the service (or the key with that item), in place.

import type { ContainerFile } from '../document';
import type { ComposeService, ComposeValue, HardeningKeys } from '../compose/model';
import { editorFor } from '../surface-edit';
import { type ContainerKind, type Fix, containerKinds } from '../types';

/**
 * The kinds whose files can set what the hardening rules ask for. A GitLab CI pipeline has no
 * such keys (no cap_drop, security_opt, limits or read-only root filesystem for a job or a
 * service: the runner's config.toml sets them for every job it runs), so they do not judge it.
 */
export const hardenableKinds: ContainerKind[] = containerKinds.filter((kind) => kind !== 'gitlab-ci');

/** Compose's keys: the surfaces with keys of their own (a pod, a runner, a workflow's options:) set hardeningKeys. */
const composeKeys: HardeningKeys = {
  noNewPrivileges: 'security_opt no-new-privileges:true',
  dropAllCapabilities: 'cap_drop: [ALL]',
  addCapabilities: 'cap_add',
  readOnlyRoot: 'read_only: true',
  scratchVolume: 'a volume or tmpfs',
  memoryLimit: 'mem_limit',
  pidsLimit: 'pids_limit',
};

/** How the service's own file sets the hardening settings, for messages. */
export function hardeningKeysOf(service: ComposeService): HardeningKeys {
  return service.hardeningKeys ?? composeKeys;
}

/** The service, then the services it extends in this file, nearest first (a cycle ends the chain). */
function extendsChain(service: ComposeService, services: readonly ComposeService[]): ComposeService[] {
  const chain = [service];
  let current = service;
  while (current.extendsService) {
    const base = services.find((candidate) => candidate.name === current.extendsService);
    if (!base || chain.includes(base)) break;
    chain.push(base);
    current = base;
  }
  return chain;
}

/** Each Compose service of the file with its `extends` chain, the loop every hardening rule runs. */
export function servicesWithBases(file: ContainerFile): { service: ComposeService; chain: ComposeService[] }[] {
  const services = file.containers?.services ?? [];
  return services.filter((service) => !service.runsNoContainer).map((service) => ({ service, chain: extendsChain(service, services) }));
}

/** A scalar option as Compose resolves `extends`: the service's own value, else the nearest base's. */
export function inherited(chain: readonly ComposeService[], pick: (service: ComposeService) => ComposeValue | undefined): ComposeValue | undefined {
  for (const service of chain) {
    const value = pick(service);
    if (value) return value;
  }
  return undefined;
}

/** A list option as Compose merges it through `extends`: the items of every service of the chain. */
export function inheritedList(chain: readonly ComposeService[], pick: (service: ComposeService) => readonly ComposeValue[]): ComposeValue[] {
  return chain.flatMap((service) => [...pick(service)]);
}

/**
 * A fix that adds `item` to the service's `key` list, or the key as a one-item flow list after
 * the service's last own entry (the Compose editor's addListItem); none where that edit would
 * change other services too.
 */
export function addListItemFix(file: ContainerFile, service: ComposeService, key: string, item: string, title: string, preferred: boolean): Fix[] {
  // A surface without such a list (a pod's securityContext, a workflow's options:) has an editor that adds none.
  const edit = editorFor(file.kind).addListItem(file.text, service, key, item);
  return edit ? [{ title, preferred, changes: [{ uri: file.uri, edits: [edit] }] }] : [];
}
