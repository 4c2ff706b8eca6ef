import { ruleTester } from '../helpers/rule-tester';

const daemonJson = 'etc/docker/daemon.json';
const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const created =
  '# dockerd takes its listen addresses from "hosts" in daemon.json; the packaged\n' +
  '# docker.service passes -H fd://, which dockerd refuses next to "hosts".\n' +
  '# On Debian/Ubuntu docker.io the binary is /usr/sbin/dockerd.\n' +
  '[Service]\n' +
  'ExecStart=\n' +
  'ExecStart=/usr/bin/dockerd --containerd=/run/containerd/containerd.sock\n';

ruleTester('hosts-under-stock-unit', {
  valid: [
    { name: 'no hosts key', files: { [daemonJson]: '{"debug": true}' } },
    // Rootless dockerd is started by its own user unit, not the packaged docker.service (kills dropping the `rootless` check).
    { name: '"rootless": true in /etc/docker/daemon.json', files: { [daemonJson]: '{"rootless": true, "hosts": ["unix:///run/user/1000/docker.sock"]}' } },
    {
      name: 'a drop-in of the host resets ExecStart without -H',
      files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}', [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n' },
    },
    {
      name: 'a drop-in with -H: flag-file-conflict reports it, not this rule',
      files: { [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}', [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
    { name: 'Windows has no systemd unit', files: { [daemonJson]: '{"hosts": ["npipe://"]}' }, options: { env: { platform: 'windows', engineVersion: '29.7' } } },
    // Issue 19 item 5: the snap starts dockerd itself, without -H fd://.
    { name: "the snap's daemon.json (current)", files: { 'var/snap/docker/current/config/daemon.json': '{"hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"]}' } },
    { name: "the snap's daemon.json (a revision folder)", files: { 'var/snap/docker/2915/config/daemon.json': '{"hosts": ["unix:///var/run/docker.sock"]}' } },
    { name: 'rootless dockerd reads ~/.config/docker/daemon.json', files: { 'home/u/.config/docker/daemon.json': '{"hosts": ["unix:///run/user/1000/docker.sock"]}' } },
  ],
  invalid: [
    {
      name: 'daemon.json alone with "hosts": offers a new drop-in',
      files: {
        [daemonJson]: '{\n  "hosts": ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2376"],\n  "tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"\n}\n',
      },
      errors: [{ line: 2, severity: 'warning', message: 'Judged from this file alone' }],
      output: { [dropIn]: created },
    },
    {
      name: 'a drop-in that only sets Environment= leaves the stock ExecStart',
      files: {
        [daemonJson]: '{"hosts": ["unix:///var/run/docker.sock"]}',
        [dropIn]: '[Service]\nEnvironment="HTTP_PROXY=http://proxy:3128"\n',
      },
      errors: [{ file: daemonJson, line: 1, message: '-H fd://' }],
      output: { 'etc/systemd/system/docker.service.d/hosts.conf': created },
    },
    {
      name: 'an empty hosts list conflicts too',
      files: { 'srv/daemon.json': '{"hosts": []}' },
      errors: [{ line: 1 }],
      output: { 'srv/docker.service.d/override.conf': created },
    },
  ],
});
