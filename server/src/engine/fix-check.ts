// Every fix is judged on its outcome before anyone is offered it: the fixed files are linted
// again, with the same resolved configuration, together with the other files of their
// machine, and the fix must (1) clear the finding it is attached to, (2) leave every file
// recognised (it still parses as what it was), (3) keep dockerd's and systemd's start checks
// passing (no more findings that stop dockerd: one source per option, TLS material named,
// known flags, one ExecStart=), and (4) add no error or warning of any rule. A fix that
// fails is not offered as the one to apply, and the finding says why.

import type { LintOptions } from './config';
import type { ParsedFile } from './document';
import { type FileResult, type SourceFile, lintFiles, parseFile } from './lint';
import { applyEdits } from './text';
import type { Finding, Fix, TextEdit } from './types';
import { type TlsFileOption, hasTlsFile, tlsState } from './dockerd/tls';
import { groupMachines, machineView } from './workspace';

/** The files and configuration of one lint run, the one its fixes are judged in. */
export interface FixWorld {
  sources: readonly SourceFile[];
  options: LintOptions;
  /** The run's findings: what each fix is compared with. */
  results: readonly FileResult[];
}

export class FixChecker {
  private readonly sources = new Map<string, SourceFile>();
  /** For each file, the files of its machine (itself alone when it belongs to none). */
  private readonly machineOf = new Map<string, string[]>();

  constructor(private readonly world: FixWorld) {
    for (const source of world.sources) this.sources.set(source.uri, source);
    const parsed = world.sources.map((source) => parseFile(source)).filter((file): file is ParsedFile => file !== undefined);
    for (const machine of groupMachines(parsed, world.options)) {
      const members = machine.members.map((file) => file.uri);
      for (const uri of members) this.machineOf.set(uri, members);
    }
  }

  /**
   * Why applying `fixes` together does not keep its promise for `targets` (the findings they
   * are attached to), or undefined when it does.
   */
  problem(fixes: readonly Fix[], targets: readonly Finding[]): string | undefined {
    const touched = new Set([...fixes.flatMap((fix) => fix.changes.map((change) => change.uri)), ...targets.map((target) => target.uri)]);
    const neighbourhood = new Set([...touched].flatMap((uri) => this.machineOf.get(uri) ?? [uri]));
    const texts = new Map<string, string>();
    for (const uri of neighbourhood) {
      const source = this.sources.get(uri);
      if (source) texts.set(uri, source.text);
    }
    const fixed = applyTogether(texts, fixes);
    if (typeof fixed === 'string') return fixed;
    const after = lintFiles(
      [...fixed].map(([uri, text]) => ({ uri, text, kind: this.sources.get(uri)?.kind })),
      this.world.options,
    );
    const lost = [...texts.keys()].find((uri) => !after.some((result) => result.uri === uri));
    if (lost) return `leave ${lost} unrecognised`;
    const before = this.world.results.filter((result) => neighbourhood.has(result.uri)).flatMap((result) => result.findings);
    const unnamed = (files: ReadonlyMap<string, string>) =>
      dockerdsWithoutTlsMaterial(
        [...files].map(([uri, text]) => ({ uri, text, kind: this.sources.get(uri)?.kind })),
        this.world.options,
      );
    if (unnamed(fixed) > unnamed(texts)) return 'turn on TLS without naming its certificate files (dockerd would look for them under ~/.docker and not start)';
    return outcomeProblem(
      before,
      after.flatMap((result) => result.findings),
      targets,
    );
  }

  /** The finding's fixes that keep their promise; when the preferred one does not, the message says why. */
  verified(finding: Finding): Finding {
    const kept: Fix[] = [];
    let note = '';
    for (const fix of finding.fixes) {
      const problem = this.problem([fix], [finding]);
      if (!problem) kept.push(fix);
      else if (fix.preferred) note = ` No fix is applied automatically: "${fix.title}" would ${problem}.`;
    }
    if (kept.length === finding.fixes.length) return finding;
    return { ...finding, message: finding.message + note, fixes: kept };
  }
}

/**
 * The results with every fix verified: a finding keeps only fixes that keep their promise, so
 * "(fixable)" (a preferred fix) is true wherever it is shown.
 */
