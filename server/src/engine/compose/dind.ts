// A Compose service that runs dockerd -> its dockerd settings, so the section-A rules judge it
// like any other surface. The docker:dind image's entrypoint (dockerd-entrypoint.sh) adds
// options of its own when the command is empty or starts with a flag:
//   DOCKER_TLS_CERTDIR non-empty (the image sets /certs): --host=unix:///var/run/docker.sock
//     --host=tcp://0.0.0.0:2376 --tlsverify --tlscacert/--tlscert/--tlskey $DIR/server/*.pem
//   DOCKER_TLS_CERTDIR empty: --host=unix:///var/run/docker.sock --host=tcp://0.0.0.0:2375
// followed by the command's own words. A command starting with `dockerd` gets none of them.

import { type ArgWord, type ParsedArgs, parseDockerdArgs } from '../dockerd/args';
import { mapOfOffsets, pointMap } from '../mapped-text';
import { keptWith } from '../kept-with';
import type { DockerdSettings, JsonValue, SettingEntry } from '../settings';
import type { ContainerKind, Span } from '../types';
import type { CommandLine, ComposeService, EnvVar } from './model';

/** The tag of an official `docker` image (`docker:27-cli`, `docker.io/library/docker`, a mirror of it): `latest` when untagged. */
function dockerImageTag(image: string | undefined): string | undefined {
  if (!image) return undefined;
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const slash = withoutDigest.lastIndexOf('/');
  const tagged = colon >= 0 && colon > slash;
  const repository = tagged ? withoutDigest.slice(0, colon) : withoutDigest;
  const name = repository.slice(repository.lastIndexOf('/') + 1);
  return name === 'docker' ? (tagged ? withoutDigest.slice(colon + 1) : 'latest') : undefined;
}

/** `docker:dind`, `docker:27-dind-rootless`, `docker.io/library/docker:dind`, a mirror of it. */
export function isDindImage(image: string | undefined): boolean {
  return dockerImageTag(image)?.includes('dind') ?? false;
}

/** The official docker client image (`docker`, `docker:27`, `docker:cli`): not a dind tag. */
export function isDockerCliImage(image: string | undefined): boolean {
  const tag = dockerImageTag(image);
  return tag !== undefined && !tag.includes('dind');
}

export const dindDefaultCertDir = '/certs';

