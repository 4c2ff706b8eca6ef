import { pathOf } from '../detect';
import type { ParsedFile } from '../document';
import type { ExecStartStep, SystemdDocument } from '../systemd/parse';
import type { Fix, RelatedLocation } from '../types';
import { hostInfoOf, serviceFiles } from '../workspace';
import type { FileRule, RuleContext } from './types';

interface ServiceChain {
  files: ParsedFile[];
  /** No unit in the workspace: the packaged docker.service's one command comes first. */
  packagedFirst: boolean;
}

/**
 * The files systemd reads for this file's service, in its order. When the workspace shows the
 * host, its unit and every drop-in; otherwise the file alone, after the packaged unit (whose one
 * ExecStart= a lone drop-in starts from).
 */
function serviceChain(file: ParsedFile, context: RuleContext): ServiceChain {
  const host = context.hostOf(file.uri);
  const info = host && hostInfoOf(host);
  const files = info ? serviceFiles(info.files) : [];
  if (info && files.includes(file)) return { files, packagedFirst: !info.files.serviceUnit };
  return { files: [file], packagedFirst: file.systemd?.role === 'drop-in' };
}

interface ServiceShape {
  type?: string;
  execStop: boolean;
  /** [Unit] SuccessAction= other than none. */
  successAction: boolean;
  remainAfterExit: boolean;
}

/** What service_verify looks at besides ExecStart=, after every file (later assignments win). */
function serviceShape(files: ParsedFile[]): ServiceShape {
  const shape: ServiceShape = { execStop: false, successAction: false, remainAfterExit: false };
  for (const file of files) {
    const document = file.systemd as SystemdDocument;
    if (document.serviceType !== undefined) shape.type = document.serviceType;
    for (const { section, key, value } of document.unit?.assignments ?? []) {
      if (section === 'Service' && key === 'ExecStop') shape.execStop = value.text !== '';
      else if (section === 'Service' && key === 'RemainAfterExit') shape.remainAfterExit = /^(1|yes|y|true|t|on)$/i.test(value.text);
      else if (section === 'Unit' && key === 'SuccessAction') shape.successAction = value.text !== '' && value.text !== 'none';
    }
  }
  return shape;
}

/** systemd's refusal of a service left without ExecStart= (service_verify), or none when it runs anyway. */
function refusalWithoutExecStart(shape: ServiceShape): string | undefined {
  if (!shape.execStop && !shape.successAction) return 'Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.';
  if (shape.type !== 'oneshot') return 'Service has no ExecStart= setting, which is only allowed for Type=oneshot services. Refusing.';
  if (!shape.remainAfterExit && !shape.successAction) return 'Service has no ExecStart= and no SuccessAction= settings and does not have RemainAfterExit=yes set. Refusing.';
  return undefined;
}

/** How many commands a step adds: none for a line systemd ignores (unbalanced quoting, bad specifier). */
function commandsOf(step: ExecStartStep): number {
  return step.exec?.ok ? step.exec.commands.length : 0;
}

/** The commands in effect after `steps`, starting from `count`. */
function countAfter(steps: readonly ExecStartStep[], count: number): number {
  for (const step of steps) count = step.reset ? 0 : count + commandsOf(step);
  return count;
}

/** The commands in effect before `position` of the chain, and the file that wrote the last of them (none: the packaged unit). */
function countBefore(chain: ServiceChain, position: number): { count: number; setBy?: ParsedFile } {
  let count = chain.packagedFirst ? 1 : 0;
  let setBy: ParsedFile | undefined;
  for (const earlier of chain.files.slice(0, position)) {
    for (const step of (earlier.systemd as SystemdDocument).execStarts) {
      if (step.reset) [count, setBy] = [0, undefined];
      else if (commandsOf(step) > 0) [count, setBy] = [count + commandsOf(step), earlier];
    }
  }
  return { count, setBy };
}

/** A file's place in its service's chain, and the commands in effect when systemd reaches it. */
interface PlaceInChain {
  chain: ServiceChain;
  position: number;
  inheritedCount: number;
}

function fileName(file: ParsedFile): string {
  return pathOf(file.uri).split('/').pop() ?? file.uri;
}

export const execstartNotReset: FileRule = {
  meta: {
    id: 'execstart-not-reset',
    severity: 'error',
    title: 'Drop-in leaves docker.service with more than one ExecStart=, or none',
    summary:
      'A drop-in that sets ExecStart= without first clearing it with an empty ExecStart= adds a second command to the unit, and an empty ExecStart= with no command after it leaves none: either way systemd refuses to start the service (unless it is Type=oneshot).',
    howToFix: 'Put an empty `ExecStart=` line before the new ExecStart= in the drop-in, and one ExecStart= command that systemd accepts after it.',
    preset: 'recommended',
    fixable: true,
    stopsDockerd: true,
    kinds: ['systemd'],
  },
  scope: 'file',
  check(file, context) {
    const document = file.systemd;
    if (!document || document.role === 'env-file' || !document.unitName.endsWith('.service')) return;
    const chain = serviceChain(file, context);
    const position = chain.files.indexOf(file);
    const shape = serviceShape(chain.files);
    // systemd judges the list left after every line: an empty ExecStart= clears it.
    const inherited = countBefore(chain, position);
    let count = inherited.count;
    let offending: { step: ExecStartStep; before: number } | undefined;
    let resetSeen = false;
    for (const step of document.execStarts) {
      if (step.reset) {
        [count, offending, resetSeen] = [0, undefined, true];
        continue;
      }
      const before = count;
      count += commandsOf(step);
      if (before < 2 && count >= 2) offending = { step, before };
    }
    if (offending && shape.type !== 'oneshot') reportSecondCommand(file, context, offending, resetSeen ? { count: 0 } : inherited);
    reportNoCommandLeft(file, context, { chain, position, inheritedCount: inherited.count }, count, shape);
  },
};

