// Which kind of file this is: by name first, then by content. Other programs have files
// called daemon.json too, so a daemon.json outside a docker/ folder must look like dockerd's.

import { detectCompose } from './compose/parse';
import { readDaemonJson } from './daemon-json/reader';
import { detectSystemd } from './systemd/parse';
import { daemonOptions } from './dockerd/options';
import type { FileKind } from './types';

export function pathOf(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

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

/** A daemon.json belongs to dockerd when at least half of its top-level keys are dockerd's. */
export function looksLikeDockerdConfig(text: string): boolean {
  const { members } = readDaemonJson(text);
  if (members.length === 0) return false;
  const known = members.filter((member) => daemonOptions.has(member.key)).length;
  return known * 2 >= members.length;
}

/** The file names detectKind can say yes to: others need not be read to be judged (a kind by glob aside). */
const detectableName = /(^daemon\.json$|\.(service|socket|conf|ya?ml)$|^docker$)/;

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
  if (detectCompose(path, text)) return 'compose';
  return undefined;
}
