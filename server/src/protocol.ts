// Custom messages between the extension client and the language server, beyond LSP.
// Both sides import these names; nothing else is shared between them.

/** Client -> server request: lint every file of a known kind in the workspace folders. */
export const lintWorkspaceRequest = 'dockerdLint/lintWorkspace';
export interface LintWorkspaceResult {
  files: number;
  findings: number;
}

/** Server -> client notification: what the server is doing, for the status item. */
export const serverStatusNotification = 'dockerdLint/status';
export interface ServerStatus {
  state: 'idle' | 'busy' | 'error';
  message?: string;
}

/** Workspace setting the certificate command fills in: where the server's TLS files live on the host. */
export const tlsCertDirectorySetting = 'dockerdLint.tlsCertDirectory';
