// Who reaches a pod's listeners, from the objects in the same files: by default every pod of
// the cluster (one flat pod network); a NetworkPolicy that selects the pod and restricts its
// ingress narrows that; hostNetwork puts the listeners on the node's interfaces; a Service of
// type NodePort or LoadBalancer that targets the Docker API port carries it out of the cluster.
// Selectors are judged only when they are plain `matchLabels`: an expression is never guessed.

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
  const found: ClusterObjects = { services: [], policies: [] };
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

function selects(selector: Map<string, string> | undefined, labels: Map<string, string>): boolean {
  if (!selector) return false;
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

/** How a Service that selects the pod carries its Docker API port, as a clause; empty when none does. */
function serviceReach(pod: Pod, objects: ClusterObjects): string {
  const named = namedPorts(pod);
  const clauses: string[] = [];
  for (const service of objects.services) {
    if (!sameNamespace(service.namespace, pod.namespace) || service.selector.size === 0 || !selects(service.selector, pod.labels)) continue;
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
  return clauses.length > 0 ? `; ${clauses.join('; ')}` : '';
}

/** Who reaches what the pod's containers serve on 0.0.0.0, a phrase after "reachable" (ComposeService.reach). */
export function podReach(pod: Pod, objects: ClusterObjects): string {
  const services = serviceReach(pod, objects);
  if (isTrue(valueAt(pod.spec, 'hostNetwork'))) {
    return `on every interface of the node: with hostNetwork: true the pod shares the node's network stack, so anyone who reaches the node reaches it${services}`;
  }
  const policies = objects.policies.filter((policy) => sameNamespace(policy.namespace, pod.namespace) && selects(policy.selector, pod.labels));
  const narrowing = policies.filter((policy) => !policy.admitsAll);
  if (policies.length === 0 || narrowing.length < policies.length) {
    const open = policies.find((policy) => policy.admitsAll);
    const why = open ? `NetworkPolicy "${open.name}" selects the pod but has an ingress rule without "from", which admits every source` : 'no NetworkPolicy in these files isolates the pod';
    return `from every pod of the cluster (${why})${services}`;
  }
  const names = narrowing.map((policy) => `"${policy.name}"`).join(', ');
  if (narrowing.every((policy) => policy.admitsNone))
    return `from no other pod: NetworkPolicy ${names} isolates the pod and admits no ingress; only its own containers reach it on localhost${services}`;
  return `only from the peers NetworkPolicy ${names} admits (it isolates the pod), not from every pod of the cluster${services}`;
}
