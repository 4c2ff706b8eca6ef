// Oracle: the Linux kernel decides who may connect to a unix socket of a given mode.
// socket-unit-permissions reports SocketMode= by its write bits (unix(7): connecting needs
// write permission) and a broad SocketGroup= only when the group may write. Here a real
// socket gets each mode, an unprivileged process (not the owner; in the group, or not)
// tries to connect, and the rule's verdicts must match what the kernel allowed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintCase } from '../helpers/rule-tester';

const nobody = 65534;
const socketGroupId = 4242;
const setpriv = spawnSync('setpriv', ['--version'], { encoding: 'utf8' });
const skipReason =
  process.platform !== 'linux'
    ? 'unix socket permissions are Linux semantics'
    : process.getuid?.() !== 0
      ? 'needs root, to connect as another user'
      : setpriv.status !== 0
        ? 'setpriv is not installed (util-linux)'
        : undefined;

/** Whether an unprivileged process, in the socket's group or not, may connect to `path`. */
function canConnect(path: string, inGroup: boolean): boolean {
  const groups = inGroup ? ['--groups', String(socketGroupId)] : ['--clear-groups'];
  const script = `require('net').connect(${JSON.stringify(path)}).on('connect', () => process.exit(0)).on('error', (e) => { console.error(e.code); process.exit(3); })`;
  const result = spawnSync('setpriv', [`--reuid=${nobody}`, `--regid=${nobody}`, ...groups, process.execPath, '-e', script], { encoding: 'utf8', timeout: 10_000 });
  if (result.status !== 0 && !/EACCES/.test(result.stderr)) throw new Error(`connect failed otherwise: ${result.status} ${result.stderr}`);
  return result.status === 0;
}

function ruleVerdicts(mode: string): { otherFinding: boolean; groupFinding: boolean } {
  const dropIn = 'etc/systemd/system/docker.socket.d/override.conf';
  const findings = lintCase({ [dropIn]: `[Socket]\nSocketMode=${mode}\nSocketGroup=users\n` })
    .flatMap((result) => result.findings)
    .filter((finding) => finding.ruleId === 'socket-unit-permissions');
  return {
    otherFinding: findings.some((finding) => finding.severity === 'error'),
    groupFinding: findings.some((finding) => finding.message.includes('to the group users')),
  };
}

describe('the kernel agrees with socket-unit-permissions on who may connect', { skip: skipReason }, () => {
  it('reports "other" exactly when others may connect, and the broad group exactly when its members may', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerd-lint-sock-'));
    chmodSync(dir, 0o755);
    const path = join(dir, 'docker.sock');
    const server = createServer((connection) => connection.end());
    await new Promise<void>((resolve) => server.listen(path, resolve));
    chownSync(path, 0, socketGroupId);
    const disagreements: string[] = [];
    let reachable = 0;
    try {
      for (const mode of ['0600', '0604', '0606', '0620', '0640', '0660', '0661', '0662', '0664', '0666', '0777', '1666']) {
        chmodSync(path, parseInt(mode, 8));
        const other = canConnect(path, false);
        const member = canConnect(path, true);
        if (other) reachable++;
        const verdict = ruleVerdicts(mode);
        if (verdict.otherFinding !== other) disagreements.push(`${mode}: others ${other ? 'can' : 'cannot'} connect, the rule ${verdict.otherFinding ? 'reports' : 'does not report'} it`);
        if (verdict.groupFinding !== member)
          disagreements.push(`${mode}: group members ${member ? 'can' : 'cannot'} connect, the rule ${verdict.groupFinding ? 'reports' : 'does not report'} the group`);
      }
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(disagreements, []);
    assert.ok(reachable >= 4, `expected several modes open to others, found ${reachable}`);
  });
});
