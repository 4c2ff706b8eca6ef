// Kubernetes workloads -> the container model: one ComposeModel per pod (its containers share
// one network namespace, so they reach each other on localhost), one ComposeService per
// container or init container, with the spans of what the container rules read. hostPath
// volumes become bind mounts of their path, `hostPort` a published port, the pod's
// hostNetwork/hostPID/hostIPC the host namespaces of each of its containers.

import { attachedTo } from '../kept-with';
import {
  type ComposeModel,
  type ComposeService,
  type ComposeValue,
  type EnvVar,
  type HardeningKeys,
  type PortMapping,
  type PortRange,
  type ValuePart,
  type VolumeMount,
  booleanOf,
} from '../compose/model';
import { mappedVerbatim } from '../compose/mapped-string';
import { type AliasUse, type MapNode, type ScalarNode, type TreeNode, deref, entryOf } from '../compose/yaml-tree';
import type { Span } from '../types';
import { isTrue, labelsOf, literalValue, mapAt, mapsOf, seqAt, valueAt } from './values';

/** Where each workload kind keeps its pod template (the map holding the pod's `metadata` and `spec`), from the workload's top map. */
const podTemplatePaths: Record<string, readonly string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

export const workloadKinds: readonly string[] = Object.keys(podTemplatePaths);

/** A pod as a workload declares it. */
export interface Pod {
  /** `Deployment "ci"`: how messages name the workload. */
  owner: string;
  /** The pod's labels (what a Service or NetworkPolicy selects it by). */
  labels: Map<string, string>;
  namespace?: string;
  spec: MapNode;
  model: ComposeModel;
}

/** The top maps of a document: the document itself, or the items of a `kind: List`. */
export function objectsOf(root: TreeNode | undefined): MapNode[] {
  const top = deref(root).node;
  if (top?.type !== 'map') return [];
  if (valueAt(top, 'kind')?.text !== 'List') return [top];
  return mapsOf(seqAt(top, 'items')).map((item) => item.node);
}

export function podOf(object: MapNode): Pod | undefined {
  const kind = valueAt(object, 'kind')?.text ?? '';
  const path = podTemplatePaths[kind];
  if (!path) return undefined;
  let template: MapNode | undefined = object;
  for (const key of path) template = mapAt(template, key);
  const spec = mapAt(template, 'spec');
  if (!spec) return undefined;
  const metadata = mapAt(object, 'metadata');
  const name = valueAt(metadata, 'name')?.text;
  const owner = name ? `${kind} "${name}"` : kind;
  const labels = labelsOf(mapAt(mapAt(template, 'metadata'), 'labels'));
  const pod: Pod = { owner, labels, namespace: valueAt(metadata, 'namespace')?.text, spec, model: { services: [], networks: new Map(), volumes: new Map() } };
  const volumes = podVolumes(spec);
  const namespaces = hostNamespaces(spec);
  for (const [key, role] of [
    ['initContainers', 'init container'],
    ['containers', 'container'],
  ] as const) {
    for (const item of mapsOf(seqAt(spec, key))) {
      const container = containerOf(item.node, item.via, role, pod, volumes, namespaces);
      podSpecs.set(container, spec);
      pod.model.services.push(container);
    }
  }
  return pod;
}

// ---------------------------------------------------------------- volumes

interface PodVolume {
  name: ComposeValue;
  /** `hostPath.path`, for a hostPath volume. */
  hostPath?: ComposeValue;
}

function podVolumes(spec: MapNode): Map<string, PodVolume> {
  const volumes = new Map<string, PodVolume>();
  for (const { node } of mapsOf(seqAt(spec, 'volumes'))) {
    const name = valueAt(node, 'name');
    if (!name || volumes.has(name.text)) continue;
    volumes.set(name.text, { name, hostPath: valueAt(mapAt(node, 'hostPath'), 'path') });
  }
  return volumes;
}

export function joinSubPath(path: string, subPath: string | undefined): string {
  if (!subPath) return path;
  return `${path.endsWith('/') ? path.slice(0, -1) : path}/${subPath}`;
}