export function withVerifiedFixes(world: FixWorld): FileResult[] {
  const checker = new FixChecker(world);
  return world.results.map((result) => ({ ...result, findings: result.findings.map((finding) => (finding.fixes.length > 0 ? checker.verified(finding) : finding)) }));
}

/**
 * How many dockerds of the files serve TLS without naming the files it needs: a flag turning TLS
 * on lets dockerd fall back to ~/.docker/{ca,cert,key}.pem, which a server rarely has. The
 * rules do not report this (such a host may have them); a fix must never make it.
 */
function dockerdsWithoutTlsMaterial(sources: SourceFile[], options: LintOptions): number {
  const parsed = sources.map((source) => parseFile(source)).filter((file): file is ParsedFile => file !== undefined && !file.limit);
  return machineView(parsed, options).dockerds.filter((settings) => {
    const tls = tlsState(settings);
    const needed: TlsFileOption[] = tls.verifiesClients ? ['tlscacert', 'tlscert', 'tlskey'] : ['tlscert', 'tlskey'];
    return tls.enabled && needed.some((name) => !hasTlsFile(settings, name));
  }).length;
}

/** The texts after all `fixes`; a string when their edits clash or reach a file not at hand. */
export function applyTogether(texts: ReadonlyMap<string, string>, fixes: readonly Fix[]): Map<string, string> | string {
  const editsByUri = new Map<string, TextEdit[]>();
  const created = new Set<string>();
  for (const fix of fixes) {
    for (const change of fix.changes) {
      if (change.create) {
        if (texts.has(change.uri) || created.has(change.uri)) return `create ${change.uri}, which exists`;
        created.add(change.uri);
      } else if (!texts.has(change.uri)) return `edit ${change.uri}, which is not loaded`;
      editsByUri.set(change.uri, [...(editsByUri.get(change.uri) ?? []), ...change.edits]);
    }
  }
  const result = new Map(texts);
  for (const [uri, edits] of editsByUri) {
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    if (sorted.some((edit, i) => i > 0 && edit.start < sorted[i - 1].end)) return `make overlapping edits in ${uri}`;
    result.set(uri, applyEdits(texts.get(uri) ?? '', edits));
  }
  return result;
}

const rank = { info: 0, warning: 1, error: 2 } as const;

function countBy(findings: readonly Finding[], key: (finding: Finding) => string | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const name = key(finding);
    if (name !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

/**
 * Why going from `before` to `after` breaks a fix's promise for `targets`, or undefined. A fix
 * trades down, never sideways: it may reveal findings below the least severe of its targets
 * (an error fixed can show a warning about the setting now in force), none at or above it.
 */
export function outcomeProblem(before: readonly Finding[], after: readonly Finding[], targets: readonly Finding[]): string | undefined {
  // The target's rule reporting the same place at a lower severity (loopback) counts as cleared.
  const at = (target: Finding) => (finding: Finding) => (finding.ruleId === target.ruleId && finding.uri === target.uri && rank[finding.severity] >= rank[target.severity] ? 'target' : undefined);
  for (const target of targets) {
    if ((countBy(after, at(target)).get('target') ?? 0) >= (countBy(before, at(target)).get('target') ?? 0)) return `not clear this ${target.ruleId} finding`;
  }
  const stopping = (finding: Finding) => (finding.stopsDockerd ? finding.ruleId : undefined);
  const stopsBefore = countBy(before, stopping);
  for (const [ruleId, count] of countBy(after, stopping)) {
    if (count > (stopsBefore.get(ruleId) ?? 0)) return `stop dockerd (${ruleId})`;
  }
  const floor = Math.min(...targets.map((target) => rank[target.severity]));
  const rule = (finding: Finding) => (rank[finding.severity] >= floor ? `${finding.severity} ${finding.ruleId}` : undefined);
  const rulesBefore = countBy(before, rule);
  for (const [key, count] of countBy(after, rule)) {
    if (count > (rulesBefore.get(key) ?? 0)) return `add ${key.replace(' ', ' finding of ')}`;
  }
  return undefined;
}
