// The shape of a rule: metadata as plain data (docs, settings schema, SARIF rules and
// hover text are generated from it) and a check that reports findings.

import type { Connectivity } from '../connectivity';
import type { FileOfKind, LimitedFile, ParsedFile } from '../document';
import type { DockerdSettings } from '../settings';
import type { Machine } from '../workspace';
import type { FileKind, Fix, LintEnvironment, RelatedLocation, Severity, Span, Preset } from '../types';

export interface RuleMeta {
  /** Public and stable: used in settings, suppression comments, CLI output and SARIF. */
  id: string;
  severity: Severity;
  /** One line, shown in the rule list. */
  title: string;
  /** Why it matters, in one or two sentences (hover, SARIF shortDescription). */
  summary: string;
  /** How to fix it, in one sentence. */
  howToFix: string;
  /** `strict` rules are off unless the user picks the strict preset. */
  preset: Preset;
  fixable: boolean;
  /** True when a finding of this rule means dockerd (or systemd) refuses to start. */
  stopsDockerd?: boolean;
  /**
   * True when a finding marks lines the program skips (systemd ignores a line it cannot place):
   * its fix puts them in force, and other rules then judge what they say.
   */
  revealsSkippedLines?: boolean;
  /**
   * What a finding is about when it is not what the configuration allows: `syntax`, the file
   * does not parse as its format (editors with a parser of their own already underline it);
   * `coverage`, part of the input was not analysed. Neither is a security finding (SARIF).
   */
  about?: 'syntax' | 'coverage';
  /** The file kinds the rule can report on. */
  kinds: FileKind[];
  /** MITRE CWE weakness ids a finding is an instance of (SARIF tags, rule pages). */
  cwe?: number[];
  /**
   * CIS Docker Benchmark v1.6.0 recommendations the rule checks, numbered as docker-bench-security
   * checks them (tests/2_docker_daemon_configuration.sh, tests/5_container_runtime.sh): older
   * benchmark versions number some of them differently, as rule pages' sources say.
   */
  cis?: string[];
  /** GitHub code scanning's security-severity (0.1-10) when the default for the severity undersells the harm. */
  securitySeverity?: number;
}

/** The metadata of a rule that reads the models of `K` files: exactly those kinds. */
export interface FileRuleMeta<K extends FileKind> extends RuleMeta {
  kinds: K[];
}

export interface ReportInput {
  span: Span;
  message: string;
  /** Defaults to the file being checked; a merged-host rule may report in another file. */
  uri?: string;
  /** Overrides the rule's default severity for this finding (e.g. lowered for loopback). */
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Overrides the rule's `stopsDockerd` for this finding (e.g. refused only by some engine versions). */
  stopsDockerd?: boolean;
}

export interface RuleContext {
  env: LintEnvironment;
  /** Every parsed file of the lint run, by URI, for fixes and related locations in other files. */
  files: ReadonlyMap<string, ParsedFile>;
  /**
   * The machine being judged (by layout or the user's `hostGroups`): for a dockerd rule, the
   * machine whose merged settings it checks; for a file rule, the machine the file belongs to.
   * Undefined for settings or a file judged alone.
   */
  machine?: Machine;
  /** Who listens and who connects, per machine and per stack, built once per run (connectivity.ts). */
  readonly connectivity: Connectivity;
  report(finding: ReportInput): void;
}

/** Judges one dockerd's settings, on whatever surfaces they were written. */
export interface DockerdRule {
  meta: RuleMeta;
  scope: 'dockerd';
  check(settings: DockerdSettings, context: RuleContext): void;
}

/**
 * Judges one file of the kinds in `meta.kinds` on its own (syntax, keys, a unit's ExecStart
 * lines, Compose services), reading that kind's model.
 */
export interface FileRule<K extends FileKind = FileKind> {
  meta: FileRuleMeta<K>;
  scope: 'file';
  check(file: FileOfKind<K>, context: RuleContext): void;
}

/** Runs only on files too large or deep to analyse, where every other rule is silent. */
export interface LimitRule {
  meta: RuleMeta;
  scope: 'limit';
  check(file: LimitedFile, context: RuleContext): void;
}

export type Rule = DockerdRule | FileRule | LimitRule;
