// Kubernetes manifests: multi-document YAML whose documents (or the items of a `kind: List`)
// are objects with `apiVersion` and `kind`. Each workload's pod becomes a stack of the
// container model (pods.ts), so the container rules and the connectivity model judge it.

import { serviceDockerd } from '../compose/dind';
import { yamlSuppressions } from '../compose/parse';
import { type YamlReadMemory, readYaml } from '../compose/yaml-reader';
import { clusterObjectsOf, podExposure, recordExposure } from './exposure';
import { objectsOf, podOf, workloadKinds } from './pods';

/** How far into a YAML file the content check looks, as for Compose. */
const sniffLength = 64 * 1024;

const yamlName = /\.ya?ml$/i;
const apiVersionLine = /^apiVersion[ \t]*:/m;
/** A `kind:` line at the top level of a document naming a workload or a List. */
const kindLine = /^kind[ \t]*:[ \t]*["']?([A-Za-z]+)/gm;

function namesWorkload(head: string): boolean {
  for (const match of head.matchAll(kindLine)) if (match[1] === 'List' || workloadKinds.includes(match[1])) return true;
  return false;
}

/** The reader container-surfaces.ts registers (typed there: importing its type here would make a cycle). */
export const kubernetesReader = {
  detect(path: string, text: string): boolean {
    if (!yamlName.test(path)) return false;
    const head = text.slice(0, sniffLength);
    // A Helm chart's template is Go template text until `helm template` renders it: lint that output.
    if (path.includes('/templates/') && head.includes('{{')) return false;
    return apiVersionLine.test(head) && namesWorkload(head);
  },
  read(uri: string, text: string, flowLimit: number, { memory }: { memory?: YamlReadMemory } = {}) {
    const read = readYaml(text, flowLimit, memory);
    if ('tooDeep' in read) return read;
    const objects = read.documents.flatMap((document) => objectsOf(document.root));
    const pods = objects.flatMap((object) => podOf(object) ?? []);
    const cluster = clusterObjectsOf(objects);
    for (const pod of pods) recordExposure(pod, podExposure(pod, cluster));
    const models = pods.map((pod) => pod.model);
    const services = models.flatMap((model) => model.services);
    return {
      containers: { services, models, syntaxErrors: read.documents.flatMap((document) => document.errors) },
      dockerd: services.flatMap((service) => serviceDockerd(service, uri, 'kubernetes') ?? []),
      suppressions: yamlSuppressions(text),
    };
  },
};
