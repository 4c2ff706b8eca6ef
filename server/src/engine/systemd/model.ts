// The model of systemd files that rules and the machine view read: units, drop-ins and
// environment files as systemd understands them, and what follows from them: the ExecStart=
// list after a chain of files (the one place that knows how an empty ExecStart= resets it),
// the variables an environment file hands to a unit, and the dockerd a command starts.
// Reading text into this model is parse.ts, unit-file.ts and env-file.ts; editing it is edit.ts.

import { type ArgWord, type ParsedArgs, parseDockerdArgs } from '../dockerd/args';
import type { DaemonBuild } from '../dockerd/options';
import type { MappedText } from '../mapped-text';
import type { Span } from '../types';
import { type EnvValue, type Environment, type ExpansionBudget, expandArgs } from './env-expansion';
import { type ExecCommand, type ExecLine, daemonArgsOf, daemonBuildOf } from './exec';

export interface UnitAssignment {
  section: string;
  key: string;
  keySpan: Span;
  /** The value after joining continuations, with where each character is written. */
  value: MappedText;
  /** Where the value is written (first to last character; empty at the end of `Key=`). */
  valueSpan: Span;
  /** The whole logical line, from the key to the end of its last physical line (no line break). */
  lineSpan: Span;
  /** 0-based line of the key. */
  line: number;
}

export interface UnitSection {
  name: string;
  headerSpan: Span;
  assignments: UnitAssignment[];
}

export interface UnitComment {
  text: string;
  span: Span;
  line: number;
}

export interface UnitProblem {
  /** systemd's own words for it. */
  message: string;
  kind: 'outside-section' | 'missing-equals' | 'missing-key' | 'invalid-section-header';
  span: Span;
}

export interface UnitFile {
  sections: UnitSection[];
  /** Every assignment in file order. */
  assignments: UnitAssignment[];
  comments: UnitComment[];
  problems: UnitProblem[];
}

export interface EnvAssignment {
  name: string;
  nameSpan: Span;
  value: MappedText;
  /** From the name to the end of the value as written (closing quote included). */
  span: Span;
  /** 0-based line of the name. */
  line: number;
}

export interface EnvFile {
  assignments: EnvAssignment[];
  comments: { text: string; span: Span; line: number }[];
  /** Lines systemd drops when it loads the file. */
  problems: { message: string; kind: 'missing-equals' | 'invalid-name'; span: Span }[];
}

export type SystemdRole = 'unit' | 'drop-in' | 'env-file';

export interface ExecStartStep {
  assignment: UnitAssignment;
  /** `ExecStart=` with an empty value: resets the list of commands. */
  reset: boolean;
  exec?: ExecLine;
}

export interface EnvironmentFileRef {
  path: string;
  /** `-` prefix: a missing file is not an error. */
  optional: boolean;
  span: Span;
}

export interface ListenStream {
  address: string;
  span: Span;
  /** A bare port or IP:PORT (a bare port listens on all interfaces). */
  tcp: boolean;
  allInterfaces: boolean;
}

export interface SystemdDocument {
  role: SystemdRole;
  /** The unit configured: `docker.service` for the unit and its drop-ins; the file name for an env file. */
  unitName: string;
  unit?: UnitFile;
  envFile?: EnvFile;
  execStarts: ExecStartStep[];
  /** Environment= of this file, after resets (later assignments win). */
  environment: Map<string, EnvValue>;
  environmentFiles: EnvironmentFileRef[];
  listenStreams: ListenStream[];
  /** [Service] Type=, when set. */
  serviceType?: string;
  /**
   * A socket unit that hands its listeners to docker.service: docker.socket (unit and drop-ins)
   * by its name, a unit of another name by its own `Service=docker.service` (CoreOS's
   * docker-tcp.socket; the machine grouping joins that unit's drop-ins to it).
   */
  servesDockerService: boolean;
  /** The dockerd options variable of an env file (DOCKER_OPTS, or OPTIONS in /etc/sysconfig/docker), and the daemon that reads it. */
  optionsVariable?: { name: string; value: EnvValue; words: ArgWord[]; build: DaemonBuild };
}

