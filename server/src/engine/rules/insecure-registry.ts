import { fileKinds } from '../types';
import { listItems } from '../settings';
import { removeItemFix } from '../rule-kit/fixes';
import { isDefaultInsecureLoopback, publicSpaceOf } from '../dockerd/hosts';
import type { DockerdRule } from './types';

export const insecureRegistry: DockerdRule = {
  meta: {
    id: 'insecure-registry',
    cwe: [295, 494],
    cis: ['2.5'],
    severity: 'warning',
    title: 'Registry pulled from without TLS verification',
    summary:
      'insecure-registries lets dockerd talk to a registry over plain HTTP or with an unverified certificate: anyone on the path can swap the images it pulls. A public host, or a CIDR that covers public addresses, opens that to the internet.',
    howToFix: 'Remove the entry and give the registry a certificate (or add its CA under /etc/docker/certs.d/HOST/ca.crt).',
    preset: 'recommended',
    fixable: true,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    for (const item of listItems(settings, 'insecure-registries')) {
      if (typeof item.value !== 'string' || item.value.trim() === '') continue;
      // dockerd already pulls from loopback registries without TLS: the entry grants nothing new.
      if (isDefaultInsecureLoopback(item.value.trim())) continue;
      const publicPart = publicSpaceOf(item.value.trim());
      context.report({
        uri: item.entry.uri,
        span: item.span,
        severity: publicPart ? 'error' : 'warning',
        message: publicPart
          ? `dockerd pulls from ${item.value} without TLS verification, and ${publicPart}: anyone on the way can serve tampered images.`
          : `dockerd pulls from ${item.value} without TLS verification: anyone on that network can serve tampered images. Prefer a certificate from a CA in /etc/docker/certs.d/.`,
        fixes: removeItemFix(context, item, `Remove ${item.value} from the insecure registries`, true),
      });
    }
  },
};
