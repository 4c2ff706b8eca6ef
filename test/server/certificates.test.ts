// The certificate command, run by the language server over real JSON-RPC as VS Code runs it
// (questions rendered by the client) and as other editors run it (window/showMessageRequest,
// defaults for free text). Every question is answered with its default, like a user pressing
// Enter; the wiring comes back as a WorkspaceEdit, applied to disk, and then the real dockerd
// starts with the wired files and accepts the generated client certificate over mutual TLS.

import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import {
  type CertificateOutcome,
  type CertificateQuestion,
  type CertificateReport,
  certificateQuestionRequest,
  certificateReportRequest,
  certificateValidateRequest,
  generateCertificatesCommand,
} from '../../server/src/protocol';
import { applyWorkspaceEditToDisk } from '../certs/apply-workspace-edit';
import { temporaryDirectory } from '../certs/helpers';
import { runWiredDockerd, wiredDockerdUnavailable } from '../certs/wired-dockerd';
import { startServer } from './lsp-client';

const fixture = join(import.meta.dirname, '..', 'editor', 'workspace-certs');
const allFiles = ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem'];

/** Warnings and errors of every file under the machine's etc/. */
function machineProblems(workspace: string): string[] {
  const paths = [
    join(workspace, 'etc', 'docker', 'daemon.json'),
    ...readdirSync(join(workspace, 'etc', 'systemd', 'system', 'docker.service.d')).map((name) => join(workspace, 'etc', 'systemd', 'system', 'docker.service.d', name)),
  ];
  return lintFiles(
    paths.map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') })),
    defaultLintOptions(),
  )
    .flatMap((result) => result.findings)
    .filter((finding) => finding.severity !== 'info')
    .map((finding) => `${finding.ruleId}: ${finding.message}`);
}

async function runCommand(options: { questions: boolean; files?: Record<string, string>; arguments?: Record<string, unknown> }) {
  const home = temporaryDirectory('cert-command');
  const workspace = join(home.path, 'workspace');
  if (options.files) {
    for (const [path, text] of Object.entries(options.files)) {
      mkdirSync(dirname(join(workspace, path)), { recursive: true });
      writeFileSync(join(workspace, path), text);
    }
  } else cpSync(fixture, workspace, { recursive: true });
  const server = await startServer({
    transport: 'stdio',
    pull: false,
    workspaceFolder: workspace,
    settings: {},
    initializationOptions: { workspaceTrusted: true, certificateQuestions: options.questions },
    env: { ...process.env, HOME: home.path },
  });
  const questions: CertificateQuestion[] = [];
  const messageRequests: string[] = [];
  const reports: CertificateReport[] = [];
  const edits: WorkspaceEdit[] = [];
  server.connection.onRequest(certificateQuestionRequest, async (question: CertificateQuestion) => {
    questions.push(question);
    switch (question.kind) {
      case 'input': {
        // The client asks the server about the pre-filled value, as VS Code does while it is shown.
        const problem = question.validation ? await server.connection.sendRequest(certificateValidateRequest, { validation: question.validation, value: question.value }) : null;
        assert.equal(problem, null, `${question.title}: the default "${question.value}" is invalid: ${problem}`);
        return { text: question.value };
      }
      case 'pick':
        return { index: 0 };
      case 'folder':
        return { text: question.suggested };
      case 'confirm':
        return { confirmed: true };
    }
  });
  server.connection.onRequest('window/showMessageRequest', (params: { message: string; actions?: { title: string }[] }) => {
    messageRequests.push(params.message);
    return params.actions?.[0] ?? null;
  });
  server.connection.onRequest(certificateReportRequest, (report: CertificateReport) => {
    reports.push(report);
    return null;
  });
  server.connection.onRequest('workspace/applyEdit', (params: { edit: WorkspaceEdit }) => {
    edits.push(params.edit);
    applyWorkspaceEditToDisk(params.edit);
    return { applied: true };
  });
  const outcome = await server.connection.sendRequest<CertificateOutcome>('workspace/executeCommand', {
    command: generateCertificatesCommand,
    arguments: options.arguments ? [options.arguments] : [],
  });
  await server.stop();
  return { home, workspace, outcome, questions, messageRequests, reports, edits, folder: join(home.path, '.docker', 'dockerd-certs') };
}

