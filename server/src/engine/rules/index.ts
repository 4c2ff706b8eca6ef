// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { dangerousBooleanFlagKey } from './dangerous-boolean-flag-key';
import { duplicateKey } from './duplicate-key';
import { ignoredKey } from './ignored-key';
import { jsonSyntax } from './json-syntax';
import { platformKey } from './platform-key';
import { tcpWithoutTls } from './tcp-without-tls';
import type { Rule } from './types';
import { unknownKey } from './unknown-key';
import { wrongType } from './wrong-type';

export const allRules: readonly Rule[] = [
  analysisLimit,
  jsonSyntax,
  unknownKey,
  wrongType,
  platformKey,
  ignoredKey,
  duplicateKey,
  dangerousBooleanFlagKey,
  tcpWithoutTls,
];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
