// A job container's or service's `options:`: more `docker create` flags, one string that the
// runner appends to its own command line, split as a shell splits words. The flags that decide
// what the container may do on the host become the container model's fields, each value with
// the span of its characters. A word holding a `${{ ... }}` expression is unknown: the flag it
// belongs to is left out rather than guessed.

import type { CommandLine, ComposeModel, ComposeService, ComposeValue, EnvVar, VolumeMount } from '../compose/model';
import { shortPort, shortVolume } from '../compose/model-reader';
import { type MappedString, mappedWhole, sliceMapped, spanIn } from '../compose/mapped-string';
import { splitShellWords } from '../compose/shell-words';
import type { AliasUse, ScalarNode } from '../compose/yaml-tree';
import type { Span } from '../types';
import { hasExpression } from './values';

/** The fields `options:` can set. */
export type OptionFields = Pick<ComposeService, 'ports' | 'volumes' | 'environment' | 'capAdd' | 'capDrop' | 'securityOpt' | 'hostnames'> &
  Partial<Pick<ComposeService, 'privileged' | 'networkMode' | 'pid' | 'ipc' | 'usernsMode' | 'readOnly' | 'entrypoint' | 'memoryLimit' | 'pidsLimit'>> & {
    writtenAs: NonNullable<ComposeService['writtenAs']>;
  };

type ValueFlag =
  | 'network'
  | 'pid'
  | 'ipc'
  | 'userns'
  | 'volume'
  | 'mount'
  | 'publish'
  | 'env'
  | 'cap-add'
  | 'cap-drop'
  | 'security-opt'
  | 'entrypoint'
  | 'hostname'
  | 'network-alias'
  | 'memory'
  | 'pids-limit'
  | 'other';
type SwitchFlag = 'privileged' | 'read-only';

const valueFlags = new Map<string, ValueFlag>([
  ['--network', 'network'],
  ['--net', 'network'],
  ['--pid', 'pid'],
  ['--ipc', 'ipc'],
  ['--userns', 'userns'],
  ['-v', 'volume'],
  ['--volume', 'volume'],
  ['--mount', 'mount'],
  ['-p', 'publish'],
  ['--publish', 'publish'],
  ['-e', 'env'],
  ['--env', 'env'],
  ['--cap-add', 'cap-add'],
  ['--cap-drop', 'cap-drop'],
  ['--security-opt', 'security-opt'],
  ['--entrypoint', 'entrypoint'],
  ['-h', 'hostname'],
  ['--hostname', 'hostname'],
  ['--network-alias', 'network-alias'],
  ['--net-alias', 'network-alias'],
  ['-m', 'memory'],
  ['--memory', 'memory'],
  ['--pids-limit', 'pids-limit'],
]);

/** Value-taking flags read here for their value only so that it is not taken for a flag (docker create's common ones). */
const otherValueFlags = new Set([
  '--name',
  '--user',
  '-u',
  '--workdir',
  '-w',
  '--label',
  '-l',
  '--add-host',
  '--dns',
  '--cpus',
  '--shm-size',
  '--ulimit',
  '--health-cmd',
  '--health-interval',
  '--health-timeout',
  '--health-retries',
  '--health-start-period',
  '--restart',
  '--device',
  '--tmpfs',
  '--env-file',
  '--log-driver',
  '--log-opt',
  '--platform',
  '--memory-swap',
  '--stop-signal',
  '--stop-timeout',
  '--cgroupns',
  '--runtime',
  '--gpus',
  '--group-add',
  '--sysctl',
]);

const switchFlags = new Map<string, SwitchFlag>([
  ['--privileged', 'privileged'],
  ['--read-only', 'read-only'],
]);

interface Word {
  text: MappedString;
  span: Span;
  /** Holds (part of) an expression. */
  unknown: boolean;
}

/** The words of the options string; an expression's words are one unknown word. */
function wordsOf(node: ScalarNode): Word[] {
  const words: Word[] = [];
  const expressions = expressionSpans(node.text);
  let next = 0;
  for (const word of splitShellWords(node.text)) {
    while (next < expressions.length && expressions[next].end <= word.span.start) next++;
    const unknown = next < expressions.length && expressions[next].start < word.span.end;
    const last = words[words.length - 1];
    // The words an expression's blanks split (`${{ matrix.x }}`) are one unknown word.
    if (unknown && last?.unknown && last.span.end >= expressions[next].start) {
      last.span = { start: last.span.start, end: word.span.end };
      continue;
    }
    words.push({ text: word.text, span: word.span, unknown });
  }
  return words;
}

function expressionSpans(mapped: MappedString): Span[] {
  const spans: Span[] = [];
  const text = mapped.text;
  for (let at = text.indexOf('${{'); at >= 0; ) {
    const close = text.indexOf('}}', at + 3);
    const end = close < 0 ? text.length : close + 2;
    spans.push(spanIn(mapped, at, end));
    at = text.indexOf('${{', end);
  }
  return spans;
}

export function emptyOptionFields(): OptionFields {
  return { ports: [], volumes: [], environment: [], capAdd: [], capDrop: [], securityOpt: [], hostnames: [], writtenAs: {} };
}

