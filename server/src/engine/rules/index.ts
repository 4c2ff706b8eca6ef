// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { defaultFileUnused } from './default-file-unused';
import { execstartNotReset } from './execstart-not-reset';
import { flagFileConflict } from './flag-file-conflict';
import { hostsUnderStockUnit } from './hosts-under-stock-unit';
import { jsonSyntax } from './json-syntax';
import { socketListenTcp } from './socket-listen-tcp';
import { tcpWithoutTls } from './tcp-without-tls';
import type { Rule } from './types';
import { unknownDockerdFlag } from './unknown-dockerd-flag';

export const allRules: readonly Rule[] = [
  analysisLimit,
  jsonSyntax,
  tcpWithoutTls,
  execstartNotReset,
  unknownDockerdFlag,
  hostsUnderStockUnit,
  flagFileConflict,
  socketListenTcp,
  defaultFileUnused,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
