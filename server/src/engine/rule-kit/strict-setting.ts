// The strict (CIS-style) hardening rules share one shape: one option whose value, or
// absence, leaves a default that docker-bench-security flags. Each rule file states its
// option, its safe value and its wording; this builds the DockerdRule.

import { type DockerdSettings, type JsonValue, type SettingEntry, lastEntry } from '../settings';
import { type LintEnvironment, fileKinds } from '../types';
import { absentSettingLocation, removeEntryFix, setSettingsFix } from './fixes';
import { unseenFlagsNote } from './messages';
import type { DockerdRule, RuleMeta } from '../rules/types';

export interface StrictSettingSpec {
  meta: Omit<RuleMeta, 'preset' | 'kinds' | 'severity' | 'fixable'>;
  option: string;
  /** True when the value (undefined: not set) leaves the weak default or turns it on. */
  weak(value: JsonValue | undefined, settings: DockerdSettings): boolean;
  /** The value the fix writes; `remove` deletes the option instead. */
  safe: JsonValue | 'remove';
  /** The finding's text; `entry` is the option as set, undefined when it is absent. */
  message(entry: SettingEntry | undefined): string;
  /** Linux-only options stay silent for a Windows target. */
  linuxOnly: boolean;
  /** A reason to stay silent that settings show (rootless mode). */
  exempt?(settings: DockerdSettings, env: LintEnvironment): boolean;
}

export function strictSettingRule(spec: StrictSettingSpec): DockerdRule {
  const fixable = true;
  return {
    meta: { ...spec.meta, severity: 'info', preset: 'strict', fixable, kinds: [...fileKinds] },
    scope: 'dockerd',
    check(settings, context) {
      if (spec.linuxOnly && context.env.platform === 'windows') return;
      if (spec.exempt?.(settings, context.env)) return;
      const entry = lastEntry(settings, spec.option);
      if (!spec.weak(entry?.value, settings)) return;
      const where = entry ? { uri: entry.uri, span: entry.valueSpan } : absentSettingLocation(settings, context);
      const fixes =
        spec.safe === 'remove'
          ? entry
            ? removeEntryFix(context, entry, `Remove ${entry.written}`, true)
            : []
          : setSettingsFix(context, settings, [{ name: spec.option, value: spec.safe }], `Set ${spec.option} to ${JSON.stringify(spec.safe)}`, true);
      context.report({ ...where, message: spec.message(entry) + (entry ? '' : unseenFlagsNote(settings, spec.option)), fixes });
    },
  };
}