/** The fields the `options:` scalar sets, read into `fields`. */
export function readOptions(node: ScalarNode, via: AliasUse | undefined, model: ComposeModel, fields: OptionFields): void {
  const words = wordsOf(node);
  const optionValue = (mapped: MappedString): ComposeValue => ({ text: mapped.text, mapped, notes: [], unresolved: false, node, span: spanIn(mapped), via });
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.unknown) continue;
    const written = word.text.text;
    const equals = written.startsWith('--') ? written.indexOf('=') : -1;
    const name = equals >= 0 ? written.slice(0, equals) : written;
    const toggle = switchFlags.get(name);
    if (toggle) {
      // `--privileged` alone is true; `--privileged=false` is what it says.
      const value = equals >= 0 ? optionValue(sliceMapped(word.text, equals + 1)) : optionValue(mappedWhole('true', word.span));
      if (toggle === 'privileged') {
        fields.privileged = value;
        fields.writtenAs.privileged = written;
      } else fields.readOnly = value;
      continue;
    }
    const flag = valueFlags.get(name) ?? (otherValueFlags.has(name) ? 'other' : undefined);
    let mapped: MappedString | undefined;
    let itemSpan = word.span;
    if (flag && equals >= 0) mapped = sliceMapped(word.text, equals + 1);
    else if (flag) {
      const value = words[++i];
      if (!value || value.unknown) continue;
      mapped = value.text;
      itemSpan = value.span;
    } else if (/^-[vpem]./.test(written)) {
      // `-v/x:/y`: a short flag with its value attached.
      const short = valueFlags.get(written.slice(0, 2));
      if (short) apply(short, sliceMapped(word.text, 2), word.span);
      continue;
    }
    if (flag && mapped && !hasExpression(mapped.text)) apply(flag, mapped, itemSpan);
  }

  function apply(flag: ValueFlag, mapped: MappedString, itemSpan: Span): void {
    const value = optionValue(mapped);
    switch (flag) {
      case 'network':
        fields.networkMode = value;
        fields.writtenAs.network_mode = `--network ${value.text}`;
        break;
      case 'pid':
        fields.pid = value;
        fields.writtenAs.pid = `--pid ${value.text}`;
        break;
      case 'ipc':
        fields.ipc = value;
        fields.writtenAs.ipc = `--ipc ${value.text}`;
        break;
      case 'userns':
        fields.usernsMode = value;
        fields.writtenAs.userns_mode = `--userns ${value.text}`;
        break;
      case 'volume':
        fields.volumes.push({ syntax: 'short', ...shortVolume(mapped, model), span: itemSpan, via, notes: [] });
        break;
      case 'mount':
        fields.volumes.push(mountOf(mapped, itemSpan, via));
        break;
      case 'publish':
        fields.ports.push({ syntax: 'short', ...shortPort(mapped), span: itemSpan, via, notes: [], value });
        break;
      case 'env':
        fields.environment.push(optionVariable(mapped, itemSpan, node, via));
        break;
      case 'cap-add':
        fields.capAdd.push(value);
        break;
      case 'cap-drop':
        fields.capDrop.push(value);
        break;
      case 'security-opt':
        fields.securityOpt.push(value);
        break;
      case 'memory':
        fields.memoryLimit = value;
        break;
      case 'pids-limit':
        fields.pidsLimit = value;
        break;
      case 'entrypoint':
        fields.entrypoint = entrypointOf(mapped, node, itemSpan, via);
        break;
      case 'hostname':
      case 'network-alias':
        fields.hostnames.push(value.text);
        break;
      case 'other':
        break;
    }
  }
}

/** `--mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock[,readonly]`, as docker's mount option reads its fields. */
function mountOf(mapped: MappedString, span: Span, via: AliasUse | undefined): VolumeMount {
  const mount: VolumeMount = { syntax: 'long', type: 'volume', readOnly: false, span, via, notes: [] };
  let start = 0;
  for (const field of mapped.text.split(',')) {
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).trim().toLowerCase();
    const value = { text: equals < 0 ? '' : field.slice(equals + 1), span: spanIn(mapped, start + equals + 1, start + field.length) };
    if (key === 'type') mount.type = value.text;
    else if (key === 'source' || key === 'src') mount.source = value;
    else if (key === 'target' || key === 'destination' || key === 'dst') mount.target = value;
    else if (key === 'readonly' || key === 'ro') mount.readOnly = equals < 0 || ['1', 'true'].includes(value.text.toLowerCase());
    start += field.length + 1;
  }
  return mount;
}

/** `-e NAME=VALUE`, or `-e NAME` (the value of the runner's own environment: unknown). */
function optionVariable(mapped: MappedString, span: Span, node: ScalarNode, via: AliasUse | undefined): EnvVar {
  const equals = mapped.text.indexOf('=');
  const nameText = equals < 0 ? mapped.text : mapped.text.slice(0, equals);
  const valueText = equals < 0 ? undefined : sliceMapped(mapped, equals + 1);
  const value = valueText && { text: valueText.text, mapped: valueText, notes: [], unresolved: false, node, span: spanIn(valueText), via };
  return { name: nameText, nameSpan: spanIn(mapped, 0, nameText.length), value, form: 'list', span, via };
}

/** `--entrypoint PROGRAM`: docker takes the whole value as the program. */
function entrypointOf(mapped: MappedString, node: ScalarNode, span: Span, via: AliasUse | undefined): CommandLine {
  return { words: [{ text: mapped, span, notes: [] }], form: 'list', node, span, via };
}
