// Who reaches a pod's listeners, from the objects in the same files: by default every pod of
// the cluster (one flat pod network); a NetworkPolicy that selects the pod and restricts its
// ingress narrows that; hostNetwork puts the listeners on the node's interfaces; a Service of
// type NodePort or LoadBalancer that targets the Docker API port carries it out of the cluster.
// Selectors are judged only when they are plain `matchLabels`: an expression is never guessed.

import { attachedTo } from '../kept-with';
import type { ComposeService } from '../compose/model';
import type { MapNode } from '../compose/yaml-tree';
import { entryOf } from '../compose/yaml-tree';
import type { Pod } from './pods';
import { isTrue, labelsOf, mapAt, mapsOf, seqAt, valueAt } from './values';

const apiPorts = new Set([2375, 2376]);

interface ApiService {
  name: string;
  namespace?: string;
  type: string;
  selector: Map<string, string>;
  /** The ports that target the Docker API: the Service's port, its target and the node port. */
  ports: { port: string; target: string; nodePort?: string }[];
}

interface IngressPolicy {
  name: string;
  namespace?: string;
  /** Undefined when the pod selector uses expressions (not judged). */
  selector?: Map<string, string>;
  /** An ingress rule without `from`: every source is admitted on its ports. */
  admitsAll: boolean;
  /** No ingress rule: the selected pods admit nothing. */
  admitsNone: boolean;
}

export interface ClusterObjects {
  services: ApiService[];
  policies: IngressPolicy[];
  /**
   * Selector entries left to compare with pod labels. Every pod against every Service would be
   * quadratic in a hostile file; past the budget no Service or NetworkPolicy is taken into
   * account, which fails closed: the pod counts as reachable from every pod, and a fix that
   * must know who else reaches it is not offered.
   */
  comparisonsLeft: number;
}

/** Selector entries compared per file, all pods together: far more than real manifests hold. */
export const maxSelectorComparisons = 200_000;

/** Who reaches a pod's listeners, as the messages and the fixes need it. */
export interface PodExposure {
  /** A phrase after "reachable" (ComposeService.reach). */
  reach: string;
  /** Why clients outside the pod, which the files do not show, may use its API port; undefined when none can. */
  outside?: string;
}

function selectorLabels(selector: MapNode | undefined): Map<string, string> | undefined {
  if (!selector) return new Map();
  if (entryOf(selector, 'matchExpressions')) return undefined;
  return labelsOf(mapAt(selector, 'matchLabels'));
}

function serviceOf(object: MapNode): ApiService | undefined {
  const spec = mapAt(object, 'spec');
  const selector = mapAt(spec, 'selector');
  if (!selector) return undefined;
  const ports = mapsOf(seqAt(spec, 'ports')).flatMap(({ node }) => {
    const port = valueAt(node, 'port')?.text ?? '';
    const target = valueAt(node, 'targetPort')?.text ?? port;
    return [{ port, target, nodePort: valueAt(node, 'nodePort')?.text }];
  });
  const metadata = mapAt(object, 'metadata');
  return { name: valueAt(metadata, 'name')?.text ?? '', namespace: valueAt(metadata, 'namespace')?.text, type: valueAt(spec, 'type')?.text ?? 'ClusterIP', selector: labelsOf(selector), ports };
}

function policyOf(object: MapNode): IngressPolicy | undefined {
  const spec = mapAt(object, 'spec');
  if (!spec) return undefined;
  const types = (seqAt(spec, 'policyTypes')?.items ?? []).flatMap((item) => (item.type === 'scalar' ? [String(item.value)] : []));
  // Without policyTypes, a policy restricts ingress always (and egress only when it has egress rules).
  if (types.length > 0 && !types.includes('Ingress')) return undefined;
  const rules = mapsOf(seqAt(spec, 'ingress'));
  const metadata = mapAt(object, 'metadata');
  return {
    name: valueAt(metadata, 'name')?.text ?? '',
    namespace: valueAt(metadata, 'namespace')?.text,
    selector: selectorLabels(mapAt(spec, 'podSelector')),
    admitsAll: rules.some(({ node }) => (seqAt(node, 'from')?.items.length ?? 0) === 0),
    admitsNone: rules.length === 0,
  };
}

