// Drives VS Code in the browser: code-server on 127.0.0.1 with a fresh user-data and
// extensions folder, the packaged extension installed into it, and Chromium through
// playwright-core. Selectors are the workbench's own CSS classes.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';

export interface CodeServerProgram {
  node: string;
  entry: string;
}

export interface RunningCodeServer {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function baseArgs(home: string): string[] {
  const config = join(home, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  return ['--disable-telemetry', '--extensions-dir', join(home, 'extensions'), '--user-data-dir', join(home, 'user-data'), '--config', config];
}

/** Installs a .vsix into `home`'s fresh extensions folder (code-server's own installer). */
export function installExtension(program: CodeServerProgram, home: string, vsix: string): void {
  mkdirSync(join(home, 'extensions'), { recursive: true });
  const result = spawnSync(program.node, [program.entry, ...baseArgs(home), '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0 || !/was successfully installed/.test(result.stdout)) {
    throw new Error(`code-server --install-extension failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Starts code-server on a free port; `trusted: false` leaves workspace trust on (Restricted Mode). */
export async function startCodeServer(program: CodeServerProgram, home: string, options: { trusted: boolean }): Promise<RunningCodeServer> {
  const port = await freePort();
  const args = [program.entry, ...baseArgs(home), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`];
  if (options.trusted) args.push('--disable-workspace-trust');
  // HOME is the session's folder: the certificate command's default folder (~/.docker/dockerd-certs)
  // then lies in the test's temporary tree, never in the real home of whoever runs the tests.
  const child: ChildProcess = spawn(program.node, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: false, env: { ...process.env, HOME: home } });
  let log = '';
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));
  const deadline = Date.now() + 30_000;
  while (!log.includes('HTTP server listening')) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start in 30 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    log: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens the workbench on `folder` and waits until the explorer lists its files. */
export async function openWorkbench(browser: Browser, url: string, folder: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}?folder=${encodeURIComponent(folder)}`, { waitUntil: 'domcontentloaded', timeout: 90_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return page;
}

/** Opens a top-level file of the workspace by double-clicking it in the explorer. */
export async function openFromExplorer(page: Page, fileName: string): Promise<void> {
  await page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${fileName}"]`).dblclick({ timeout: 30_000 });
  await page.locator(`.tab.active[aria-label*="${fileName}"]`).waitFor({ timeout: 30_000 });
}

/**
 * The Problems panel's entries once one of them contains `expected`, each as its severity and
 * the texts of its parts joined by ` | `: "Error | message | dockerd-lint | tcp-without-tls | [Ln 2, Col 44]".
 */
export async function problemRows(page: Page, expected: string, timeout: number): Promise<string[]> {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  await rows.filter({ hasText: expected }).first().waitFor({ timeout });
  return rows.evaluateAll((elements) =>
    elements.map((element) => {
      // The row's aria-label starts with the severity ("Error: message at line ...").
      const severity = (element.getAttribute('aria-label') ?? '').split(':')[0];
      const parts = [...element.querySelectorAll('*')].filter((part) => part.children.length === 0 && (part.textContent ?? '').trim() !== '').map((part) => (part.textContent ?? '').trim());
      return [severity, ...parts].join(' | ');
    }),
  );
}

/** Runs a command from the palette by (part of) its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Opens the quick-fix menu at `at` (a piece of text in the editor) and waits for `menu`. A click
 * puts the cursor there; once the light bulb shows, Ctrl+. opens the menu. A keystroke can land
 * while the workbench moves focus (the Problems view updating), so each attempt that shows no
 * menu clicks the light bulb itself, and then starts over, up to three times.
 */
export async function openQuickFixMenu(page: Page, at: Locator, menu: Locator, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  const lightBulb = page.locator('.lightBulbWidget').first();
  const shown = (ms: number) =>
    menu.waitFor({ timeout: Math.max(1, Math.min(ms, deadline - Date.now())) }).then(
      () => true,
      () => false,
    );
  for (let attempt = 1; attempt <= 3; attempt++) {
    await at.click();
    // A click can land while the workbench scrolls or moves focus (the Problems view updating):
    // the cursor is then elsewhere and no light bulb comes, so the next attempt clicks again.
    const bulb = await lightBulb.waitFor({ timeout: Math.max(1, Math.min(20_000, deadline - Date.now())) }).then(
      () => true,
      () => false,
    );
    if (!bulb) continue;
    await page.keyboard.press('Control+Period');
    if (await shown(15_000)) return;
    await lightBulb.click().catch(() => {});
    if (await shown(15_000)) return;
    await page.keyboard.press('Escape');
  }
  throw new Error('the quick-fix menu did not open: three clicks, each followed by Ctrl+. and a click on the light bulb when it showed');
}

/**
 * Waits for the quick input titled `title` (a quick pick or an input box), then answers it:
 * `fill` replaces the text of an input box, `pick` chooses the first item containing it; with
 * neither, Enter accepts what is pre-selected or pre-filled. Returns the text the input held.
 */
export async function answerQuickInput(page: Page, title: string, answer: { fill?: string; pick?: string } = {}): Promise<string> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor();
  const input = widget.locator('.quick-input-box input');
  const before = await input.inputValue();
  if (answer.fill !== undefined) await input.fill(answer.fill);
  if (answer.pick !== undefined) {
    await input.fill(answer.pick);
    await widget.locator('.monaco-list-row', { hasText: answer.pick }).first().waitFor();
  }
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden' }).catch(() => {});
  return before;
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

/** The workbench's problem counts, as its status bar shows them ("$(error) 7 $(warning) 2 $(info) 1"; no infos item at 0). */
export async function problemCounts(page: Page): Promise<ProblemCounts> {
  const text = await page.locator('[id="status.problems"]').innerText({ timeout: 30_000 });
  const [errors = Number.NaN, warnings = Number.NaN, infos = 0] = (text.match(/\d+/g) ?? []).map(Number);
  return { errors, warnings, infos };
}

/** Waits until the status bar shows `expected` problem counts; fails with the last counts seen. */
export async function waitForProblemCounts(page: Page, expected: ProblemCounts, timeout: number, what: string): Promise<void> {
  const deadline = Date.now() + timeout;
  let seen = await problemCounts(page);
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    seen = await problemCounts(page);
  }
  if (JSON.stringify(seen) !== JSON.stringify(expected)) throw new Error(`${what}: the status bar shows ${JSON.stringify(seen)} problems, expected ${JSON.stringify(expected)}`);
}
