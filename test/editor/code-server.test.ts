// VS Code in the browser: the packaged .vsix installed into code-server, driven through
// Chromium like a user would. Slow (about a minute per test); skipped, with the reason, where
// code-server or Chromium is not installed (.ci/install-editors installs both).

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type CodeServerProgram,
  type ProblemCounts,
  answerQuickInput,
  installExtension,
  launchChromium,
  openFromExplorer,
  openQuickFixMenu,
  openWorkbench,
  problemCounts,
  problemRows,
  runCommand,
  startCodeServer,
  waitForProblemCounts,
} from './code-server';
import { pathToFileURL } from 'node:url';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import { assertWiredMachineServesTls } from '../certs/wired-dockerd';
import { chromium, codeServer } from './editors';
import { type ServerFacts, probeServer } from './server-probe';
import { packageVsix, repositoryRoot } from './vsix';

const program = codeServer();
const browserProgram = chromium();
const missing = 'missing' in program ? program.missing : 'missing' in browserProgram ? browserProgram.missing : undefined;

const artifacts = join(repositoryRoot, '.test-artifacts');
const testTimeout = 240_000;
const uiTimeout = 90_000;

// Quiet, deterministic workbench: no chat side bar, no welcome page, no trust prompt (Restricted
// Mode is then entered without a dialog), files saved as soon as a fix edits them.
const userSettings = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'editor.minimap.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.startupPrompt': 'never',
  'files.autoSave': 'afterDelay',
  'files.autoSaveDelay': 100,
  // Typed text lands as typed (no closing bracket or quote added).
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
};

let work: string;
let vsix: string;
let browser: Browser;
let server: ServerFacts;

interface Session {
  page: Page;
  workspace: string;
  home: string;
  close(): Promise<void>;
}

