// The lines systemd itself drops while reading a unit, a drop-in or an environment file: it
// logs a warning nobody reads and goes on, so the setting never reaches dockerd.

import type { SystemdFile } from '../document';
import type { EnvFile, SystemdDocument, UnitFile, UnitProblem, UnitSection } from '../systemd/model';
import type { Fix, Severity, Span } from '../types';
import type { FileRule, RuleContext } from './types';

/** The variables of an environment file that carry dockerd's options. */
const optionsVariables = /\b(DOCKER_OPTS|OPTIONS)\b/;

export interface UnitType {
  /** The sections systemd reads in this unit type; it warns once about another section's header and skips its lines without a word. */
  sections: ReadonlySet<string>;
  /** The unit type's own section. */
  main: string;
  /**
   * Keys systemd 252 accepts in `main` and in no other section of `sections` (checked against
   * `systemd --dump-configuration-items` by the oracle test): a line holding one of them can only
   * have been meant for `main`. Deliberately short: a key missing here just means no quick-fix.
   */
  mainOnlyKeys: ReadonlySet<string>;
  /** The settings that carry the user's intent for dockerd: losing one is an error. */
  carriers: ReadonlySet<string>;
}

export const unitTypes: Readonly<Record<'service' | 'socket', UnitType>> = {
  service: {
    sections: new Set(['Unit', 'Service', 'Install']),
    main: 'Service',
    mainOnlyKeys: new Set([
      'ExecStart',
      'ExecStartPre',
      'ExecStartPost',
      'ExecReload',
      'ExecStop',
      'ExecStopPost',
      'Environment',
      'EnvironmentFile',
      'PassEnvironment',
      'UnsetEnvironment',
      'Type',
      'Restart',
      'RestartSec',
      'TimeoutSec',
      'TimeoutStartSec',
      'TimeoutStopSec',
      'KillMode',
      'Delegate',
      'LimitNOFILE',
      'LimitNPROC',
      'LimitCORE',
      'LimitMEMLOCK',
      'TasksMax',
      'MountFlags',
      'OOMScoreAdjust',
      'User',
      'Group',
      'WorkingDirectory',
      'Slice',
      'MemoryMax',
      'MemoryLimit',
      'CPUQuota',
    ]),
    // dockerd's command line and the variables it expands.
    carriers: new Set(['ExecStart', 'Environment', 'EnvironmentFile']),
  },
  socket: {
    sections: new Set(['Unit', 'Socket', 'Install']),
    main: 'Socket',
    mainOnlyKeys: new Set(['ListenStream', 'SocketMode', 'SocketUser', 'SocketGroup', 'Accept', 'Backlog', 'BindIPv6Only', 'FreeBind', 'Service']),
    // Where dockerd's fd:// listens, and who may open the API socket.
    carriers: new Set(['ListenStream', 'SocketMode', 'SocketUser', 'SocketGroup']),
  },
};

function unitTypeOf(unitName: string): UnitType | undefined {
  if (unitName.endsWith('.service')) return unitTypes.service;
  if (unitName.endsWith('.socket')) return unitTypes.socket;
  return undefined;
}

export const systemdSyntax: FileRule<'systemd'> = {
  meta: {
    id: 'systemd-syntax',
    severity: 'error',
    title: 'systemd ignores a line of a unit, drop-in or environment file',
    summary:
      'systemd logs a warning and skips a line outside any [Section], without "=", in a section it does not know (names are case-sensitive), or after a broken section header: a dockerd command or variable written there never reaches dockerd.',
    howToFix:
      'Put assignments under their section header ([Service] for ExecStart=, Environment=, EnvironmentFile=; [Socket] for ListenStream=), write them as Key=value, and close section headers with "]".',
    preset: 'recommended',
    fixable: true,
    revealsSkippedLines: true,
    about: 'syntax',
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (document?.unit) checkUnit(file, document, document.unit, context);
    if (document?.envFile) checkEnvFile(file, document.envFile, context);
  },
};

function checkEnvFile(file: SystemdFile, envFile: EnvFile, context: RuleContext): void {
  for (const problem of envFile.problems) {
    const carriesOptions = optionsVariables.test(file.text.slice(problem.span.start, problem.span.end));
    const why =
      problem.kind === 'invalid-name'
        ? 'its name is not a valid variable name (letters, digits and "_"; no "export"), so systemd logs "Ignoring invalid environment assignment"'
        : 'it has no "=", so systemd skips it without a word';
    context.report({
      span: problem.span,
      severity: carriesOptions ? 'error' : 'warning',
      message: `systemd ignores this line when a unit reads this file with EnvironmentFile=: ${why}.${carriesOptions ? ' The dockerd options it sets never reach dockerd.' : ''}`,
    });
  }
}

