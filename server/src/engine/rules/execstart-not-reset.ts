import { pathOf } from '../paths';
import type { SystemdFile } from '../document';
import { type ExecStartStep, commandsKeptBy, execStartChain, keptBySystemd, keptCountAfter } from '../systemd/model';
import type { Fix, RelatedLocation } from '../types';
import { serviceFiles } from '../workspace';
import type { FileRule, RuleContext } from './types';

interface ServiceChain {
  files: SystemdFile[];
  /** No unit in the workspace: the packaged docker.service's one command comes first. */
  packagedFirst: boolean;
}

/**
 * The files systemd reads for this file's service, in its order. When the workspace shows the
 * machine, its unit and every drop-in; otherwise the file alone, after the packaged unit (whose
 * one ExecStart= a lone drop-in starts from).
 */
function serviceChain(file: SystemdFile, context: RuleContext): ServiceChain {
  const machine = context.machine;
  const files = machine ? serviceFiles(machine.files) : [];
  if (machine && files.includes(file)) return { files, packagedFirst: !machine.files.serviceUnit };
  return { files: [file], packagedFirst: file.systemd.role === 'drop-in' };
}

interface ServiceShape {
  type?: string;
  execStop: boolean;
  /** [Unit] SuccessAction= other than none. */
  successAction: boolean;
  remainAfterExit: boolean;
}

/** What service_verify looks at besides ExecStart=, after every file (later assignments win). */
function serviceShape(files: SystemdFile[]): ServiceShape {
  const shape: ServiceShape = { execStop: false, successAction: false, remainAfterExit: false };
  for (const file of files) {
    const document = file.systemd;
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

/** The commands in effect before `position` of the chain, and the file that wrote the last of them (none: the packaged unit). */
function countBefore(chain: ServiceChain, position: number): { count: number; setBy?: SystemdFile } {
  const before = execStartChain(chain.files.slice(0, position));
  const kept = before.commands.filter(keptBySystemd);
  const packaged = chain.packagedFirst && !before.resetBy ? 1 : 0;
  return { count: packaged + kept.length, setBy: kept[kept.length - 1]?.file };
}

/** A file's place in its service's chain, and the commands in effect when systemd reaches it. */
interface PlaceInChain {
  chain: ServiceChain;
  position: number;
  inheritedCount: number;
}

function fileName(file: SystemdFile): string {
  return pathOf(file.uri).split('/').pop() ?? file.uri;
}

export const execstartNotReset: FileRule<'systemd'> = {
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
    if (document.role === 'env-file' || !document.unitName.endsWith('.service')) return;
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
      count += commandsKeptBy(step);
      if (before < 2 && count >= 2) offending = { step, before };
    }
    if (offending && shape.type !== 'oneshot') reportSecondCommand(file, context, offending, resetSeen ? { count: 0 } : inherited);
    reportNoCommandLeft(file, context, { chain, position, inheritedCount: inherited.count }, count, shape);
  },
};

function reportSecondCommand(file: SystemdFile, context: RuleContext, offending: { step: ExecStartStep; before: number }, earlier: { count: number; setBy?: SystemdFile }): void {
  const unitName = file.systemd.unitName;
  const { step } = offending;
  // Clearing first helps only when the one command before it came from outside this file.
  const fromBefore = earlier.count === 1 && offending.before === 1 && commandsKeptBy(step) === 1;
  const source = earlier.setBy && earlier.setBy.systemd.role === 'drop-in' ? `the drop-in ${fileName(earlier.setBy)}` : 'the unit';
  const lineStart = file.lines.lineStart(step.assignment.line);
  const refusal = '("Service has more than one ExecStart= setting, which is only allowed for Type=oneshot services")';
  context.report({
    span: { start: step.assignment.keySpan.start, end: step.assignment.valueSpan.end },
    message: fromBefore
      ? `This drop-in adds a second command to ${unitName}: the ExecStart= of ${source} still counts unless an empty "ExecStart=" comes first. systemd refuses to start the service ${refusal}.`
      : `${unitName} is left with more than one ExecStart= command: systemd refuses to start the service ${refusal}.`,
    fixes: fromBefore
      ? [
          {
            title: 'Clear the unit\'s ExecStart= first (insert "ExecStart=")',
            preferred: true,
            changes: [{ uri: file.uri, edits: [{ start: lineStart, end: lineStart, newText: `ExecStart=${file.lines.eol()}` }] }],
          },
        ]
      : [],
  });
}

/**
 * The service's last empty `ExecStart=` (reported in the file that holds it) with no command
 * that systemd accepts after it, here or in a later drop-in.
 */
function reportNoCommandLeft(file: SystemdFile, context: RuleContext, place: PlaceInChain, countAfterFile: number, shape: ServiceShape): void {
  const { chain, position } = place;
  const document = file.systemd;
  const lastReset = document.execStarts.map((step) => step.reset).lastIndexOf(true);
  if (lastReset < 0) return;
  let count = countAfterFile;
  const later = chain.files.slice(position + 1);
  const afterLater = execStartChain(later);
  if (afterLater.resetBy) return;
  count += afterLater.commands.filter(keptBySystemd).length;
  if (count > 0) return;
  const refusal = refusalWithoutExecStart(shape);
  if (!refusal) return;
  const ignored = [file, ...later].flatMap((other) =>
    other.systemd.execStarts.filter((step, index) => (other !== file || index > lastReset) && step.exec && !step.exec.ok).map((step) => ({ file: other, step })),
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
function restoreFix(file: SystemdFile, inheritedCount: number, lastReset: number): Fix[] {
  const document = file.systemd;
  const count = keptCountAfter(inheritedCount, document.execStarts.slice(0, lastReset));
  if (count !== 1) return [];
  const line = document.execStarts[lastReset].assignment.line;
  const lastLine = line + 1 >= file.lines.lineCount;
  const edit = { start: file.lines.lineStart(line), end: lastLine ? file.text.length : file.lines.lineStart(line + 1), newText: '' };
  return [{ title: 'Remove the empty ExecStart= (the command set before it stays)', changes: [{ uri: file.uri, edits: [edit] }] }];
}
