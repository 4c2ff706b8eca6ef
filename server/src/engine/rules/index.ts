// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { jsonSyntax } from './json-syntax';
import { tcpWithoutTls } from './tcp-without-tls';
import { yamlSyntax } from './yaml-syntax';
import { dockerSocketMount } from './docker-socket-mount';
import { dockerApiPortPublished } from './docker-api-port-published';
import { dockerHostPlainTcp } from './docker-host-plain-tcp';
import { dindTlsDisabled } from './dind-tls-disabled';
import { socketProxyWriteAccess } from './socket-proxy-write-access';
import { privileged } from './privileged';
import { hostNamespace } from './host-namespace';
import { dangerousCapability } from './dangerous-capability';
import { sensitiveHostMount } from './sensitive-host-mount';
import { securityOptUnconfined } from './security-opt-unconfined';
import type { Rule } from './types';

export const allRules: readonly Rule[] = [analysisLimit, jsonSyntax, tcpWithoutTls, yamlSyntax, dockerSocketMount, dockerApiPortPublished, dockerHostPlainTcp, dindTlsDisabled, socketProxyWriteAccess, privileged, hostNamespace, dangerousCapability, sensitiveHostMount, securityOptUnconfined];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