function reportSecondCommand(
  file: ParsedFile,
  context: RuleContext,
  offending: { step: ExecStartStep; before: number },
  earlier: { count: number; setBy?: ParsedFile },
): void {
  const unitName = file.systemd?.unitName ?? 'docker.service';
  const { step } = offending;
  // Clearing first helps only when the one command before it came from outside this file.
  const fromBefore = earlier.count === 1 && offending.before === 1 && commandsOf(step) === 1;
  const source = earlier.setBy && earlier.setBy.systemd?.role === 'drop-in' ? `the drop-in ${fileName(earlier.setBy)}` : 'the unit';
  const lineStart = file.lines.lineStart(step.assignment.line);
  const refusal = '("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services")';
  context.report({
    span: { start: step.assignment.keySpan.start, end: step.assignment.valueSpan.end },
    message: fromBefore
      ? `This drop-in adds a second command to ${unitName}: the ExecStart= of ${source} still counts unless an empty "ExecStart=" comes first. systemd refuses to start the service ${refusal}.`
      : `${unitName} is left with more than one ExecStart= command: systemd refuses to start the service ${refusal}.`,
    fixes: fromBefore
      ? [{ title: 'Clear the unit\'s ExecStart= first (insert "ExecStart=")', preferred: true, changes: [{ uri: file.uri, edits: [{ start: lineStart, end: lineStart, newText: `ExecStart=${file.lines.eol()}` }] }] }]
      : [],
  });
}

/**
 * The service's last empty `ExecStart=` (reported in the file that holds it) with no command
 * that systemd accepts after it, here or in a later drop-in.
 */
function reportNoCommandLeft(file: ParsedFile, context: RuleContext, place: PlaceInChain, countAfterFile: number, shape: ServiceShape): void {
  const { chain, position } = place;
  const document = file.systemd as SystemdDocument;
  const lastReset = document.execStarts.map((step) => step.reset).lastIndexOf(true);
  if (lastReset < 0) return;
  let count = countAfterFile;
  const later = chain.files.slice(position + 1);
  for (const other of later) count = countAfter((other.systemd as SystemdDocument).execStarts, count);
  if (count > 0 || later.some((other) => (other.systemd as SystemdDocument).execStarts.some((step) => step.reset))) return;
  const refusal = refusalWithoutExecStart(shape);
  if (!refusal) return;
  const ignored = [file, ...later].flatMap((other) =>
    (other.systemd as SystemdDocument).execStarts
      .filter((step, index) => (other !== file || index > lastReset) && step.exec && !step.exec.ok)
      .map((step) => ({ file: other, step })),
  );
  const related: RelatedLocation[] = ignored.map(({ file: other, step }) => ({
    uri: other.uri,
    span: { start: step.assignment.keySpan.start, end: step.assignment.valueSpan.end },
    message: `systemd ignores this ExecStart= (${step.exec?.problems.find((problem) => problem.severity === 'error')?.message ?? 'invalid'})`,
  }));
  const reset = document.execStarts[lastReset];
  const unitName = document.unitName;
  const where = ignored.map(({ file: other, step }) => `${fileName(other)} line ${step.assignment.line + 1}`);
  const why = ignored.length > 0 ? `systemd ignores the ExecStart= after it (${where.join(', ')})` : 'no ExecStart= command follows it';
  context.report({
    span: { start: reset.assignment.keySpan.start, end: reset.assignment.lineSpan.end },
    message: `This empty ExecStart= clears ${unitName}'s command, and ${why}: the service has no ExecStart= left and systemd refuses to start it ("${refusal}").`,
    related,
    fixes: restoreFix(file, place.inheritedCount, lastReset),
  });
}

/** Removing the reset restores the command before it, when that is exactly one command. */
function restoreFix(file: ParsedFile, inheritedCount: number, lastReset: number): Fix[] {
  const document = file.systemd as SystemdDocument;
  const count = countAfter(document.execStarts.slice(0, lastReset), inheritedCount);
  if (count !== 1) return [];
  const line = document.execStarts[lastReset].assignment.line;
  const lastLine = line + 1 >= file.lines.lineCount;
  const edit = { start: file.lines.lineStart(line), end: lastLine ? file.text.length : file.lines.lineStart(line + 1), newText: '' };
  return [{ title: 'Remove the empty ExecStart= (the command set before it stays)', changes: [{ uri: file.uri, edits: [edit] }] }];
}
