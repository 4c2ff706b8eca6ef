// Compose refuses to start a project whose services use a named volume or a network that the
// file does not declare at top level (`docker-compose config` checks volumes only; networks
// fail at `up`). Fixes that add a shared volume must declare it: this tells what is missing.

import type { ComposeModel } from './model';

export interface UndeclaredName {
  kind: 'volume' | 'network';
  name: string;
  service: string;
}

export function undeclaredNames(model: ComposeModel): UndeclaredName[] {
  const missing: UndeclaredName[] = [];
  for (const service of model.services) {
    for (const network of service.networks) {
      if (network !== 'default' && !model.networks.has(network)) missing.push({ kind: 'network', name: network, service: service.name });
    }
    for (const volume of service.volumes) {
      const name = volume.source?.text;
      if (volume.type === 'volume' && name && !model.volumes.has(name)) missing.push({ kind: 'volume', name, service: service.name });
    }
  }
  return missing;
}