function mountOf(node: MapNode, via: AliasUse | undefined, volumes: Map<string, PodVolume>): VolumeMount | undefined {
  const name = valueAt(node, 'name');
  const mountPath = valueAt(node, 'mountPath');
  if (!name || !mountPath) return undefined;
  const volume = volumes.get(name.text);
  const subPath = valueAt(node, 'subPath')?.text;
  const target: ValuePart = { text: mountPath.text, span: mountPath.span };
  const readOnly = isTrue(valueAt(node, 'readOnly'));
  const located = { span: node.span, via, readOnly, notes: [], target };
  // A hostPath volume binds its path (a subPath mount binds a path below it); the others are the pod's own storage.
  if (volume?.hostPath) return { ...located, syntax: 'long', type: 'bind', source: { text: joinSubPath(volume.hostPath.text, subPath), span: volume.hostPath.span } };
  return { ...located, syntax: 'long', type: 'volume', source: { text: name.text, span: name.span } };
}

// ---------------------------------------------------------------- namespaces

interface HostNamespaces {
  networkMode?: ComposeValue;
  pid?: ComposeValue;
  ipc?: ComposeValue;
}

/** `hostNetwork: true` as the model's `network_mode: host`, reported at the `true`. */
function asHost(value: ComposeValue | undefined): ComposeValue | undefined {
  return value && isTrue(value) ? { ...value, text: 'host' } : undefined;
}

function hostNamespaces(spec: MapNode): HostNamespaces {
  return { networkMode: asHost(valueAt(spec, 'hostNetwork')), pid: asHost(valueAt(spec, 'hostPID')), ipc: asHost(valueAt(spec, 'hostIPC')) };
}

// ---------------------------------------------------------------- containers

/** The pod spec each container was read from, where fixes declare volumes. */
const podSpecs = attachedTo<MapNode>('pod spec');

export function podSpecOf(service: ComposeService): MapNode | undefined {
  return podSpecs.get(service);
}

/** Names the containers of one pod reach each other by: the pod's network namespace is shared. */
const podLocalNames = ['localhost', '127.0.0.1', '::1'];

function containerOf(node: MapNode, via: AliasUse | undefined, role: string, pod: Pod, volumes: Map<string, PodVolume>, namespaces: HostNamespaces): ComposeService {
  const name = valueAt(node, 'name');
  const security = mapAt(node, 'securityContext');
  const capabilities = mapAt(security, 'capabilities');
  const listOf = (map: MapNode | undefined, key: string) => (seqAt(map, key)?.items ?? []).flatMap((item) => literalValue(item) ?? []);
  return {
    name: name?.text ?? '',
    label: `${role} "${name?.text ?? ''}" of ${pod.owner}`,
    nameSpan: name?.span ?? { start: node.span.start, end: node.span.start },
    node,
    via,
    image: valueAt(node, 'image'),
    // `command` replaces the image's entrypoint, `args` its command (Compose's entrypoint and command).
    entrypoint: commandOf(node, 'command'),
    command: commandOf(node, 'args'),
    ports: mapsOf(seqAt(node, 'ports')).flatMap((port) => hostPortOf(port.node, port.via) ?? []),
    volumes: mapsOf(seqAt(node, 'volumeMounts')).flatMap((mount) => mountOf(mount.node, mount.via, volumes) ?? []),
    environment: environmentOf(node),
    privileged: valueAt(security, 'privileged'),
    networkMode: namespaces.networkMode,
    pid: namespaces.pid,
    ipc: namespaces.ipc,
    writtenAs: { network_mode: 'hostNetwork: true', pid: 'hostPID: true', ipc: 'hostIPC: true', privileged: 'privileged: true' },
    capAdd: listOf(capabilities, 'add'),
    capDrop: listOf(capabilities, 'drop'),
    securityOpt: noNewPrivilegesOf(valueAt(security, 'allowPrivilegeEscalation')),
    readOnly: valueAt(security, 'readOnlyRootFilesystem'),
    memoryLimit: valueAt(mapAt(mapAt(node, 'resources'), 'limits'), 'memory'),
    hardeningKeys: podHardeningKeys,
    builds: false,
    networks: [],
    hostnames: [...podLocalNames],
    envFiles: [],
  };
}

