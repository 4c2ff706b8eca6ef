// Which files the extension hands to the server, by path pattern rather than language id:
// a docker.service is "plaintext", "ini" or another extension's systemd language depending on
// what the user installed, and we must not claim a language for it (see README, "Install in
// VS Code"). Pure data, no `vscode` import: the manifest test reads it too.

/** VS Code glob syntax (`{a,b}` alternatives; no extglobs), relative to any folder. */
export const builtInFilePatterns: readonly string[] = [
  '**/daemon.json',
  '**/docker.service',
  '**/docker.socket',
  '**/docker.service.d/*.conf',
  '**/docker.socket.d/*.conf',
  '**/etc/default/docker',
  '**/etc/sysconfig/docker',
  '**/compose.{yml,yaml}',
  '**/docker-compose*.{yml,yaml}',
  '**/compose.*.{yml,yaml}',
  '**/*.compose.{yml,yaml}',
  '**/config.toml',
  '**/.github/workflows/*.{yml,yaml}',
  '**/.gitlab-ci.{yml,yaml}',
  '**/*.gitlab-ci.{yml,yaml}',
];

/**
 * YAML files of any name, routed so that the server can tell by content what no name says
 * (Kubernetes manifests). Not activation events: opening a YAML file activates the extension
 * already (onLanguage:yaml), and a workspace of YAML files is no reason to start.
 */
export const contentDetectedPatterns: readonly string[] = ['**/*.{yml,yaml}'];

/** The project configuration file: watched so the server re-reads it, never linted itself. */
export const projectConfigPattern = '**/.dockerd-lint.json';

/** `dockerdLint.kinds`: extra globs per file kind, relative to a workspace folder. */
export type KindGlobs = Partial<Record<string, unknown>>;

/** The user's extra globs, whatever the kind (the server decides the kind; we only route files). */
export function userGlobs(kinds: KindGlobs | undefined): string[] {
  if (!kinds || typeof kinds !== 'object') return [];
  return Object.values(kinds).flatMap((globs) => (Array.isArray(globs) ? globs.filter((glob): glob is string => typeof glob === 'string' && glob.length > 0) : []));
}