/** The Services and NetworkPolicies among the files' objects. */
export function clusterObjectsOf(objects: readonly MapNode[]): ClusterObjects {
  const found: ClusterObjects = { services: [], policies: [], comparisonsLeft: maxSelectorComparisons };
  for (const object of objects) {
    const kind = valueAt(object, 'kind')?.text;
    if (kind === 'Service') {
      const service = serviceOf(object);
      if (service) found.services.push(service);
    } else if (kind === 'NetworkPolicy') {
      const policy = policyOf(object);
      if (policy) found.policies.push(policy);
    }
  }
  return found;
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

function selects(selector: Map<string, string> | undefined, labels: Map<string, string>, objects: ClusterObjects): boolean {
  if (!selector) return false;
  objects.comparisonsLeft -= selector.size + 1;
  for (const [key, value] of selector) if (labels.get(key) !== value) return false;
  return true;
}

/** The pod's container ports by name, for a Service's named targetPort. */
function namedPorts(pod: Pod): Map<string, number> {
  const named = new Map<string, number>();
  for (const container of mapsOf(seqAt(pod.spec, 'containers'))) {
    for (const { node } of mapsOf(seqAt(container.node, 'ports'))) {
      const name = valueAt(node, 'name')?.text;
      const port = Number(valueAt(node, 'containerPort')?.text);
      if (name && Number.isInteger(port)) named.set(name, port);
    }
  }
  return named;
}

/** The Services that carry the pod's Docker API port, each as a clause. */
function serviceReach(pod: Pod, objects: ClusterObjects): string[] {
  const named = namedPorts(pod);
  const clauses: string[] = [];
  for (const service of objects.services) {
    if (objects.comparisonsLeft < 0) break;
    if (!sameNamespace(service.namespace, pod.namespace) || service.selector.size === 0 || !selects(service.selector, pod.labels, objects)) continue;
    for (const port of service.ports) {
      const target = /^\d+$/.test(port.target) ? Number(port.target) : named.get(port.target);
      if (target === undefined || !apiPorts.has(target)) continue;
      if (service.type === 'NodePort' || service.type === 'LoadBalancer') {
        const where = service.type === 'LoadBalancer' ? "the load balancer's address" : `port ${port.nodePort ?? '(assigned)'} of every node`;
        clauses.push(`Service "${service.name}" (type ${service.type}) forwards port ${target} to it from ${where}, outside the cluster`);
      } else {
        clauses.push(`Service "${service.name}" gives port ${target} a cluster-wide name`);
      }
    }
  }
  return clauses;
}

/** At most a few names in a message, however many a file holds. */
function listed(items: string[], separator = ', '): string {
  const shown = items.slice(0, 3).join(separator);
  return items.length > 3 ? `${shown}${separator}and ${items.length - 3} more` : shown;
}

const exposures = attachedTo<PodExposure>('pod exposure');

/** The exposure read.ts recorded for a container's pod. */
export function exposureOf(service: ComposeService): PodExposure | undefined {
  return exposures.get(service);
}

/** Records the pod's exposure on each of its containers (their reach, and for fixes, exposureOf). */
export function recordExposure(pod: Pod, exposure: PodExposure): void {
  for (const service of pod.model.services) {
    service.reach = exposure.reach;
    exposures.set(service, exposure);
  }
}

const tooManyToCompare = 'this file has more Services and NetworkPolicies than dockerd-lint compares with its pods, so none is taken into account';

/** Who reaches what the pod's containers serve on 0.0.0.0, and whether clients outside the pod may use its API port. */
export function podExposure(pod: Pod, objects: ClusterObjects): PodExposure {
  const hostPorts = pod.model.services.some((service) => service.ports.length > 0);
  const onNode = isTrue(valueAt(pod.spec, 'hostNetwork'));
  const clauses = serviceReach(pod, objects);
  const policies = objects.policies.filter((policy) => objects.comparisonsLeft >= 0 && sameNamespace(policy.namespace, pod.namespace) && selects(policy.selector, pod.labels, objects));
  if (objects.comparisonsLeft < 0) {
    return { reach: `from every pod of the cluster (${tooManyToCompare})`, outside: `${tooManyToCompare}: who else reaches the pod is not known` };
  }
  const services = clauses.length > 0 ? `; ${listed(clauses, '; ')}` : '';
  const outside = onNode
    ? "the pod runs on the node's network stack (hostNetwork), where clients outside the pod, which the files do not show, may use its port"
    : hostPorts
      ? 'the pod publishes ports on the node (hostPort): clients outside the pod, which the files do not show, may use them'
      : clauses.length > 0
        ? 'a Service forwards its API port to clients outside the pod, which the files do not show'
        : undefined;
  return { reach: reachPhrase(onNode, policies, services), outside };
}

function reachPhrase(onNode: boolean, policies: IngressPolicy[], services: string): string {
  if (onNode) {
    return `on every interface of the node: with hostNetwork: true the pod shares the node's network stack, so anyone who reaches the node reaches it${services}`;
  }
  const narrowing = policies.filter((policy) => !policy.admitsAll);
  if (policies.length === 0 || narrowing.length < policies.length) {
    const open = policies.find((policy) => policy.admitsAll);
    const why = open ? `NetworkPolicy "${open.name}" selects the pod but has an ingress rule without "from", which admits every source` : 'no NetworkPolicy in these files isolates the pod';
    return `from every pod of the cluster (${why})${services}`;
  }
  const names = listed(narrowing.map((policy) => `"${policy.name}"`));
  if (narrowing.every((policy) => policy.admitsNone))
    return `from no other pod: NetworkPolicy ${names} isolates the pod and admits no ingress; only its own containers reach it on localhost${services}`;
  return `only from the peers NetworkPolicy ${names} admits (it isolates the pod), not from every pod of the cluster${services}`;
}
