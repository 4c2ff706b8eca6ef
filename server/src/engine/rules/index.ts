// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { defaultFileUnused } from './default-file-unused';
import { execstartNotReset } from './execstart-not-reset';
import { flagFileConflict } from './flag-file-conflict';
import { hostsUnderStockUnit } from './hosts-under-stock-unit';
import { jsonSyntax } from './json-syntax';
import { socketListenTcp } from './socket-listen-tcp';
import { tcpWithoutTls } from './tcp-without-tls';
import { apiCorsAnyOrigin } from './api-cors-any-origin';
import { broadSocketGroup } from './broad-socket-group';
import { experimentalOn } from './experimental-on';
import { iccEnabled } from './icc-enabled';
import { insecureRegistry } from './insecure-registry';
import { invalidHost } from './invalid-host';
import { liveRestoreOff } from './live-restore-off';
import { noAuthorizationPlugin } from './no-authorization-plugin';
import { noNewPrivilegesOff } from './no-new-privileges-off';
import { registryMirrorPlainHttp } from './registry-mirror-plain-http';
import { tcpAllInterfaces } from './tcp-all-interfaces';
import { tcpPortConvention } from './tcp-port-convention';
import { tlsMaterialMissing } from './tls-material-missing';
import { tlsWithoutClientVerify } from './tls-without-client-verify';
import { userlandProxyOn } from './userland-proxy-on';
import { usernsRemapOff } from './userns-remap-off';
import type { Rule } from './types';
import { unknownDockerdFlag } from './unknown-dockerd-flag';

export const allRules: readonly Rule[] = [
  analysisLimit,
  jsonSyntax,
  tcpWithoutTls,
  tlsWithoutClientVerify,
  tcpAllInterfaces,
  tcpPortConvention,
  tlsMaterialMissing,
  invalidHost,
  apiCorsAnyOrigin,
  insecureRegistry,
  registryMirrorPlainHttp,
  broadSocketGroup,
  noAuthorizationPlugin,
  iccEnabled,
  noNewPrivilegesOff,
  usernsRemapOff,
  liveRestoreOff,
  userlandProxyOn,
  experimentalOn,
  execstartNotReset,
  unknownDockerdFlag,
  hostsUnderStockUnit,
  flagFileConflict,
  socketListenTcp,
  defaultFileUnused,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