/** A fresh code-server home with the extension installed, opened on a copy of `fixture`. */
async function openSession(name: string, fixture: string, trusted: boolean): Promise<Session> {
  const home = join(work, name);
  mkdirSync(join(home, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(home, 'user-data', 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  installExtension(program as CodeServerProgram, home, vsix);
  const workspace = join(home, fixture);
  cpSync(join(repositoryRoot, 'test', 'editor', fixture), workspace, { recursive: true });
  const codeServerProcess = await startCodeServer(program as CodeServerProgram, home, { trusted });
  const page = await openWorkbench(browser, codeServerProcess.url, workspace).catch(async (error: unknown) => {
    await codeServerProcess.stop();
    throw error;
  });
  return {
    page,
    workspace,
    home,
    close: async () => {
      await page.screenshot({ path: join(artifacts, `code-server-${name}.png`) }).catch(() => {});
      await page.close();
      await codeServerProcess.stop();
      writeFileSync(join(artifacts, `code-server-${name}.log`), codeServerProcess.log());
    },
  };
}

function skipIfMissing(t: TestContext): boolean {
  if (missing) t.skip(missing);
  return missing !== undefined;
}

describe('VS Code in the browser (code-server + Chromium)', () => {
  before(async () => {
    if (missing) return;
    mkdirSync(artifacts, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'dockerd-lint-code-server-'));
    vsix = packageVsix(work);
    browser = await launchChromium((browserProgram as { path: string }).path);
    server = await probeServer();
  });
  after(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('a trusted workspace', () => {
    let session: Session | undefined;
    before(async () => {
      if (!missing) session = await openSession('trusted', 'workspace', true);
    });
    after(async () => session?.close());

    test('a bad daemon.json gets a squiggle and a Problems entry with the rule id', { timeout: testTimeout }, async (t) => {
      if (skipIfMissing(t)) return;
      const { page } = session!;
      await openFromExplorer(page, 'daemon.json');
      await page.locator('.squiggly-error').first().waitFor({ timeout: uiTimeout });
      const problems = await problemRows(page, 'tcp-without-tls', uiTimeout);
      const entry = problems.find((row) => row.includes(' | dockerd-lint | tcp-without-tls | '));
      assert.ok(entry, problems.join('\n'));
      assert.match(entry, /^Error \| dockerd listens on tcp:\/\/0\.0\.0\.0:2375 and TLS is not turned on/);
      await page.locator('.statusbar-item', { hasText: 'dockerd-lint' }).first().waitFor();
      await page.screenshot({ path: join(artifacts, 'code-server-diagnostic.png') });
    });

    test('its quick-fix rewrites daemon.json on disk and the problem goes away', { timeout: testTimeout }, async (t) => {
      if (skipIfMissing(t)) return;
      assert.ok(server.capabilities.codeActionProvider, 'the language server offers code actions (codeActionProvider in its initialize result)');
      const { page, workspace } = session!;
      const file = join(workspace, 'daemon.json');
      const original = readFileSync(file, 'utf8');
      // The menu at the tcp:// address lists the fixes of every problem there (tcp-without-tls and
      // tcp-all-interfaces both have a preferred one, so "Auto Fix" would not choose); a click on
      // tcp-without-tls's TLS fix applies it.
      const menu = page.locator('.action-widget', { has: page.locator('.monaco-list-row') }).first();
      await openQuickFixMenu(page, page.locator('.view-lines .view-line span', { hasText: 'tcp://0.0.0.0:2375' }).last(), menu);
      assert.ok((await menu.locator('.monaco-list-row').count()) >= 1);
      // The menu may reach left of the editor: keep the full width, the upper part of the window.
      await page.screenshot({ path: join(artifacts, 'code-server-quick-fix-menu.png'), clip: { x: 0, y: 0, width: 1280, height: 340 } });
      await menu.locator('.monaco-list-row', { hasText: 'with TLS client verification' }).first().click();
      // files.autoSave (set for this workspace) writes the fixed buffer to disk. code-server
      // truncates then writes, so a read can land between the two and see an empty or partial
      // file: wait until the content changed and parses, and report the last content if it never does.
      const deadline = Date.now() + uiTimeout;
      let fixed = original;
      let parsed = false;
      while (!(fixed !== original && parsed) && Date.now() < deadline) {
        await page.waitForTimeout(250);
        fixed = readFileSync(file, 'utf8');
        parsed = parsesAsJson(fixed);
      }
      assert.notEqual(fixed, original, 'the quick-fix did not change daemon.json on disk');
      assert.ok(parsed, `the fixed daemon.json is not strict JSON:\n${fixed}`);
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'tcp-without-tls' }).waitFor({ state: 'detached', timeout: uiTimeout });
      await page.screenshot({ path: join(artifacts, 'code-server-fixed.png') });
    });
  });

  // Issue 20: the commonest plaintext Docker API is a CI job's dind service with TLS turned
  // off. Opened as the YAML it is (the extension claims no language), the pipeline gets both
  // findings, and the preferred quick-fix, chosen from the menu, moves the job to verified TLS.
  describe('a .gitlab-ci.yml whose dind service runs without TLS', () => {
    let session: Session | undefined;
    before(async () => {
      if (!missing) session = await openSession('gitlab-ci', 'workspace-gitlab', true);
    });
    after(async () => session?.close());

    test('stays YAML, shows the dind findings, and its preferred fix turns TLS on', { timeout: testTimeout }, async (t) => {
      if (skipIfMissing(t)) return;
      const { page } = session!;
      await openFromExplorer(page, '.gitlab-ci.yml');
      const problems = await problemRows(page, 'docker-host-plain-tcp', uiTimeout);
      assert.ok(
        problems.some(
          (row) => row.startsWith('Error | Service "docker:27-dind" of job "build" sets DOCKER_TLS_CERTDIR to empty') && row.includes(' | dockerd-lint | dind-tls-disabled | [Ln 6, Col 5]'),
        ),
        problems.join('\n'),
      );
      assert.ok(
        problems.some(
          (row) => row.startsWith('Warning | Job "build" talks to the Docker API at tcp://docker:2375 without TLS') && row.includes(' | dockerd-lint | docker-host-plain-tcp | [Ln 7, Col 5]'),
        ),
        problems.join('\n'),
      );
      await waitForProblemCounts(page, { errors: 1, warnings: 1, infos: 0 }, uiTimeout, 'the pipeline as written');
      // The editor's language mode is still the built-in YAML: we route the file by its path.
      assert.equal((await page.locator('[id="status.editor.mode"]').innerText()).trim(), 'YAML');

      const menu = page.locator('.action-widget', { has: page.locator('.monaco-list-row') }).first();
      await openQuickFixMenu(page, page.locator('.view-lines .view-line span', { hasText: 'DOCKER_TLS_CERTDIR' }).last(), menu);
      await page.screenshot({ path: join(artifacts, 'code-server-gitlab-quick-fix-menu.png'), clip: { x: 0, y: 0, width: 1280, height: 400 } });
      // The engine's preferred fix for dind-tls-disabled (test/server/gitlab-ci.test.ts checks that it is the preferred one).
      await menu.locator('.monaco-list-row', { hasText: 'Turn on TLS in service "docker:27-dind" of job "build"' }).first().click();

      // The editor's lines in order (it reuses line elements, so the DOM order is not the text's
      // order; their `top` is), with the no-break spaces it renders for spaces made spaces again.
      const editorText = async () => {
        const lines = await page
          .locator('.editor-instance .view-lines')
          .first()
          .locator('.view-line')
          .evaluateAll((elements) => elements.map((line) => ({ style: line.getAttribute('style') ?? '', text: line.textContent ?? '' })));
        const top = (style: string) => Number(/top: *(\d+)/.exec(style)?.[1]);
        return lines
          .sort((a, b) => top(a.style) - top(b.style))
          .map((line) => line.text.replace(/\u00a0/g, ' '))
          .join('\n');
      };
      const deadline = Date.now() + uiTimeout;
      let text = await editorText();
      while (!text.includes('DOCKER_HOST: tcp://docker:2376') && Date.now() < deadline) {
        await page.waitForTimeout(250);
        text = await editorText();
      }
      assert.match(text, /DOCKER_TLS_CERTDIR: "\/certs"\n\s*DOCKER_HOST: tcp:\/\/docker:2376\n/, text);
      assert.doesNotMatch(text, /tcp:\/\/docker:2375/, text);
      for (const rule of ['dind-tls-disabled', 'docker-host-plain-tcp']) {
        await page.locator('.markers-panel .monaco-list-row', { hasText: rule }).first().waitFor({ state: 'detached', timeout: uiTimeout });
      }
      await waitForProblemCounts(page, { errors: 0, warnings: 0, infos: 0 }, uiTimeout, 'after the fix');
      assert.equal((await page.locator('[id="status.editor.mode"]').innerText()).trim(), 'YAML');
      await page.screenshot({ path: join(artifacts, 'code-server-gitlab-fixed.png') });
    });
  });

  // Issue 19 item 9: "Lint workspace", then open a file: the counts doubled (status bar 13
  // errors for 7); edited to { "log-level": "info" }, its old problems stayed, and so did those
  // of the closed drop-in that conflicted with it. The expected counts are the engine's own
  // verdict on the files on disk, so the editor must show each problem once and none stale.
  describe('Lint workspace, then open and edit a file', () => {
    let session: Session | undefined;
    before(async () => {
      if (!missing) session = await openSession('lint-workspace', 'workspace', true);
    });
    after(async () => session?.close());

    test('the Problems counts are the real ones, never doubled, and follow the edit', { timeout: testTimeout }, async (t) => {
      if (skipIfMissing(t)) return;
      const { page, workspace } = session!;
      const onDisk = ['daemon.json', 'compose.yaml', join('docker.service.d', 'override.conf')].map((name) => join(workspace, name));
      const before = countsOf(onDisk);
      assert.deepEqual(before, { errors: 7, warnings: 2, infos: 1 }, 'the fixture as the issue reported it: 7 errors');
      await page.locator('.statusbar-item', { hasText: 'dockerd-lint' }).first().waitFor({ timeout: uiTimeout });
      await runCommand(page, 'dockerd-lint: Lint workspace');
      const toast = page.locator('.notification-toast', { hasText: 'dockerd-lint checked' }).first();
      await toast.waitFor({ timeout: uiTimeout });
      assert.match(await toast.innerText(), /checked 3 file\(s\): 10 finding\(s\)/);
      await waitForProblemCounts(page, before, uiTimeout, 'after Lint workspace');

      await openFromExplorer(page, 'daemon.json');
      await page.locator('.squiggly-error').first().waitFor({ timeout: uiTimeout });
      // The document's own pull has answered (squiggles): a second channel would add its problems now.
      for (let sample = 0; sample < 8; sample++) {
        assert.deepEqual(await problemCounts(page), before, `counts after opening daemon.json (sample ${sample})`);
        await page.waitForTimeout(500);
      }
      await page.screenshot({ path: join(artifacts, 'code-server-lint-workspace-open.png') });

      await page.locator('.editor-instance .view-lines').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText('{ "log-level": "info" }');
      // Whatever the editor added after the cursor (a closing bracket) goes too.
      await page.keyboard.press('Control+Shift+End');
      await page.keyboard.press('Delete');
      const daemonJson = onDisk[0];
      const deadline = Date.now() + uiTimeout;
      while (readFileSync(daemonJson, 'utf8') !== '{ "log-level": "info" }' && Date.now() < deadline) await page.waitForTimeout(250);
      assert.equal(readFileSync(daemonJson, 'utf8'), '{ "log-level": "info" }', 'auto save wrote the edit');
      const after = countsOf(onDisk);
      assert.deepEqual(after, { errors: 3, warnings: 1, infos: 1 }, 'daemon.json clean; the drop-in no longer conflicts with it');
      await waitForProblemCounts(page, after, uiTimeout, 'after the edit');
      // The Problems view says the same: the conflict between the two files is gone from both.
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'flag-file-conflict' }).first().waitFor({ state: 'detached', timeout: uiTimeout });
      await page.screenshot({ path: join(artifacts, 'code-server-lint-workspace-edited.png') });
    });
  });

  // Issue 17, end to end: a machine whose drop-in listens on 127.0.0.1:2375. Enter at every
  // prompt of the palette command; the server wires the drop-in and daemon.json (auto save
  // writes them), the report says what is saved; then dockerd 20.10 starts with the wired
  // files and serves the generated client certificate over mutual TLS.
  describe('the certificate command on a workspace whose drop-in listens on TCP', () => {
    let session: Session | undefined;
    before(async () => {
      if (!missing) session = await openSession('certificates', 'workspace-certs', true);
    });
    after(async () => session?.close());

    test('Enter at every prompt: files written, machine wired and saved, report says so, dockerd accepts the client certificate', { timeout: testTimeout }, async (t) => {
      if (skipIfMissing(t)) return;
      const { page, workspace, home } = session!;
      const folder = join(home, '.docker', 'dockerd-certs');
      // The command comes from the server's executeCommandProvider: wait until the server runs.
      await page.locator('.statusbar-item', { hasText: 'dockerd-lint' }).first().waitFor({ timeout: uiTimeout });
      await runCommand(page, 'Generate TLS certificates for dockerd');
      const prompts: Record<string, string> = {};
      for (const title of [
        'Where should the certificates be written?',
        'Host names and IPs clients use to reach dockerd',
        'Key type',
        'Validity of the server and client certificates',
        'Keep the CA private key?',
        'Folder of ca.pem, server-cert.pem and server-key.pem on the dockerd host',
      ]) {
        prompts[title] = await answerQuickInput(page, title);
      }
      assert.equal(prompts['Host names and IPs clients use to reach dockerd'], '127.0.0.1, localhost', 'the names from the listener the drop-in gives');
      assert.equal(prompts['Folder of ca.pem, server-cert.pem and server-key.pem on the dockerd host'], '/etc/docker/certs');

      // The review: a modal lists every change; Enter applies.
      const dialog = page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: uiTimeout });
      const review = await dialog.innerText();
      assert.match(review, /override\.conf: listen on tcp:\/\/127\.0\.0\.1:2376 instead of tcp:\/\/127\.0\.0\.1:2375/);
      assert.match(review, /daemon\.json: set tlsverify, tlscacert, tlscert, tlskey \(files in \/etc\/docker\/certs\)/);
      await page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: uiTimeout });

      // The report, once auto save had its chance: what the editor says is saved.
      await page.locator('.tab', { hasText: 'Untitled' }).first().waitFor({ timeout: uiTimeout });
      const reportView = page.locator('.editor-instance .view-lines', { hasText: 'dockerd TLS certificates' }).first();
      await reportView.waitFor({ timeout: uiTimeout });
      // The editor renders spaces as no-break spaces.
      const report = (await reportView.innerText()).replace(/\u00a0/g, ' ');
      await page.screenshot({ path: join(artifacts, 'code-server-certificates.png') });
      assert.match(report, /Saved on disk: 6 files/);
      // What the report says per file is what the editor said: "saved" must be true on disk now.
      const dropInFolder = join(workspace, 'etc', 'systemd', 'system', 'docker.service.d');
      const wired = {
        'override.conf': () => /-H tcp:\/\/127\.0\.0\.1:2376 /.test(readFileSync(join(dropInFolder, 'override.conf'), 'utf8')),
        'daemon.json': () => readFileSync(join(workspace, 'etc', 'docker', 'daemon.json'), 'utf8').includes('tlscacert'),
      };
      for (const [name, onDisk] of Object.entries(wired)) {
        const state = new RegExp(`${name.replace('.', '\\.')}\`: (changed and saved|changed in the editor, \\*\\*not saved yet)`).exec(report);
        assert.ok(state, `the report says nothing about ${name}:\n${report}`);
        if (state[1] === 'changed and saved') assert.ok(onDisk(), `the report says ${name} is saved, but it is not on disk`);
      }
      // Auto save (files.autoSave afterDelay, this workbench's setting) writes them in the end.
      const deadline = Date.now() + uiTimeout;
      while (!Object.values(wired).every((onDisk) => onDisk()) && Date.now() < deadline) await page.waitForTimeout(250);

      assert.deepEqual(readdirSync(folder).sort(), ['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem', 'server-cert.pem', 'server-key.pem']);
      assert.match(readFileSync(join(dropInFolder, 'override.conf'), 'utf8'), /-H tcp:\/\/127\.0\.0\.1:2376 /);
      assert.equal(JSON.parse(readFileSync(join(workspace, 'etc', 'docker', 'daemon.json'), 'utf8')).tlscacert, '/etc/docker/certs/ca.pem');
      const unavailable = assertWiredMachineServesTls(workspace, folder, join(home, 'dockerd'), 'tcp://127.0.0.1:2376');
      if (unavailable) t.skip(unavailable);
    });
  });

  // workspace-restricted: its .vscode/settings.json lowers tcp-without-tls to a warning and its
  // .dockerd-lint.json turns it off. Untrusted, both are ignored: the finding stays an error.
  test('Restricted Mode: the extension still lints and the workspace cannot weaken a rule', { timeout: testTimeout }, async (t) => {
    if (skipIfMissing(t)) return;
    const session = await openSession('restricted', 'workspace-restricted', false);
    const { page } = session;
    try {
      await page.getByText('Restricted Mode', { exact: false }).first().waitFor({ timeout: uiTimeout });
      await openFromExplorer(page, 'daemon.json');
      const problems = await problemRows(page, 'tcp-without-tls', uiTimeout);
      assert.ok(
        problems.some((row) => row.startsWith('Error | ') && row.includes(' | dockerd-lint | tcp-without-tls | ')),
        problems.join('\n'),
      );
      await page.screenshot({ path: join(artifacts, 'code-server-restricted.png') });
    } finally {
      await session.close();
    }
  });

  test('trusted, the same workspace settings do apply (and win over .dockerd-lint.json)', { timeout: testTimeout }, async (t) => {
    if (skipIfMissing(t)) return;
    assert.ok(server.readsSettings, 'the language server reads dockerdLint settings (it sent a workspace/configuration request)');
    const session = await openSession('trusted-settings', 'workspace-restricted', true);
    const { page } = session;
    try {
      await openFromExplorer(page, 'daemon.json');
      const problems = await problemRows(page, 'tcp-without-tls', uiTimeout);
      assert.ok(
        problems.some((row) => row.startsWith('Warning | ') && row.includes(' | dockerd-lint | tcp-without-tls | ')),
        problems.join('\n'),
      );
    } finally {
      await session.close();
    }
  });
});

/** The engine's verdict on `paths` as they are on disk, counted as the editor counts problems. */
function countsOf(paths: string[]): ProblemCounts {
  const findings = lintFiles(
    paths.map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') })),
    defaultLintOptions(),
  ).flatMap((result) => result.findings);
  const count = (severity: string) => findings.filter((finding) => finding.severity === severity).length;
  return { errors: count('error'), warnings: count('warning'), infos: count('info') };
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
