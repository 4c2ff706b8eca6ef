// The editor settings (`dockerdLint.*`) and how they combine with a folder's
// `.dockerd-lint.json`: settings win; an untrusted workspace gets neither the project file
// nor suppression comments, so a cloned repository cannot silence a security rule.

import { type LintOptions, defaultLintOptions } from '../engine/config';
import { type Checked, type HostGroupPatterns, type ProjectConfig, checkProjectConfig, lastHostGroups, mergeKinds, withProjectConfig } from '../engine/project-config';
import { serverTlsPaths } from '../engine/certs/names';
import type { FileKind } from '../engine/types';

/** Section name of the settings, as the extension manifest declares them. */
export const settingsSection = 'dockerdLint';

export interface EditorSettings extends ProjectConfig {
  enable: boolean;
  /** Report our own JSON/YAML syntax findings although VS Code's JSON and YAML support already do. */
  reportSyntaxErrors: boolean;
  /** Folder of ca.pem, server-cert.pem, server-key.pem on the host, for TLS fixes. */
  tlsCertDirectory?: string;
  /** Where rule documentation is published; default: the pages bundled with the extension. */
  docsBaseUrl?: string;
}

export function checkEditorSettings(data: unknown): Checked<EditorSettings> {
  const rules = checkProjectConfig(data);
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return {
    value: {
      ...rules.value,
      enable: record.enable !== false,
      reportSyntaxErrors: record.reportSyntaxErrors === true,
      tlsCertDirectory: text(record.tlsCertDirectory),
      docsBaseUrl: text(record.docsBaseUrl),
    },
    problems: rules.problems,
  };
}

/** Everything a lint of one document needs from configuration. */
export interface EffectiveConfig {
  enable: boolean;
  reportSyntaxErrors: boolean;
  docsBaseUrl?: string;
  options: LintOptions;
  kinds: Partial<Record<FileKind, string[]>>;
  hostGroups: HostGroupPatterns[];
}

export function effectiveConfig(settings: EditorSettings, project: ProjectConfig | undefined, trusted: boolean): EffectiveConfig {
  const layers = trusted && project ? [project, settings] : [settings];
  const base = defaultLintOptions();
  const options = withProjectConfig(base, ...layers);
  if (settings.tlsCertDirectory) options.env = { ...options.env, tlsPaths: serverTlsPaths(settings.tlsCertDirectory) };
  if (!trusted) options.ignoreSuppressions = true;
  return {
    enable: settings.enable,
    reportSyntaxErrors: settings.reportSyntaxErrors,
    docsBaseUrl: settings.docsBaseUrl,
    options,
    kinds: mergeKinds(...layers),
    hostGroups: lastHostGroups(...layers),
  };
}
