import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const resetTo = (line: string) => `[Service]\nExecStart=\nExecStart=${line}\n`;

ruleTester('flag-file-conflict', {
  valid: [
    {
      name: 'the drop-in starts dockerd without -H and daemon.json holds "hosts"',
      files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}', [dropIn]: resetTo('/usr/bin/dockerd --containerd=/run/containerd/containerd.sock') },
    },
    {
      name: 'different options in each place',
      files: { [daemonJson]: '{"debug": true}', [dropIn]: resetTo('/usr/bin/dockerd -H fd://') },
    },
    {
      name: '"runtimes" merges --add-runtime with the file (dockerd skips it)',
      files: { [daemonJson]: '{"runtimes": {"crun": {"path": "/usr/bin/crun"}}}', [dropIn]: resetTo('/usr/bin/dockerd --add-runtime youki=/usr/bin/youki') },
    },
    {
      name: 'files of different hosts are not merged',
      files: { 'a/etc/docker/daemon.json': '{"hosts": ["unix:///var/run/docker.sock"]}', 'b/etc/systemd/system/docker.service.d/override.conf': resetTo('/usr/bin/dockerd -H fd://') },
    },
    {
      name: 'a drop-in alone cannot conflict',
      files: { [dropIn]: resetTo('/usr/bin/dockerd -H fd:// --debug') },
    },
  ],
  invalid: [
    {
      // Which of two -H flags to drop is the user's call: no fix is preferred (kills `asFlags.length >= 1`).
      name: 'two -H flags and "hosts" in daemon.json: every flag reported; the fix moves the missing value into "hosts" and drops both flags',
      files: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n',
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///run/other.sock\n',
      },
      errors: [
        { file: daemonJson, line: 2, message: 'also passed as a dockerd flag' },
        { file: dropIn, line: 3, column: 28, message: '-H' },
        { file: dropIn, line: 3, column: 37, message: '-H' },
      ],
      output: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock","unix:///run/other.sock"]\n}\n',
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n',
      },
    },
    {
      name: '-H fd:// in the drop-in and "hosts" in daemon.json: reported in both files',
      files: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock"]\n}\n',
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
      },
      errors: [
        { file: daemonJson, line: 2, severity: 'error', message: 'also passed as a dockerd flag' },
        { file: dropIn, line: 3, column: 28, message: 'specified both as a flag and in the configuration file' },
      ],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n' },
    },
    {
      name: 'several -H flags, all served by daemon.json\'s "hosts": every flag goes, "hosts" stays as it is',
      files: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"]\n}\n',
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n  -H tcp://0.0.0.0:2375 \\\n  --debug\n',
      },
      errors: [
        { file: daemonJson, line: 2 },
        { file: dropIn, line: 3 },
        { file: dropIn, line: 4 },
      ],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --debug\n' },
    },
    {
      name: 'a -H flag daemon.json lacks is moved into "hosts", not dropped: the agents keep their listener',
      files: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock"],\n  "tlsverify": true,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n',
        [dropIn]: '# Remote access for the build agents\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H tcp://10.0.0.5:2376\n',
      },
      errors: [
        { file: daemonJson, line: 2 },
        { file: dropIn, line: 4, column: 28 },
        { file: dropIn, line: 4, column: 37 },
      ],
      output: {
        [daemonJson]:
          '{\n  "hosts": ["unix:///var/run/docker.sock","tcp://10.0.0.5:2376"],\n  "tlsverify": true,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n',
        [dropIn]: '# Remote access for the build agents\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n',
      },
    },
    {
      name: 'equal values conflict too; the flag on a continuation line goes with its line',
      files: {
        [daemonJson]: '{"debug": true, "hosts": ["fd://"]}',
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --containerd=/run/containerd/containerd.sock \\\n  --debug\n',
      },
      errors: [
        { file: daemonJson, line: 1, message: '"debug"' },
        { file: dropIn, line: 5, message: '--debug' },
      ],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --containerd=/run/containerd/containerd.sock\n' },
    },
    {
      name: 'proxies in daemon.json are flattened: --http-proxy conflicts with proxies.http-proxy',
      files: {
        [daemonJson]: '{"proxies": {"http-proxy": "http://proxy:3128"}}',
        [dropIn]: resetTo('/usr/bin/dockerd --http-proxy=http://proxy:3128 -H fd://'),
      },
      errors: [
        { file: daemonJson, line: 1, message: '"http-proxy"' },
        { file: dropIn, line: 3, message: '--http-proxy' },
      ],
      output: { [dropIn]: resetTo('/usr/bin/dockerd -H fd://') },
    },
    {
      name: 'a daemon.json and a drop-in folder side by side (no root layout)',
      files: {
        'hosts/web1/daemon.json': '{"tlsverify": true}',
        'hosts/web1/docker.service.d/10-tls.conf': resetTo('/usr/bin/dockerd --tlsverify -H fd://'),
      },
      errors: [
        { file: 'hosts/web1/daemon.json', line: 1 },
        { file: 'hosts/web1/docker.service.d/10-tls.conf', line: 3 },
      ],
      output: { 'hosts/web1/docker.service.d/10-tls.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
    {
      name: "the packaged unit's -H fd:// is replaced by a new drop-in, not edited",
      files: {
        [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        'lib/systemd/system/docker.service': '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n',
      },
      errors: [
        { file: daemonJson, line: 1 },
        { file: 'lib/systemd/system/docker.service', line: 3, column: 28 },
      ],
      output: {
        [dropIn]: "# docker.service's ExecStart= without -H fd://, which daemon.json sets too.\n[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n",
      },
    },
    {
      name: '$DOCKER_OPTS from /etc/default/docker counts as flags',
      files: {
        [daemonJson]: '{"log-level": "warn"}',
        'etc/default/docker': 'DOCKER_OPTS="--log-level=debug"\n',
        'lib/systemd/system/docker.service': '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n',
      },
      errors: [
        { file: daemonJson, line: 1 },
        { file: 'etc/default/docker', line: 1, message: '--log-level' },
      ],
      output: { 'etc/default/docker': 'DOCKER_OPTS=""\n' },
    },
  ],
});
