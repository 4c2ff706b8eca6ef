// The lines systemd itself drops while reading a unit, a drop-in or an environment file: it
// logs a warning nobody reads and goes on, so the setting never reaches dockerd.

import type { ParsedFile } from '../document';
import type { SystemdDocument } from '../systemd/parse';
import type { UnitFile, UnitProblem, UnitSection } from '../systemd/unit-file';
import type { Fix, Severity, Span } from '../types';
import type { FileRule, RuleContext } from './types';

/** The settings through which a service unit hands dockerd its command and variables. */
const dockerdCarriers = new Set(['ExecStart', 'Environment', 'EnvironmentFile']);

const carrierLine = new RegExp(`^[ \\t]*(${[...dockerdCarriers].join('|')})[ \\t]*=`, 'm');

/** The variables of an environment file that carry dockerd's options. */
const optionsVariables = /\b(DOCKER_OPTS|OPTIONS)\b/;

/**
 * Keys systemd 252 accepts in [Service] and in neither [Unit] nor [Install] (checked against
 * `systemd --dump-configuration-items` by the oracle test): a line holding one of them can only
 * have been meant for [Service]. Deliberately short: a key missing here just means no quick-fix.
 */
export const serviceOnlyKeys: ReadonlySet<string> = new Set([
  'ExecStart', 'ExecStartPre', 'ExecStartPost', 'ExecReload', 'ExecStop', 'ExecStopPost',
  'Environment', 'EnvironmentFile', 'PassEnvironment', 'UnsetEnvironment',
  'Type', 'Restart', 'RestartSec', 'TimeoutSec', 'TimeoutStartSec', 'TimeoutStopSec', 'KillMode', 'Delegate',
  'LimitNOFILE', 'LimitNPROC', 'LimitCORE', 'LimitMEMLOCK', 'TasksMax', 'MountFlags', 'OOMScoreAdjust',
  'User', 'Group', 'WorkingDirectory', 'Slice', 'MemoryMax', 'MemoryLimit', 'CPUQuota',
]);

/**
 * The sections systemd reads in each unit type (its `sections` list); it warns once about
 * another section's header and skips its lines without a word. Undefined for other unit types.
 */
function knownSections(unitName: string): ReadonlySet<string> | undefined {
  if (unitName.endsWith('.service')) return new Set(['Unit', 'Service', 'Install']);
  if (unitName.endsWith('.socket')) return new Set(['Unit', 'Socket', 'Install']);
  return undefined;
}

export const systemdSyntax: FileRule = {
  meta: {
    id: 'systemd-syntax',
    severity: 'error',
    title: 'systemd ignores a line of a unit, drop-in or environment file',
    summary: 'systemd logs a warning and skips a line outside any [Section], without "=", in a section it does not know (names are case-sensitive), or after a broken section header: a dockerd command or variable written there never reaches dockerd.',
    howToFix: 'Put assignments under their section header ([Service] for ExecStart=, Environment=, EnvironmentFile=), write them as Key=value, and close section headers with "]".',
    preset: 'recommended',
    fixable: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (document?.unit) checkUnit(file, document, document.unit, context);
    for (const problem of document?.envFile?.problems ?? []) {
      const line = file.text.slice(problem.span.start, problem.span.end);
      const carriesOptions = optionsVariables.test(line);
      const why = problem.kind === 'invalid-name'
        ? 'its name is not a valid variable name (letters, digits and "_"; no "export"), so systemd logs "Ignoring invalid environment assignment"'
        : 'it has no "=", so systemd skips it without a word';
      context.report({
        span: problem.span,
        severity: carriesOptions ? 'error' : 'warning',
        message: `systemd ignores this line when a unit reads this file with EnvironmentFile=: ${why}.${carriesOptions ? ' The dockerd options it sets never reach dockerd.' : ''}`,
      });
    }
  },
};

function checkUnit(file: ParsedFile, document: SystemdDocument, unit: UnitFile, context: RuleContext): void {
  const known = knownSections(document.unitName);
  const service = document.unitName.endsWith('.service');
  const sectionFix = addServiceHeaderFix(file, document, unit);
  for (const problem of unit.problems) {
    const section = sectionAt(unit, problem.span.start);
    // Inside a section systemd does not know, every line is skipped without a word.
    if (section !== undefined && known && !known.has(section) && problem.kind !== 'invalid-section-header') continue;
    const key = keyOf(file.text, problem.span);
    const carrier = service && key !== undefined && dockerdCarriers.has(key);
    const quoted = `systemd ignores this line ("${problem.message}")`;
    if (problem.kind === 'outside-section') {
      context.report({
        span: problem.span,
        severity: carrier ? 'error' : 'warning',
        message: `${quoted}: it comes before any [Section] header${carrier ? `, so this ${key}= never reaches dockerd` : ''}. ${key && serviceOnlyKeys.has(key) ? 'Put [Service] above it.' : 'Put it under its section header.'}`,
        fixes: sectionFix,
      });
    } else if (problem.kind === 'missing-equals' || problem.kind === 'missing-key') {
      context.report({
        span: problem.span,
        severity: carrier ? 'error' : 'warning',
        message: `${quoted}${carrier ? `: this ${key} never reaches dockerd. Write it as ${key}=VALUE` : ': write it as Key=value'}.`,
      });
    } else {
      reportInvalidHeader(file, document, problem, known, context);
    }
  }
  if (known) for (const section of unit.sections) if (!known.has(section.name) && !section.name.startsWith('X-')) reportUnknownSection(file, section, known, service, context);
}

