import { isAllInterfaces } from '../dockerd/hosts';
import { listItems } from '../settings';
import { bindToLoopbackFix, tcpHosts } from '../rule-kit/fixes';
import type { DockerdRule } from './types';
import { fileKinds, isContainerKind } from '../types';

export const tcpAllInterfaces: DockerdRule = {
  meta: {
    id: 'tcp-all-interfaces',
    cwe: [1327],
    severity: 'warning',
    title: 'Docker API listens on every network interface',
    summary: 'A tcp:// host of 0.0.0.0 or [::] opens the Docker API on every interface of the machine, including ones added later (VPNs, bridges, public addresses), even when TLS guards it.',
    howToFix: 'Bind to the address of the one interface clients use. Binding to 127.0.0.1 (a quick-fix, never applied by fix-all) cuts off every remote client.',
    preset: 'recommended',
    // Only a narrowing that cuts remote clients off is known; it is offered, never applied for the user.
    fixable: false,
    kinds: [...fileKinds],
  },
  scope: 'dockerd',
  check(settings, context) {
    for (const { host, parsed } of tcpHosts(listItems(settings, 'hosts'), context.env.platform)) {
      // A named address (loopback or an interface's) is a deliberate choice of network.
      if (!isAllInterfaces(parsed.address ?? '')) continue;
      // Inside a container 0.0.0.0 is what makes dockerd reachable from its networks at all;
      // what reaches the host is the published port (docker-api-port-published).
      if (isContainerKind(host.entry.kind)) continue;
      context.report({
        uri: host.entry.uri,
        span: host.span,
        message: `dockerd listens on ${parsed.normalized}: every network interface of the machine, present and future. Bind to the address of the one interface clients use, or to loopback.`,
        // The listener on every interface is the evidence that remote clients use it: closing it
        // to loopback is an alternative the user picks, not the fix applied for them.
        fixes: bindToLoopbackFix(context, host, parsed, false),
      });
    }
  },
};