for (const questions of [true, false]) {
  describe(questions ? 'the certificate command with the client rendering its questions (VS Code)' : 'the certificate command in an LSP editor without our questions (showMessageRequest)', () => {
    let run: Awaited<ReturnType<typeof runCommand>>;
    after(() => run?.home.remove());

    it('accepting every default: writes the files outside the workspace, wires the machine where it sets its options, lints clean', async () => {
      run = await runCommand({ questions });
      assert.equal(run.outcome.error, undefined, run.outcome.error);
      assert.equal(run.outcome.cancelled, undefined, run.outcome.cancelled);
      assert.deepEqual(readdirSync(run.folder).sort(), allFiles);
      assert.equal(run.outcome.serverDirectory, '/etc/docker/certs');
      if (questions) {
        const hosts = run.questions.find((question) => question.kind === 'input' && question.validation === 'hosts');
        assert.equal(hosts?.kind === 'input' && hosts.value, '127.0.0.1, localhost', 'names from the listener the files give');
        assert.equal(run.reports.length, 1);
        assert.deepEqual(run.reports[0].changedUris.length, 2);
        assert.match(run.reports[0].markdown, /Saved on disk: 6 files/);
      } else {
        // Only the wiring is asked (a confirmation); free text takes the defaults.
        assert.equal(run.messageRequests.length, 1, run.messageRequests.join('\n'));
        assert.match(run.messageRequests[0], /use the generated certificates/);
      }
      assert.equal(run.outcome.wiringApplied, true);
      const dropIn = readFileSync(join(run.workspace, 'etc', 'systemd', 'system', 'docker.service.d', 'override.conf'), 'utf8');
      assert.match(dropIn, /^ExecStart=\/usr\/bin\/dockerd -H fd:\/\/ -H tcp:\/\/127\.0\.0\.1:2376 /m);
      assert.equal(JSON.parse(readFileSync(join(run.workspace, 'etc', 'docker', 'daemon.json'), 'utf8')).tlscacert, '/etc/docker/certs/ca.pem');
      assert.deepEqual(machineProblems(run.workspace), []);
    });

    it('the real dockerd starts with the wired files and serves the client certificate over mutual TLS', { skip: wiredDockerdUnavailable() ?? false }, () => {
      assert.ok(run?.outcome.wiringApplied, 'the previous test did not wire the machine');
      const work = join(run.home.path, 'dockerd');
      mkdirSync(work);
      const result = runWiredDockerd(run.workspace, run.folder, work, 'tcp://127.0.0.1:2376');
      assert.equal(result.withCertificate.status, 0, `${result.withCertificate.output}\n--- dockerd log ---\n${result.dockerdLog}`);
      assert.match(result.withCertificate.output, /^\d+\.\d+\.\d+/);
      assert.notEqual(result.withoutCertificate.status, 0, result.withoutCertificate.output);
      assert.match(result.withoutCertificate.output, /bad certificate|certificate required|remote error/i);
      assert.ok(existsSync(join(run.folder, 'key.pem')));
    });
  });
}

describe('the certificate command keeps what the files say and says what it cannot do', () => {
  const listensEverywhere = {
    'etc/docker/daemon.json': '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n',
    'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n',
  };

  it('a listener on 0.0.0.0 names no host: nothing pre-filled, and an editor without input boxes is told to give names', async () => {
    const run = await runCommand({ questions: false, files: listensEverywhere });
    try {
      assert.match(run.outcome.error ?? '', /Host names and IPs clients use to reach dockerd: give at least one host name or IP.*arguments/);
      assert.equal(existsSync(run.folder), false, 'files were written');
    } finally {
      run.home.remove();
    }
  });

  it('with names given, the listener stays on 0.0.0.0 (moved to 2376) and the report says so', async () => {
    const run = await runCommand({ questions: false, files: listensEverywhere, arguments: { hosts: 'docker.example.com, 192.0.2.10' } });
    try {
      assert.equal(run.outcome.wiringApplied, true, JSON.stringify(run.outcome));
      assert.deepEqual(JSON.parse(readFileSync(join(run.workspace, 'etc', 'docker', 'daemon.json'), 'utf8')).hosts, ['unix:///var/run/docker.sock', 'tcp://0.0.0.0:2376']);
      assert.match(run.messageRequests[0], /keeps listening on every interface, as the files say/);
      assert.match(run.outcome.report ?? '', /keeps listening on every interface/);
    } finally {
      run.home.remove();
    }
  });

  for (const [name, given, message] of [
    ['an unknown key type', { keyType: 'dsa' }, /keyType must be one of ecdsa-p256/],
    ['a relative folder', { folder: 'certs' }, /certs: give the folder as an absolute path/],
    ['a name with a space', { hosts: 'exa mple.com' }, /contains white space/],
    ['a folder under /proc', { folder: '/proc/certs' }, /\/proc is a proc file system/],
  ] as const) {
    it(`arguments with ${name}: an error that says why, nothing written`, async () => {
      const run = await runCommand({ questions: false, arguments: given });
      try {
        assert.match(run.outcome.error ?? '', message);
        assert.equal(existsSync(run.folder), false);
      } finally {
        run.home.remove();
      }
    });
  }

  it('a machine listening on 0.0.0.0 is offered the name in its own etc/hostname', async () => {
    const run = await runCommand({ questions: true, files: { ...listensEverywhere, 'etc/hostname': 'docker1.example.com\n' } });
    try {
      const hosts = run.questions.find((question) => question.kind === 'input' && question.validation === 'hosts');
      assert.equal(hosts?.kind === 'input' && hosts.value, 'docker1.example.com');
      assert.equal(run.outcome.wiringApplied, true, JSON.stringify(run.outcome));
      assert.match(run.outcome.report ?? '', /DOCKER_HOST=tcp:\/\/docker1\.example\.com:2376/);
    } finally {
      run.home.remove();
    }
  });

  it("a Compose dind service gets the image's own certificates: no files, a pointer to the dind fix", async () => {
    const run = await runCommand({ questions: true, files: { 'compose.yaml': readFileSync(join(import.meta.dirname, '..', 'editor', 'workspace', 'compose.yaml'), 'utf8') } });
    try {
      assert.equal(run.outcome.cancelled, 'dind');
      assert.match(run.outcome.report ?? '', /makes its own CA, server and client certificates.*dind-tls-disabled/s);
      assert.equal(existsSync(run.folder), false, 'files were written');
      assert.deepEqual(run.questions, []);
    } finally {
      run.home.remove();
    }
  });
});
