// The editor settings (`dockerdLint.*`) and how they combine with a folder's
// `.dockerd-lint.json`: settings win; an untrusted workspace gets neither the project file
// nor suppression comments, so a cloned repository cannot silence a security rule.

import { type ProjectConfig, type ResolvedConfig, resolveConfig } from '../engine/config';
import { type Checked, checkProjectConfig } from '../engine/project-config';

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

/** Everything a lint of one document needs from configuration: the engine's resolved value and the editor's own switches. */
export interface EffectiveConfig extends ResolvedConfig {
  enable: boolean;
  reportSyntaxErrors: boolean;
  docsBaseUrl?: string;
}

/** `folder`: the workspace folder, which the globs of the project file and the settings are relative to. */
export function effectiveConfig(settings: EditorSettings, project: ProjectConfig | undefined, trusted: boolean, folder?: string): EffectiveConfig {
  const layers = trusted && project ? [project, settings] : [settings];
  const resolved = resolveConfig({ layers: layers.map((options) => ({ options, baseDir: folder })), trusted, tlsCertDirectory: settings.tlsCertDirectory });
  return { ...resolved, enable: settings.enable, reportSyntaxErrors: settings.reportSyntaxErrors, docsBaseUrl: settings.docsBaseUrl };
}
