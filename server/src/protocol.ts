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

/** Environment variable naming the folder of the server's V8 code cache (server/src/lsp/code-cache.ts). */
export const cacheDirVariable = 'DOCKERD_LINT_CACHE_DIR';

/** Workspace setting the certificate command fills in: where the server's TLS files live on the host. */
export const tlsCertDirectorySetting = 'dockerdLint.tlsCertDirectory';

// ---- the certificate command ----
// The server runs it (workspace/executeCommand), for every LSP editor. It asks its questions
// through `certificateQuestionRequest` when the client said it renders them (VS Code: input
// boxes and quick picks), else through window/showMessageRequest, taking the defaults (or the
// command's arguments) for free-text answers. The wiring reaches the files as a WorkspaceEdit
// (workspace/applyEdit).

export const generateCertificatesCommand = 'dockerdLint.generateCertificates';

/** Answers given up front, as the command's first argument (other editors, scripts): each skips its question. */
export interface CertificateArguments {
  /** Machine to wire, by its label or index in the list the command would offer. */
  machine?: string | number;
  /** Local folder the files are written to. */
  folder?: string;
  /** Comma-separated names for the server certificate. */
  hosts?: string;
  /** ADDR:PORT, when the files give no TCP listener. */
  listen?: string;
  keyType?: 'ecdsa-p256' | 'rsa-2048' | 'rsa-4096';
  days?: number;
  keepCaKey?: boolean;
  /** Folder of the server's files on the dockerd host. */
  serverDirectory?: string;
  /** Apply the wiring without asking (scripts; editors ask). */
  applyWiring?: boolean;
}

/** What the client tells the server in `initializationOptions`. */
export interface ClientInitializationOptions {
  workspaceTrusted?: boolean;
  /** The client renders `certificateQuestionRequest` (input boxes, quick picks, modal confirmations). */
  certificateQuestions?: boolean;
}

export type CertificateQuestion =
  | {
      kind: 'input';
      title: string;
      prompt?: string;
      value: string;
      /** Ask the server (`certificateValidateRequest`) about each value typed. */
      validation?: CertificateValidation;
    }
  | { kind: 'pick'; title: string; items: { label: string; detail?: string }[] }
  | { kind: 'folder'; title: string; suggested: string; detail: string }
  | { kind: 'confirm'; message: string; detail: string; action: string };

export type CertificateValidation = 'hosts' | 'listen' | 'absolutePath';

/** Server -> client: one question. The answer is null when the user cancelled. */
export const certificateQuestionRequest = 'dockerdLint/certificateQuestion';
export type CertificateAnswer = { text: string } | { index: number } | { confirmed: boolean } | null;

/** Client -> server: what is wrong with a value typed so far (null: nothing). */
export const certificateValidateRequest = 'dockerdLint/certificateValidate';
export interface CertificateValidateParams {
  validation: CertificateValidation;
  value: string;
}

/** Server -> client: the outcome, shown once the wiring was applied (or not). */
export const certificateReportRequest = 'dockerdLint/certificateReport';
export interface CertificateReport {
  /** Markdown: what was written, the settings and the client instructions. */
  markdown: string;
  /** Files the wiring changed in the editor: the client says, per file, whether it is saved. */
  changedUris: string[];
  /** A setting to record when the server folder is not the default one. */
  tlsCertDirectory?: string;
}

/** The command's result. */
export interface CertificateOutcome {
  cancelled?: string;
  error?: string;
  folder?: string;
  written?: string[];
  serverDirectory?: string;
  wiringApplied?: boolean;
  changedUris?: string[];
  report?: string;
}