function reportUnknownSection(file: ParsedFile, section: UnitSection, known: ReadonlySet<string>, service: boolean, context: RuleContext): void {
  const lost = service ? section.assignments.find((assignment) => dockerdCarriers.has(assignment.key)) : undefined;
  // Section names are case- and blank-sensitive: `[service]` or `[ Service]` can only have meant `[Service]`.
  const meant = [...known].find((name) => name.toLowerCase() === section.name.trim().toLowerCase());
  const renaming: Fix[] = meant
    ? [{ title: `Rename the section to [${meant}]`, preferred: true, changes: [{ uri: file.uri, edits: [{ start: section.headerSpan.start, end: section.headerSpan.end, newText: `[${meant}]` }] }] }]
    : [];
  context.report({
    span: section.headerSpan,
    severity: lost ? 'error' : 'warning',
    message: `systemd ignores this section ("Unknown section '${section.name}'. Ignoring."): every line up to the next header is skipped${lost ? `, so its ${lost.key}= never reaches dockerd` : ''}. ${meant ? `Section names must match exactly: [${meant}].` : `This unit reads ${[...known].map((name) => `[${name}]`).join(', ')}.`}`,
    fixes: renaming,
  });
}

function reportInvalidHeader(file: ParsedFile, document: SystemdDocument, problem: UnitProblem, known: ReadonlySet<string> | undefined, context: RuleContext): void {
  const rest = file.text.slice(problem.span.end);
  const lostCarrier = document.unitName.endsWith('.service') && carrierLine.test(rest);
  const wholeUnit = document.role === 'unit';
  const consequence = wholeUnit
    ? `${document.unitName} fails to load ("Bad message") and does not start`
    : `systemd stops reading this drop-in here: this line and every line below it are ignored${lostCarrier ? ', with the dockerd settings they hold' : ''}`;
  const name = file.text.slice(problem.span.start + 1, problem.span.end).trim();
  const closing: Fix[] = known?.has(name)
    ? [{ title: `Close the header: [${name}]`, preferred: true, changes: [{ uri: file.uri, edits: [{ start: problem.span.start, end: problem.span.end, newText: `[${name}]` }] }] }]
    : [];
  const severity: Severity = wholeUnit || lostCarrier ? 'error' : 'warning';
  context.report({ span: problem.span, severity, stopsDockerd: wholeUnit || undefined, message: `${problem.message}: ${consequence}.`, fixes: closing });
}

/** The section in effect at `offset` (the last header before it), if any. */
function sectionAt(unit: UnitFile, offset: number): string | undefined {
  let name: string | undefined;
  for (const section of unit.sections) if (section.headerSpan.start < offset) name = section.name;
  return name;
}

/** The key a dropped line was meant to set: its leading word. */
function keyOf(text: string, span: Span): string | undefined {
  return /^([A-Za-z][A-Za-z0-9]*)(?=[\s=]|$)/.exec(text.slice(span.start, span.end))?.[1];
}

/**
 * `[Service]` above a service drop-in's first line, when every line before its first header is
 * an assignment of a key that only [Service] accepts: then that header is certainly what was meant,
 * and systemd reads the file after the fix without a line ignored.
 */
function addServiceHeaderFix(file: ParsedFile, document: SystemdDocument, unit: UnitFile): Fix[] {
  if (document.role !== 'drop-in' || !document.unitName.endsWith('.service')) return [];
  const firstHeader = unit.sections[0]?.headerSpan.start ?? Infinity;
  const beforeHeader = unit.problems.filter((problem) => problem.span.start < firstHeader);
  if (beforeHeader.length === 0 || beforeHeader.some((problem) => problem.kind !== 'outside-section')) return [];
  const keys = beforeHeader.map((problem) => /^([A-Za-z][A-Za-z0-9]*)[ \t]*=/.exec(file.text.slice(problem.span.start, problem.span.end))?.[1]);
  if (keys.some((key) => key === undefined || !serviceOnlyKeys.has(key))) return [];
  const at = lineStart(file.text, beforeHeader[0].span.start);
  return [{ title: 'Add the [Service] header above these lines', preferred: true, changes: [{ uri: file.uri, edits: [{ start: at, end: at, newText: `[Service]${file.lines.eol()}` }] }] }];
}

/** The start of the line holding `offset`, after a byte-order mark (systemd skips one only at the very start). */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i === 0 && text.charCodeAt(0) === 0xfeff ? 1 : i;
}
