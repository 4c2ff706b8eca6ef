// The language server over a real stdio connection, abused: malformed messages, changes to
// documents it never saw, versions out of order, cancellation, a rule that throws, and a
// client that goes away. It must keep serving (or exit), never crash or spin.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { LspProcess } from '../../bench/lsp-process';

const serverPath = resolve(process.env.DOCKERD_LINT_SERVER ?? 'dist/server.js');
const tcpConfig = '{"hosts": ["tcp://0.0.0.0:2375"]}\n';
let n = 0;
const freshUri = () => `file:///robustness/${++n}/etc/docker/daemon.json`;

async function started(path = serverPath): Promise<LspProcess> {
  const lsp = new LspProcess({ command: [process.execPath, path, '--stdio'] });
  await lsp.initialize();
  return lsp;
}

/** Opens a daemon.json with a plain-TCP host and returns the rule ids of its diagnostics. */
async function lintsANewDocument(lsp: LspProcess, text = tcpConfig, timeoutMs = 10_000): Promise<string[]> {
  const uri = freshUri();
  const published = lsp.nextDiagnostics(uri, timeoutMs);
  await lsp.open(uri, 'json', text);
  return (await published).params.diagnostics.map((d) => String(d.code));
}

/** CPU time (user + system, in clock ticks) the process used so far. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

async function assertIdle(lsp: LspProcess): Promise<void> {
  const before = cpuTicks(lsp.pid);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // 100 ticks = one core for one second; a busy loop would use nearly all of them.
  assert.ok(cpuTicks(lsp.pid) - before < 20, 'the server is spinning');
}

describe('language server robustness (stdio)', () => {
  it('a well-framed message with bad JSON: the server answers the next message', async () => {
    const lsp = await started();
    try {
      const body = '{"jsonrpc": "2.0", "method": ';
      lsp.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
    } finally {
      await lsp.stop();
    }
  });

  it('a header without Content-Length, or a short one: the server does not crash or spin', async () => {
    for (const garbage of ['Hello: there\r\n\r\n{}', 'Content-Length: 5\r\n\r\n{"jsonrpc": "2.0", "method": "x"}']) {
      const lsp = await started();
      try {
        lsp.child.stdin!.write(garbage);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(lsp.child.exitCode === null || lsp.child.exitCode === 1, true, `exit code ${lsp.child.exitCode}`);
        assert.doesNotMatch(lsp.stderr.join(''), /Uncaught|FATAL|Maximum call stack/);
        if (lsp.child.exitCode === null) await assertIdle(lsp);
      } finally {
        await lsp.kill();
      }
    }
  });

  it('after a framing error the server exits (so the client restarts it) or answers again', async () => {
    const lsp = await started();
    try {
      // The rest of the too-long body is read as the next header, which fails once the next
      // message arrives: the server then exits (non-zero) rather than living on deaf.
      lsp.child.stdin!.on('error', () => undefined);
      lsp.child.stdin!.write('Content-Length: 5\r\n\r\n{"jsonrpc": "2.0", "method": "x"}');
      const answer = lintsANewDocument(lsp, tcpConfig, 3000).then(
        (codes) => codes,
        () => undefined,
      );
      const exited = await lsp.waitForExit(3000);
      if (exited === undefined) assert.ok((await answer)?.includes('tcp-without-tls'), 'the server neither exited nor answered');
      else assert.notEqual(exited, 0, 'a server that gives up on its client exits with an error code');
    } finally {
      await lsp.kill();
    }
  });

  it('Content-Length: 999999999999: the server exits at once instead of waiting deaf for a terabyte', async () => {
    const lsp = await started();
    try {
      lsp.child.stdin!.write('Content-Length: 999999999999\r\n\r\n{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}');
      const exited = await lsp.waitForExit(5000);
      assert.notEqual(exited, undefined, 'the server is still running, deaf');
      assert.notEqual(exited, 0);
      assert.match(lsp.stderr.join(''), /Content-Length/);
    } finally {
      await lsp.kill();
    }
  });

  it('requests before initialize get ServerNotInitialized (-32002); initialize then works', async () => {
    const lsp = new LspProcess({ command: [process.execPath, serverPath, '--stdio'] });
    try {
      const early = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: freshUri() }, position: { line: 0, character: 0 } }).then(
        () => undefined,
        (error: { code?: number }) => error.code,
      );
      assert.equal(early, -32002);
      await lsp.initialize();
      assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
    } finally {
      await lsp.stop();
    }
  });

  it('requests after shutdown get InvalidRequest (-32600); exit then ends the server with 0', async () => {
    const lsp = await started();
    try {
      await lsp.connection.sendRequest('shutdown');
      const late = await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri: freshUri() }, position: { line: 0, character: 0 } }).then(
        () => undefined,
        (error: { code?: number }) => error.code,
      );
      assert.equal(late, -32600);
      await lsp.connection.sendNotification('exit');
      assert.equal(await lsp.waitForExit(5000), 0);
    } finally {
      await lsp.kill();
    }
  });

  it('a workspace folder on another machine (file://host/share) does not fail initialize', async () => {
    const lsp = new LspProcess({ command: [process.execPath, serverPath, '--stdio'] });
    try {
      await lsp.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: 'file://fileserver/share',
        capabilities: {},
        workspaceFolders: [{ uri: 'file://fileserver/share', name: 'share' }],
      });
      await lsp.connection.sendNotification('initialized', {});
      assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
      // A document on that share is linted on its own (its companions cannot be read from here).
      const remote = 'file://fileserver/share/etc/docker/daemon.json';
      const published = lsp.nextDiagnostics(remote, 10_000);
      await lsp.open(remote, 'json', tcpConfig);
      assert.ok((await published).params.diagnostics.some((d) => d.code === 'tcp-without-tls'));
    } finally {
      await lsp.stop();
    }
  });

  it('didChange and didClose for documents never opened: ignored, the server goes on', async () => {
    const lsp = await started();
    try {
      const uri = freshUri();
      await lsp.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'x' }],
      });
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: tcpConfig }] });
      await lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri() } });
      assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
      assert.equal(lsp.child.exitCode, null);
    } finally {
      await lsp.stop();
    }
  });

  it('versions out of order and a burst of edits: the last diagnostics match the final text', async () => {
    const lsp = await started();
    try {
      const uri = freshUri();
      const first = lsp.nextDiagnostics(uri, 10_000);
      await lsp.open(uri, 'json', tcpConfig, 5);
      await first;
      const send = (version: number, text: string) => lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
      await send(3, '{"debug": true}\n');
      for (let v = 10; v < 30; v++) await send(v, v % 2 ? '{"debug": true}\n' : tcpConfig);
      await send(30, tcpConfig);
      // Settled: wait until no diagnostics arrive for a while, then judge the last ones.
      let count = -1;
      while (count !== lsp.published.length) {
        count = lsp.published.length;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const last = lsp.published.filter((p) => p.params.uri === uri).at(-1)!;
      assert.ok(
        last.params.diagnostics.some((d) => d.code === 'tcp-without-tls'),
        'the final text has a plain-TCP host',
      );
      if (last.params.version !== undefined) assert.equal(last.params.version, 30);
    } finally {
      await lsp.stop();
    }
  });

  it('cancelling unknown and finished requests: no crash', async () => {
    const lsp = await started();
    try {
      await lsp.connection.sendNotification('$/cancelRequest', { id: 4242 });
      await lsp.connection.sendNotification('$/cancelRequest', { id: 'nope' });
      await lsp.connection.sendNotification('$/cancelRequest', {});
      const pending = lsp.connection.sendRequest('workspace/executeCommand', { command: 'unknown.command', arguments: [] }).catch((error) => error);
      await lsp.connection.sendNotification('$/cancelRequest', { id: 1 });
      await pending;
      assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
    } finally {
      await lsp.stop();
    }
  });

  it('a client that disappears: the server exits', async () => {
    const lsp = await started();
    lsp.child.stdin!.end();
    const code = await lsp.waitForExit(10_000);
    if (code === undefined) await assertIdle(lsp);
    await lsp.stop();
    assert.notEqual(code, undefined, 'the server is still running 10 s after its client went away');
  });
});

describe('language server: a rule that throws', () => {
  let scratch: string;
  let bundle: string;
  before(async () => {
    // A test-only build of the real server with one extra rule that always throws.
    scratch = mkdtempSync(join(tmpdir(), 'dockerd-lint-throwing-'));
    bundle = join(scratch, 'server.js');
    await build({
      entryPoints: ['server/src/server.ts'],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
      mainFields: ['module', 'main'],
      plugins: [
        {
          name: 'throwing-rule',
          setup(context) {
            context.onLoad({ filter: /engine[\\/]rules[\\/]index\.ts$/ }, (args) => ({
              loader: 'ts',
              contents: `${readFileSync(args.path, 'utf8')}
(allRules as Rule[]).push({
  meta: { id: 'test-throwing-rule', severity: 'error', title: 't', summary: 't', howToFix: 't', preset: 'recommended', fixable: false, kinds: ['daemon-json'] },
  scope: 'file',
  check() { throw new Error('injected failure'); },
});`,
            }));
          },
        },
      ],
    });
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('the other rules still report, and the failure is logged once', async () => {
    const lsp = await started(bundle);
    try {
      for (let i = 0; i < 3; i++) assert.ok((await lintsANewDocument(lsp)).includes('tcp-without-tls'));
      const logged = lsp.logs.filter((message) => message.includes('test-throwing-rule'));
      assert.equal(logged.length, 1, `logged: ${JSON.stringify(lsp.logs)}`);
      assert.match(logged[0], /injected failure/);
    } finally {
      await lsp.stop();
    }
  });
});