/** `allowPrivilegeEscalation: false` sets no_new_privs, as Docker's `no-new-privileges:true` does. */
function noNewPrivilegesOf(value: ComposeValue | undefined): ComposeValue[] {
  return value && booleanOf(value) === false ? [{ ...value, text: 'no-new-privileges:true' }] : [];
}

/** A container's hardening settings in a pod spec: its securityContext and resources. */
const podHardeningKeys: HardeningKeys = {
  noNewPrivileges: 'securityContext.allowPrivilegeEscalation: false',
  dropAllCapabilities: 'securityContext.capabilities.drop: [ALL]',
  addCapabilities: 'securityContext.capabilities.add',
  readOnlyRoot: 'securityContext.readOnlyRootFilesystem: true',
  scratchVolume: 'an emptyDir volume',
  memoryLimit: 'resources.limits.memory',
  noPidsLimit: "A PIDs limit is not the manifest's to set: it is the kubelet's podPidsLimit on each node.",
};

function commandOf(node: MapNode, key: string): ComposeService['command'] {
  const entry = entryOf(node, key);
  const { node: list, via } = deref(entry?.value, entry?.via);
  if (list?.type !== 'seq') return undefined;
  const words = list.items.flatMap((item) => {
    const value = literalValue(item, via);
    return value ? [{ text: value.mapped, span: value.span, notes: [] }] : [];
  });
  return { words, form: 'list', node: list, span: list.span, via };
}

function portNumber(value: ComposeValue): ValuePart & { range?: PortRange } {
  const port = /^\d+$/.test(value.text) ? Number(value.text) : undefined;
  return { text: value.text, span: value.span, range: port === undefined ? undefined : { from: port, to: port } };
}

/** A container port with a `hostPort`: published on the node's interfaces (or its hostIP). */
function hostPortOf(node: MapNode, via: AliasUse | undefined): PortMapping | undefined {
  const hostPort = valueAt(node, 'hostPort');
  const containerPort = valueAt(node, 'containerPort');
  if (!hostPort || !containerPort) return undefined;
  const hostIp = valueAt(node, 'hostIP');
  return {
    syntax: 'long',
    span: node.span,
    via,
    map: node,
    notes: [],
    protocol: (valueAt(node, 'protocol')?.text ?? 'TCP').toLowerCase(),
    target: portNumber(containerPort),
    published: portNumber(hostPort),
    hostIp: hostIp && hostIp.text !== '' ? { text: hostIp.text, span: hostIp.span } : undefined,
  };
}

/** An empty value where `- name: X` has no `value`: Kubernetes sets X to the empty string. */
function emptyValue(at: ScalarNode | undefined, after: Span): ComposeValue {
  const span = at?.span ?? { start: after.end, end: after.end };
  const node: ScalarNode = at ?? { type: 'scalar', value: '', text: mappedVerbatim('', span.start), style: 'plain', span };
  return { text: '', mapped: mappedVerbatim('', span.start), notes: [], unresolved: false, node, span };
}

function environmentOf(node: MapNode): EnvVar[] {
  const variables: EnvVar[] = [];
  for (const item of mapsOf(seqAt(node, 'env'))) {
    const name = valueAt(item.node, 'name');
    if (!name) continue;
    // valueFrom (a Secret, a ConfigMap, a field of the pod) is known only in the cluster: never guessed.
    const fromElsewhere = entryOf(item.node, 'valueFrom') !== undefined;
    const written = entryOf(item.node, 'value');
    const scalar = deref(written?.value).node;
    const value = fromElsewhere ? undefined : (literalValue(written?.value, written?.via) ?? emptyValue(scalar?.type === 'scalar' ? scalar : undefined, name.span));
    // The item from its first key to the end of its name or value, without the line break a block map's span ends with.
    const span = { start: item.node.span.start, end: Math.max(name.span.end, value?.span.end ?? 0) };
    variables.push({ name: name.text, nameSpan: name.span, value, form: 'list', span, via: item.via });
  }
  return variables;
}
