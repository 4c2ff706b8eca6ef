// Every rule, in the order findings of the same place are listed.

import { analysisLimit } from './analysis-limit';
import { jsonSyntax } from './json-syntax';
import { tcpWithoutTls } from './tcp-without-tls';
import type { Rule } from './types';

export const allRules: readonly Rule[] = [analysisLimit, jsonSyntax, tcpWithoutTls];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((rule) => [rule.meta.id, rule]));
