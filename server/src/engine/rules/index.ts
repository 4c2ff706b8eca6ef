// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { dangerousBooleanFlagKey } from './dangerous-boolean-flag-key';
import { dangerousCapability } from './dangerous-capability';
import { defaultFileUnused } from './default-file-unused';
import { dindTlsDisabled } from './dind-tls-disabled';
import { dockerApiPortPublished } from './docker-api-port-published';
import { dockerHostMismatch } from './docker-host-mismatch';
import { dockerHostPlainTcp } from './docker-host-plain-tcp';
import { dockerSocketMount } from './docker-socket-mount';
import { duplicateKey } from './duplicate-key';
import { execstartNotReset } from './execstart-not-reset';
import { flagFileConflict } from './flag-file-conflict';
import { hostNamespace } from './host-namespace';
import { hostsUnderStockUnit } from './hosts-under-stock-unit';
import { ignoredKey } from './ignored-key';
import { jsonSyntax } from './json-syntax';
import { platformKey } from './platform-key';
import { privileged } from './privileged';
import { securityOptUnconfined } from './security-opt-unconfined';
import { sensitiveHostMount } from './sensitive-host-mount';
import { socketListenTcp } from './socket-listen-tcp';
import { socketProxyWriteAccess } from './socket-proxy-write-access';
import { socketUnitPermissions } from './socket-unit-permissions';
import { tcpWithoutTls } from './tcp-without-tls';
import { systemdSyntax } from './systemd-syntax';
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
import { unknownDockerdFlag } from './unknown-dockerd-flag';
import { yamlSyntax } from './yaml-syntax';
import { capabilitiesNotDropped } from './capabilities-not-dropped';
import { imageNotPinned } from './image-not-pinned';
import { sourceNotRead } from './source-not-read';
import { literalSecretInEnvironment } from './literal-secret-in-environment';
import { noNewPrivilegesMissing } from './no-new-privileges-missing';
import { noResourceLimits } from './no-resource-limits';
import { writableRootFilesystem } from './writable-root-filesystem';
import type { Rule } from './types';
import { unknownKey } from './unknown-key';
import { wrongType } from './wrong-type';

export const allRules: readonly Rule[] = [
  analysisLimit,
  sourceNotRead,
  // B. daemon.json as dockerd reads it
  jsonSyntax,
  unknownKey,
  wrongType,
  platformKey,
  ignoredKey,
  duplicateKey,
  dangerousBooleanFlagKey,
  // A. dockerd settings, every surface
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
  // C. systemd units, drop-ins, /etc/default/docker
  systemdSyntax,
  execstartNotReset,
  unknownDockerdFlag,
  hostsUnderStockUnit,
  flagFileConflict,
  socketListenTcp,
  socketUnitPermissions,
  defaultFileUnused,
  // D. Compose services
  yamlSyntax,
  dockerSocketMount,
  dockerApiPortPublished,
  dockerHostPlainTcp,
  dockerHostMismatch,
  dindTlsDisabled,
  socketProxyWriteAccess,
  privileged,
  hostNamespace,
  dangerousCapability,
  sensitiveHostMount,
  securityOptUnconfined,
  // F. Hardening (strict preset)
  noNewPrivilegesMissing,
  writableRootFilesystem,
  capabilitiesNotDropped,
  noResourceLimits,
  imageNotPinned,
  literalSecretInEnvironment,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