/** ListenStream= forms (systemd.socket(5)): a path, `@abstract`, `vsock:`, a port, IPv4:PORT, [IPv6]:PORT. */
export function listenStreamOf(address: string, span: Span): ListenStream {
  const barePort = /^\d+$/.test(address);
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  const ipv6 = /^\[([^\]]*)\]:\d+$/.exec(address);
  const tcp = barePort || !!ipv4 || !!ipv6;
  const host = ipv4?.[1] ?? ipv6?.[1];
  const allInterfaces = barePort || host === '0.0.0.0' || host === '::' || host === '';
  return { address, span, tcp, allInterfaces: tcp && allInterfaces };
}

/** One command of an ExecStart= list, with the file and the step that wrote it. */
export interface ChainCommand<F> {
  file: F;
  step: ExecStartStep;
  command: ExecCommand;
}

/** A service's ExecStart= list after a chain of files read in systemd's order (the unit, then its drop-ins). */
export interface ExecStartChain<F> {
  /** The commands in effect, in order. A command of a line systemd drops (`step.exec.ok` false) is kept, marked by its step. */
  commands: ChainCommand<F>[];
  /** The last file with an empty `ExecStart=`: what came before it (the packaged unit's command too) is gone. */
  resetBy?: F;
  /** Whether any file of the chain sets ExecStart= at all (else the packaged unit's line runs). */
  setsExecStart: boolean;
}

/**
 * The ExecStart= list after `files`, in order: every ExecStart= adds its commands and an empty
 * one clears the list (systemd.service(5)). Every reader of ExecStart= resets goes through here.
 */
export function execStartChain<F extends { systemd: SystemdDocument }>(files: readonly F[]): ExecStartChain<F> {
  let commands: ChainCommand<F>[] = [];
  let resetBy: F | undefined;
  let setsExecStart = false;
  for (const file of files) {
    for (const step of file.systemd.execStarts) {
      setsExecStart = true;
      if (step.reset) {
        commands = [];
        resetBy = file;
      } else {
        for (const command of step.exec?.commands ?? []) commands.push({ file, step, command });
      }
    }
  }
  return { commands, resetBy, setsExecStart };
}

/** Whether systemd keeps the command: a line with unbalanced quoting or a bad specifier is dropped whole. */
export function keptBySystemd(command: ChainCommand<unknown>): boolean {
  return command.step.exec?.ok ?? false;
}

/** How many commands a step adds: none for a line systemd drops (unbalanced quoting, bad specifier). */
export function commandsKeptBy(step: ExecStartStep): number {
  return step.exec?.ok ? step.exec.commands.length : 0;
}

/** How many commands systemd keeps after `steps`, starting from `count` (an empty ExecStart= clears the list). */
export function keptCountAfter(count: number, steps: readonly ExecStartStep[]): number {
  for (const step of steps) count = step.reset ? 0 : count + commandsKeptBy(step);
  return count;
}

/** The commands in effect after one file's ExecStart= lines. */
export function effectiveCommands(document: SystemdDocument): ChainCommand<SystemdDocument>[] {
  return execStartChain([{ systemd: document }]).commands.map(({ step, command }) => ({ file: document, step, command }));
}

/** The variables an env file defines, as a unit that reads it with EnvironmentFile= sees them. */
export function envFileVariables(document: SystemdDocument, uri: string): Map<string, EnvValue> {
  const variables = new Map<string, EnvValue>();
  for (const assignment of document.envFile?.assignments ?? []) variables.set(assignment.name, { value: assignment.value, uri, span: assignment.span });
  return variables;
}

export interface DockerdCommand {
  command: ExecCommand;
  args: ParsedArgs;
  /** Variables the command references that no seen file defines. */
  undefinedVariables: string[];
  /** Variables used, with where they are defined. */
  used: { name: string; definition: EnvValue }[];
  /** Where the expansion ran out of budget: the arguments after it are not parsed. */
  exceededAt?: Span;
}

/** Parses a dockerd command's arguments with the environment visible to it. */
export function dockerdCommand(command: ExecCommand, env: Environment, uri: string, budget?: ExpansionBudget): DockerdCommand {
  // `docker daemon` and `docker -d` lose the words that select the daemon; dockerd parses the rest.
  const expanded = expandArgs({ ...command, args: daemonArgsOf(command) ?? command.args }, env, uri, budget);
  const args = parseDockerdArgs(expanded.words, { uri, kind: 'systemd', platform: 'linux', build: daemonBuildOf(command) });
  return { command, args, undefinedVariables: expanded.undefinedVariables.map((v) => v.name), used: expanded.used, exceededAt: expanded.exceededAt };
}
