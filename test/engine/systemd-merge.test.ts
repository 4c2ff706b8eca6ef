// The merged view of one host: daemon.json, docker.service, its drop-ins, docker.socket and
// /etc/default/docker judged as the one dockerd they configure.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { applyFix } from '../../server/src/engine/fix';
import { lintFiles, parseFile } from '../../server/src/engine/lint';
import type { ParsedFile } from '../../server/src/engine/document';
import { machineRootOf, machineView } from '../../server/src/engine/workspace';

const root = 'file:///srv/host1/';
const daemonJson = `${root}etc/docker/daemon.json`;
const overrideConf = `${root}etc/systemd/system/docker.service.d/override.conf`;

function parsed(files: Record<string, string>): ParsedFile[] {
  return Object.entries(files).map(([uri, text]) => parseFile({ uri, text })!);
}

function findings(files: Record<string, string>, options = defaultLintOptions()) {
  return lintFiles(
    Object.entries(files).map(([uri, text]) => ({ uri, text })),
    options,
  ).flatMap((result) => result.findings);
}

describe('merged view of one host', () => {
  it('Done-when: "hosts" in daemon.json and -H fd:// in override.conf report flag-file-conflict on both files', () => {
    const found = findings({
      [daemonJson]:
        '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"],\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/certs/ca.pem",\n  "tlscert": "/etc/docker/certs/server-cert.pem",\n  "tlskey": "/etc/docker/certs/server-key.pem"\n}\n',
      [overrideConf]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
    }).filter((f) => f.ruleId === 'flag-file-conflict');
    assert.deepEqual(found.map((f) => f.uri).sort(), [daemonJson, overrideConf]);
    for (const finding of found) {
      assert.equal(finding.related.length, 1);
      assert.notEqual(finding.related[0].uri, finding.uri, 'related information points at the other file');
    }
  });

  it("no tcp-without-tls when the drop-in's -H tcp://...:2376 meets tlsverify in the daemon.json beside it", () => {
    const files = {
      [daemonJson]: '{"tlsverify": true, "tlscacert": "/etc/docker/certs/ca.pem", "tlscert": "/etc/docker/certs/server-cert.pem", "tlskey": "/etc/docker/certs/server-key.pem"}',
      [overrideConf]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://10.0.0.5:2376\n',
    };
    assert.deepEqual(
      findings(files).filter((f) => f.ruleId === 'tcp-without-tls'),
      [],
    );
    // The same drop-in alone is judged alone, and says so.
    const alone = findings({ [overrideConf]: files[overrideConf] }).filter((f) => f.ruleId === 'tcp-without-tls');
    assert.equal(alone.length, 1);
    assert.match(alone[0].message, /Judged from this file alone/);
  });

  it('a file judged in a merged host is not judged alone too (one finding, not two)', () => {
    const found = findings({
      [daemonJson]: '{"debug": true}',
      [overrideConf]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://0.0.0.0:2375\n',
    }).filter((f) => f.ruleId === 'tcp-without-tls');
    assert.equal(found.length, 1);
    assert.doesNotMatch(found[0].message, /Judged from this file alone/);
  });

  it('merged settings are complete and list every source', () => {
    const views = machineView(parsed({ [daemonJson]: '{"debug": true}', [overrideConf]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' })).dockerds;
    assert.equal(views.length, 1);
    assert.equal(views[0].complete, true);
    assert.deepEqual(views[0].sources.map((s) => s.uri).sort(), [daemonJson, overrideConf]);
    assert.deepEqual(
      views[0].entries.map((e) => [e.name, e.origin]),
      [
        ['hosts', 'flag'],
        ['debug', 'config-file'],
      ],
    );
  });

  it('drop-ins apply in file-name order: the last ExecStart= reset decides', () => {
    const { dockerds: views, machines } = machineView(
      parsed({
        [`${root}etc/systemd/system/docker.service.d/20-b.conf`]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -D\n',
        [`${root}etc/systemd/system/docker.service.d/10-a.conf`]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
      }),
    );
    assert.deepEqual(
      views[0].entries.map((e) => e.name),
      ['debug'],
    );
    assert.equal(machines[0].settings, views[0]);
    assert.equal(machines[0].service.resetBy?.uri, `${root}etc/systemd/system/docker.service.d/20-b.conf`);
  });

  it('a drop-in in /etc masks one of the same name in /lib', () => {
    const { dockerds: views } = machineView(
      parsed({
        [`${root}lib/systemd/system/docker.service.d/override.conf`]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
        [`${root}etc/systemd/system/docker.service.d/override.conf`]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --debug\n',
      }),
    );
    assert.deepEqual(
      views[0].entries.map((e) => e.name),
      ['debug'],
    );
  });

  it('$DOCKER_OPTS of /etc/default/docker read by the unit becomes flags located in the env file', () => {
    const defaults = `${root}etc/default/docker`;
    const { dockerds: views } = machineView(
      parsed({
        [defaults]: 'DOCKER_OPTS="-H tcp://0.0.0.0:2375 --label \'team=a b\'"\n',
        [`${root}lib/systemd/system/docker.service`]: '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n',
      }),
    );
    assert.equal(views.length, 1, 'the env file is part of the host, not judged alone');
    const fromEnv = views[0].entries.filter((e) => e.uri === defaults);
    assert.deepEqual(
      fromEnv.map((e) => [e.name, e.value]),
      [
        ['hosts', 'tcp://0.0.0.0:2375'],
        ['labels', 'team=a b'],
      ],
    );
  });

  it('explicit host groups (hostGroups) merge files in unrelated folders', () => {
    const a = 'file:///repo/prod/daemon.json';
    const b = 'file:///repo/units/prod-override/docker.service.d/override.conf';
    const files = { [a]: '{"hosts": ["unix:///var/run/docker.sock"]}', [b]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' };
    assert.equal(findings(files).filter((f) => f.ruleId === 'flag-file-conflict').length, 0);
    const options = { ...defaultLintOptions(), hostGroups: [['/repo/prod/*.json', '/repo/units/prod-override/**']] };
    assert.equal(findings(files, options).filter((f) => f.ruleId === 'flag-file-conflict').length, 2);
  });

  it('hosts-under-stock-unit can move the hosts into a new drop-in, which then merges cleanly', () => {
    const files = { [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2375"],\n  "debug": true\n}\n' };
    const finding = findings(files).find((f) => f.ruleId === 'hosts-under-stock-unit')!;
    const move = finding.fixes.find((fix) => fix.title.startsWith('Move'))!;
    const texts = applyFix(new Map(Object.entries(files)), move);
    assert.equal(texts.get(daemonJson), '{\n  "debug": true\n}\n');
    assert.match(
      texts.get(overrideConf)!,
      /\nExecStart=\nExecStart=\/usr\/bin\/dockerd --containerd=\/run\/containerd\/containerd.sock -H unix:\/\/\/var\/run\/docker.sock -H tcp:\/\/127.0.0.1:2375\n$/,
    );
    const after = findings(Object.fromEntries(texts));
    assert.deepEqual(
      after.filter((f) => ['hosts-under-stock-unit', 'flag-file-conflict', 'execstart-not-reset'].includes(f.ruleId)),
      [],
    );
  });

  // Issue 19 item 1: every folder of systemd's unit search path belongs to the machine whose
  // root holds it, /usr/lib and /usr/local/lib included (RHEL, Fedora, SUSE, Arch).
  for (const folder of ['usr/lib/systemd/system', 'lib/systemd/system', 'etc/systemd/system', 'run/systemd/system', 'usr/local/lib/systemd/system']) {
    it(`docker.service in /${folder} is grouped with the machine's /etc/docker/daemon.json`, () => {
      const unit = `${root}${folder}/docker.service`;
      const found = findings({
        [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        [unit]: '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n',
      }).filter((f) => f.ruleId === 'flag-file-conflict');
      assert.deepEqual(found.map((f) => f.uri).sort(), [daemonJson, unit]);
      assert.equal(machineRootOf(`/srv/host1/${folder}/docker.service`), '/srv/host1/');
      assert.equal(machineRootOf(`/srv/host1/${folder}/docker.service.d/override.conf`), '/srv/host1/');
    });
  }

  it('a docker.service in /etc/systemd/system masks the packaged one in /usr/lib/systemd/system', () => {
    const { machines } = machineView(
      parsed({
        [daemonJson]: '{"debug": true}',
        [`${root}usr/lib/systemd/system/docker.service`]: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n',
        [`${root}etc/systemd/system/docker.service`]: '[Service]\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n',
      }),
    );
    assert.equal(machines.length, 1, 'the three files form one machine');
    assert.equal(machines[0].files.serviceUnit?.uri, `${root}etc/systemd/system/docker.service`);
    assert.deepEqual(
      machines[0].settings.entries.filter((e) => e.name === 'hosts').map((e) => e.value),
      ['unix:///run/docker.sock'],
    );
  });

  // Issue 19 item 2: old and distribution daemons are dockerd.
  for (const [name, execStart] of [
    ['docker daemon (Docker 1.8-1.12)', '/usr/bin/docker daemon -H fd:// $DOCKER_OPTS'],
    ['docker -d (before 1.8)', '/usr/bin/docker -d -H fd:// $DOCKER_OPTS'],
    ['dockerd-current (RHEL/CentOS 7)', '/usr/bin/dockerd-current -H fd:// $DOCKER_OPTS'],
  ]) {
    it(`${name}: its flags and $DOCKER_OPTS are dockerd's`, () => {
      const unit = `${root}lib/systemd/system/docker.service`;
      const defaults = `${root}etc/default/docker`;
      const files = { [defaults]: 'DOCKER_OPTS="-H tcp://0.0.0.0:2375"\n', [unit]: `[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=${execStart}\n` };
      const views = machineView(parsed(files)).dockerds;
      assert.equal(views.length, 1);
      assert.deepEqual(
        views[0].entries.filter((e) => e.name === 'hosts').map((e) => [e.value, e.uri]),
        [
          ['fd://', unit],
          ['tcp://0.0.0.0:2375', defaults],
        ],
      );
      const found = findings(files);
      assert.deepEqual(
        found.filter((f) => f.ruleId === 'tcp-without-tls').map((f) => f.uri),
        [defaults],
      );
      assert.deepEqual(
        found.filter((f) => f.ruleId === 'default-file-unused' || f.ruleId === 'unknown-dockerd-flag'),
        [],
      );
    });
  }

  it('a unit that runs a container with `docker run -d` is not a dockerd', () => {
    const unit = `${root}etc/systemd/system/docker.service.d/override.conf`;
    const files = { [unit]: '[Service]\nExecStart=\nExecStart=/usr/bin/docker run -d -p 2375:2375 example/agent\n', [daemonJson]: '{"debug": true}' };
    const { machines } = machineView(parsed(files));
    assert.equal(machines[0].service.dockerd, undefined);
    assert.deepEqual(
      findings(files).filter((f) => f.ruleId === 'unknown-dockerd-flag'),
      [],
    );
  });

  it('a unit of another name that runs `docker daemon` is recognised as a dockerd unit', () => {
    const uri = 'file:///srv/units/docker-legacy.service';
    const file = parseFile({ uri, text: '[Service]\nExecStart=/usr/bin/docker daemon -H tcp://0.0.0.0:2375\n' });
    assert.equal(file?.kind, 'systemd');
    assert.equal(findings({ [uri]: file!.text }).filter((f) => f.ruleId === 'tcp-without-tls').length, 1);
  });

  it('an EnvironmentFile= at a non-standard path is read as the unit says when it is in the tree', () => {
    const unit = `${root}etc/systemd/system/docker.service.d/options.conf`;
    const envFile = `${root}etc/docker/docker.conf`;
    const files = {
      [unit]: '[Service]\nEnvironmentFile=-/etc/docker/docker.conf\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_OPTS\n',
      [envFile]: 'DOCKER_OPTS="-H tcp://0.0.0.0:2375"\n',
    };
    const found = findings(files);
    assert.deepEqual(
      found.filter((f) => f.ruleId === 'tcp-without-tls').map((f) => f.uri),
      [envFile],
    );
    // Not named by any unit, the same file is not a systemd file at all.
    assert.equal(parseFile({ uri: envFile, text: files[envFile] }), undefined);
  });

  it('two daemon.json files in one folder are not guessed into one host', () => {
    const views = machineView(parsed({ 'file:///x/etc/docker/daemon.json': '{}', 'file:///x/docker/daemon.json': '{}' })).dockerds;
    assert.equal(
      views.every((v) => !v.complete),
      true,
    );
  });
});