/** The value DOCKER_TLS_CERTDIR will have: the service's own, else the image's `/certs`. */
export function tlsCertDirOf(service: ComposeService): { value: string; variable?: EnvVar; notes: string[] } {
  const variable = [...service.environment].reverse().find((candidate) => candidate.name === 'DOCKER_TLS_CERTDIR');
  // `- DOCKER_TLS_CERTDIR` alone passes the shell's value; unset there, the image default stays.
  if (!variable?.value) return { value: dindDefaultCertDir, variable, notes: variable ? ['DOCKER_TLS_CERTDIR is passed from the shell; judged as unset there'] : [] };
  return { value: variable.value.text, variable, notes: variable.value.notes };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function argWords(line: CommandLine | undefined): ArgWord[] {
  if (!line) return [];
  return line.words.map((word) => {
    const mapped = word.text;
    const note = word.notes.length > 0 ? word.notes.join('; ') : undefined;
    if (line.via) return { text: mapped.text, span: line.via.use, map: pointMap(line.via.use.start, mapped.text.length), note };
    const end = mapped.text.length > 0 ? mapped.ends[mapped.text.length - 1] : mapped.end;
    return { text: mapped.text, span: word.span, map: mapOfOffsets(mapped.starts, end), note };
  });
}

interface DockerdLaunch {
  /** The words after `dockerd` (or given to the dind entrypoint); shared by every caller, so read-only. */
  args: readonly ArgWord[];
  /** The dind entrypoint adds its own hosts and TLS options. */
  entrypointDefaults: boolean;
}

/**
 * Per service of one read: the settings list, several rules and the connectivity model ask
 * (up to five times a service per lint), and each answer splits the command lines again.
 */
const launchOfService = keptWith<DockerdLaunch | undefined>('dockerd launch');

/** Whether and how the service starts dockerd. */
export function dockerdLaunch(service: ComposeService): DockerdLaunch | undefined {
  return launchOfService(service, () => readDockerdLaunch(service));
}

function readDockerdLaunch(service: ComposeService): DockerdLaunch | undefined {
  const entrypoint = argWords(service.entrypoint);
  const command = argWords(service.command);
  const dind = isDindImage(service.image?.text);
  // An empty `entrypoint: []` or `""` clears the image's entrypoint.
  const words = service.entrypoint ? [...entrypoint, ...command] : command;
  const viaDindEntrypoint = (args: ArgWord[]): DockerdLaunch | undefined => {
    if (args.length === 0 || args[0].text.startsWith('-')) return { args, entrypointDefaults: true };
    if (basename(args[0].text) === 'dockerd') return { args: args.slice(1), entrypointDefaults: false };
    return undefined;
  };
  if (service.entrypoint && entrypoint.length > 0) {
    const program = basename(entrypoint[0].text);
    if (program === 'dockerd-entrypoint.sh') return viaDindEntrypoint(words.slice(1));
    if (program === 'dockerd') return { args: words.slice(1), entrypointDefaults: false };
    return undefined;
  }
  if (dind && !service.entrypoint) return viaDindEntrypoint(command);
  if (words.length > 0 && basename(words[0].text) === 'dockerd') return { args: words.slice(1), entrypointDefaults: false };
  return undefined;
}

/** The dockerd a service runs: its command line as dockerd parses it, and the settings it gives. */
interface ServiceDockerdRun {
  launch: DockerdLaunch;
  /** Unknown flags and stray words included (unknown-dockerd-flag reads them). */
  parsed: ParsedArgs;
  settings: DockerdSettings;
}

/** Per service of one parse (a service belongs to one file): the settings list, several rules and the connectivity model ask. */
const dockerdOfService = keptWith<ServiceDockerdRun | undefined>('service dockerd');

/** The service's dockerd command line as dockerd parses it, with its settings; undefined when it runs none. */
export function serviceDockerdArgs(service: ComposeService, uri: string, kind: ContainerKind): ServiceDockerdRun | undefined {
  return dockerdOfService(service, () => {
    const launch = dockerdLaunch(service);
    if (!launch) return undefined;
    const parsed = parseDockerdArgs(launch.args, { uri, kind });
    const implied = launch.entrypointDefaults ? entrypointEntries(service, uri, kind) : [];
    const settings: DockerdSettings = {
      label: service.label ?? `Compose service "${service.name}"`,
      sources: [{ uri, kind }],
      entries: [...implied, ...parsed.entries],
      complete: true,
      socketListeners: [],
    };
    return { launch, parsed, settings };
  });
}

export function serviceDockerd(service: ComposeService, uri: string, kind: ContainerKind): DockerdSettings | undefined {
  return serviceDockerdArgs(service, uri, kind)?.settings;
}

function entrypointEntries(service: ComposeService, uri: string, kind: ContainerKind): SettingEntry[] {
  const certDir = tlsCertDirOf(service);
  const variable = certDir.variable;
  const at: Span = variable?.value ? (variable.via?.use ?? variable.span) : (service.image?.via?.use ?? service.image?.span ?? service.nameSpan);
  const socket = [...service.environment].reverse().find((candidate) => candidate.name === 'DOCKER_HOST')?.value?.text;
  const unixSocket = socket?.startsWith('unix://') ? socket : 'unix:///var/run/docker.sock';
  const why =
    certDir.value === ''
      ? `added by the docker:dind entrypoint because DOCKER_TLS_CERTDIR is empty${certDir.notes.length > 0 ? ` (${certDir.notes.join('; ')})` : ''}`
      : `added by the docker:dind entrypoint because DOCKER_TLS_CERTDIR is ${certDir.value}`;
  const entry = (name: string, written: string, value: JsonValue): SettingEntry => ({
    name,
    origin: 'implied',
    written: `${written} (${why})`,
    value,
    uri,
    kind,
    valueSpan: at,
    nameSpan: at,
    entrySpan: at,
    note: why,
  });
  if (certDir.value === '') {
    return [entry('hosts', `--host=${unixSocket}`, unixSocket), entry('hosts', '--host=tcp://0.0.0.0:2375', 'tcp://0.0.0.0:2375')];
  }
  const dir = certDir.value;
  return [
    entry('hosts', `--host=${unixSocket}`, unixSocket),
    entry('hosts', '--host=tcp://0.0.0.0:2376', 'tcp://0.0.0.0:2376'),
    entry('tlsverify', '--tlsverify', true),
    entry('tlscacert', `--tlscacert ${dir}/server/ca.pem`, `${dir}/server/ca.pem`),
    entry('tlscert', `--tlscert ${dir}/server/cert.pem`, `${dir}/server/cert.pem`),
    entry('tlskey', `--tlskey ${dir}/server/key.pem`, `${dir}/server/key.pem`),
  ];
}
