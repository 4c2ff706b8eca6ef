// Unit specifiers in a setting's value, as systemd resolves them before it splits the value
// (systemd.unit(5) "Specifiers"; src/core/unit-printf.c unit_full_printf): `%%` and the
// specifiers of the unit's own name are resolved; those only the running machine knows stay as
// written, with a note; an unknown one makes systemd ignore the setting.

import { MappedBuilder, type MappedText, sourceAt } from '../mapped-text';
import type { SplitProblem } from './words';

export interface UnitIdentity {
  /** The unit's full name, e.g. `docker.service` (a drop-in's unit name comes from its folder). */
  name: string;
}

/** Specifiers whose value only the running machine knows: left as written, with a note. */
const machineSpecifiers = new Set([...'aAbBCdEfgGhHlLmMoqsStTuUvVwWyY']);

/** unit_full_printf: `%%` and the unit-name specifiers resolved; the machine's kept; unknown ones are an error. */
export function resolveSpecifiers(value: MappedText, unit: UnitIdentity): { text: MappedText; problems: SplitProblem[]; runtime: string[] } {
  if (!value.text.includes('%')) return { text: value, problems: [], runtime: [] };
  const builder = new MappedBuilder();
  const problems: SplitProblem[] = [];
  const runtime: string[] = [];
  const { text } = value;
  const sourceOf = (index: number) => sourceAt(value.map, index);
  const dot = unit.name.lastIndexOf('.');
  const stem = dot > 0 ? unit.name.slice(0, dot) : unit.name;
  const at = stem.indexOf('@');
  const prefix = at >= 0 ? stem.slice(0, at) : stem;
  const instance = at >= 0 ? stem.slice(at + 1) : '';
  const known: Record<string, string> = {
    '%': '%',
    n: unit.name,
    N: stem,
    p: prefix,
    P: prefix,
    i: instance,
    I: instance,
    j: prefix.slice(prefix.lastIndexOf('-') + 1),
    J: prefix.slice(prefix.lastIndexOf('-') + 1),
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '%') {
      i = builder.pushMappedUntil(value, i, '%') - 1;
      continue;
    }
    const letter = text[i + 1];
    if (letter !== undefined && letter in known) {
      builder.push(known[letter], sourceOf(i));
    } else if (letter !== undefined && machineSpecifiers.has(letter)) {
      builder.push('%' + letter, sourceOf(i));
      runtime.push('%' + letter);
    } else {
      problems.push({
        message: `Failed to resolve unit specifiers in "%${letter ?? ''}": systemd ignores this setting (write %% for a literal %)`,
        span: { start: sourceOf(i), end: sourceOf(Math.min(i + 2, text.length)) },
        severity: 'error',
      });
      builder.push('%' + (letter ?? ''), sourceOf(i));
    }
    i++;
  }
  return { text: builder.build(value.map.end), problems, runtime };
}
