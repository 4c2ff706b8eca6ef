// Which kind of file this is: by name first, then by content. Other programs have files
// called daemon.json too, so a daemon.json outside a docker/ folder must look like dockerd's.

import { detectCompose } from './compose/parse';
import { type SurfaceKind, surfaceReader, surfaceReaders } from './container-surfaces';
import { readDaemonJson } from './daemon-json/reader';
import { isNearKey } from './daemon-json/suggest';
import { detectSystemd } from './systemd/parse';
import { daemonOptions } from './dockerd/options';
import { pathOf } from './paths';
import type { FileKind } from './types';

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentName(path: string): string {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2] : '';
}

/** Where dockerd on Windows reads its configuration: %ProgramData%\docker\config\daemon.json. */
export function isWindowsDaemonConfig(uri: string): boolean {
  return /(?:^|\/)programdata\/docker\/config\/daemon\.json$/i.test(pathOf(uri).replace(/\\/g, '/'));
}

const dockerdKeys = [...daemonOptions.keys()];

/**
 * How many unknown keys are compared with dockerd's for a typo: enough to recognise a file
 * written by hand, and a bound on the work a hostile file of many keys causes.
 */
const typoComparisons = 64;

/**
 * How far a key may be from a dockerd key to count as a typo of it when telling whose file this
 * is: closer than "did you mean" allows, so that another program's short keys ("level") are not
 * taken for dockerd's ("label").
 */
function typoDistance(key: string): number {
  return key.length <= 8 ? 1 : 2;
}

/** The top-level keys of a daemon.json, and how many are dockerd's or a typo of one. */
function dockerdKeyCount(text: string): { dockerd: number; total: number } {
  const { members } = readDaemonJson(text);
  let dockerd = 0;
  let compared = 0;
  for (const member of members) {
    if (daemonOptions.has(member.key)) dockerd++;
    else if (compared++ < typoComparisons && isNearKey(member.key, dockerdKeys, typoDistance(member.key))) dockerd++;
  }
  return { dockerd, total: members.length };
}

/**
 * A daemon.json belongs to dockerd when at least half of its top-level keys are dockerd's, a
 * misspelt one (`"hostz"`) counted as dockerd's: unknown-key then says what it meant.
 */
export function looksLikeDockerdConfig(text: string): boolean {
  const { dockerd, total } = dockerdKeyCount(text);
  return total > 0 && dockerd * 2 >= total;
}

/** The file names detectKind can say yes to: others need not be read to be judged (a kind by glob aside). */
const detectableName = /(^daemon\.json$|\.(service|socket|conf|ya?ml)$|^docker$|^config\.toml$)/;

export function hasDetectableName(name: string): boolean {
  return detectableName.test(name);
}

export function detectKind(uri: string, text: string): FileKind | undefined {
  const path = pathOf(uri).replace(/\\/g, '/');
  const name = baseName(path);
  if (name === 'daemon.json') {
    if (parentName(path) === 'docker' || looksLikeDockerdConfig(text)) return 'daemon-json';
    return undefined;
  }
  if (detectSystemd(path, text)) return 'systemd';
  for (const kind of Object.keys(surfaceReaders) as SurfaceKind[]) if (surfaceReader(kind).detect(path, text)) return kind;
  if (detectCompose(path, text)) return 'compose';
  return undefined;
}

/** Why detectKind recognises no kind in this file, for a user who named it explicitly. */
export function skippedBecause(uri: string, text: string): string {
  const path = pathOf(uri).replace(/\\/g, '/');
  if (baseName(path) === 'daemon.json') {
    const { dockerd, total } = dockerdKeyCount(text);
    return `a daemon.json outside a docker/ folder is read as dockerd's when at least half of its top-level keys are dockerd's (or a typo of one); ${dockerd} of its ${total} top-level keys are`;
  }
  return 'its name and content match no kind dockerd-lint reads (daemon.json, systemd units, drop-ins and environment files, Compose files, GitHub Actions workflows in .github/workflows/, Kubernetes manifests, GitLab Runner config.toml)';
}
