// Wording shared by the daemon.json rules, so a fact reads the same in every message.

import { plainVersion } from '../dockerd/options';
import type { LintEnvironment } from '../types';
import type { CheckedKey } from './keys';

export function platformName(platform: LintEnvironment['platform']): string {
  return platform === 'linux' ? 'Linux' : 'Windows';
}

/** "dockerd 20.10 on Linux" */
export function targetName(env: LintEnvironment): string {
  return `dockerd ${plainVersion(env.engineVersion)} on ${platformName(env.platform)}`;
}

/** `"http-proxy"` or `"http-proxy" (inside "foo", which dockerd flattens)`. */
export function keyLabel(checked: CheckedKey): string {
  const name = JSON.stringify(checked.key);
  if (!checked.flattenedFrom) return name;
  return checked.flattenedFrom.key === 'proxies' ? name : `${name} (inside ${JSON.stringify(checked.flattenedFrom.key)}, whose members dockerd checks as top-level keys)`;
}

export function unknownKeyRefusal(keys: string): string {
  return `dockerd refuses to start ("the following directives don't match any configuration option: ${keys}")`;
}