function checkUnit(file: SystemdFile, document: SystemdDocument, unit: UnitFile, context: RuleContext): void {
  const type = unitTypeOf(document.unitName);
  const recipient = document.unitName.endsWith('.service') ? 'dockerd' : document.unitName;
  const headerFix = addMainHeaderFix(file, document, unit, type);
  for (const problem of unit.problems) {
    const section = sectionAt(unit, problem.span.start);
    // Inside a section systemd does not know, every line is skipped without a word.
    if (section !== undefined && type && !type.sections.has(section) && problem.kind !== 'invalid-section-header') continue;
    const key = keyOf(file.text, problem.span);
    const carrier = key !== undefined && type?.carriers.has(key);
    const quoted = `systemd ignores this line ("${problem.message}")`;
    if (problem.kind === 'outside-section') {
      const advice = type && key && type.mainOnlyKeys.has(key) ? `Put [${type.main}] above it.` : 'Put it under its section header.';
      context.report({
        span: problem.span,
        severity: carrier ? 'error' : 'warning',
        message: `${quoted}: it comes before any [Section] header${carrier ? `, so this ${key}= never reaches ${recipient}` : ''}. ${advice}`,
        fixes: headerFix,
      });
    } else if (problem.kind === 'missing-equals' || problem.kind === 'missing-key') {
      context.report({
        span: problem.span,
        severity: carrier ? 'error' : 'warning',
        message: `${quoted}${carrier ? `: this ${key} never reaches ${recipient}. Write it as ${key}=VALUE` : ': write it as Key=value'}.`,
      });
    } else {
      reportInvalidHeader(file, document, problem, type, recipient, context);
    }
  }
  if (!type) return;
  for (const section of unit.sections) {
    if (!type.sections.has(section.name) && !section.name.startsWith('X-')) reportUnknownSection(file, section, type, recipient, context);
  }
}

function reportUnknownSection(file: SystemdFile, section: UnitSection, type: UnitType, recipient: string, context: RuleContext): void {
  const lost = section.assignments.find((assignment) => type.carriers.has(assignment.key));
  // Section names are case- and blank-sensitive: `[service]` or `[ Service]` can only have meant `[Service]`.
  const meant = [...type.sections].find((name) => name.toLowerCase() === section.name.trim().toLowerCase());
  const renaming: Fix[] = meant
    ? [{ title: `Rename the section to [${meant}]`, preferred: true, changes: [{ uri: file.uri, edits: [{ start: section.headerSpan.start, end: section.headerSpan.end, newText: `[${meant}]` }] }] }]
    : [];
  context.report({
    span: section.headerSpan,
    severity: lost ? 'error' : 'warning',
    message: `systemd ignores this section ("Unknown section '${section.name}'. Ignoring."): every line up to the next header is skipped${lost ? `, so its ${lost.key}= never reaches ${recipient}` : ''}. ${meant ? `Section names must match exactly: [${meant}].` : `This unit reads ${[...type.sections].map((name) => `[${name}]`).join(', ')}.`}`,
    fixes: renaming,
  });
}

function reportInvalidHeader(file: SystemdFile, document: SystemdDocument, problem: UnitProblem, type: UnitType | undefined, recipient: string, context: RuleContext): void {
  const rest = file.text.slice(problem.span.end);
  const lostCarrier = type !== undefined && new RegExp(`^[ \\t]*(${[...type.carriers].join('|')})[ \\t]*=`, 'm').test(rest);
  const wholeUnit = document.role === 'unit';
  const consequence = wholeUnit
    ? `${document.unitName} fails to load ("Bad message") and does not start`
    : `systemd stops reading this drop-in here: this line and every line below it are ignored${lostCarrier ? `, with the settings for ${recipient} they hold` : ''}`;
  const name = file.text.slice(problem.span.start + 1, problem.span.end).trim();
  const closing: Fix[] = type?.sections.has(name)
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
 * `[Service]` (`[Socket]`) above a drop-in's first line, when every line before its first header
 * is an assignment of a key that only that section accepts: then that header is certainly what
 * was meant, and systemd reads the file after the fix without a line ignored.
 */
function addMainHeaderFix(file: SystemdFile, document: SystemdDocument, unit: UnitFile, type: UnitType | undefined): Fix[] {
  if (document.role !== 'drop-in' || !type) return [];
  const firstHeader = unit.sections[0]?.headerSpan.start ?? Infinity;
  const beforeHeader = unit.problems.filter((problem) => problem.span.start < firstHeader);
  if (beforeHeader.length === 0 || beforeHeader.some((problem) => problem.kind !== 'outside-section')) return [];
  const keys = beforeHeader.map((problem) => /^([A-Za-z][A-Za-z0-9]*)[ \t]*=/.exec(file.text.slice(problem.span.start, problem.span.end))?.[1]);
  if (keys.some((key) => key === undefined || !type.mainOnlyKeys.has(key))) return [];
  const at = lineStart(file.text, beforeHeader[0].span.start);
  return [{ title: `Add the [${type.main}] header above these lines`, preferred: true, changes: [{ uri: file.uri, edits: [{ start: at, end: at, newText: `[${type.main}]${file.lines.eol()}` }] }] }];
}

/** The start of the line holding `offset`, after a byte-order mark (systemd skips one only at the very start). */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i === 0 && text.charCodeAt(0) === 0xfeff ? 1 : i;
}
