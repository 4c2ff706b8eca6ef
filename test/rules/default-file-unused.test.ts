import { ruleTester } from '../helpers/rule-tester';

const defaults = 'etc/default/docker';
const debianUnit = '[Service]\nType=notify\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\n';

ruleTester('default-file-unused', {
  valid: [
    { name: "Debian's docker.io unit reads it", files: { [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n', 'lib/systemd/system/docker.service': debianUnit } },
    { name: 'nothing set (all commented out, as Debian ships it)', files: { [defaults]: '# Use of this file for configuring your Docker daemon is discouraged.\n#DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"\n' } },
    { name: 'an empty DOCKER_OPTS', files: { [defaults]: 'DOCKER_OPTS=""\n' } },
    {
      name: 'a drop-in that keeps $DOCKER_OPTS',
      files: {
        [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nEnvironmentFile=/etc/default/docker\nExecStart=\nExecStart=/usr/bin/dockerd ${DOCKER_OPTS}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'no unit in the workspace reads it',
      files: { [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n' },
      errors: [{ line: 1, severity: 'info', message: "Debian's and Ubuntu's docker.io unit does read it" }],
      output: null,
    },
    {
      name: 'a drop-in replaces ExecStart without $DOCKER_OPTS: definitely unused',
      files: {
        [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'lib/systemd/system/docker.service': debianUnit,
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
      },
      errors: [{ file: defaults, line: 1, message: 'have no effect' }],
    },
    {
      name: '/etc/sysconfig/docker OPTIONS',
      files: { 'etc/sysconfig/docker': "OPTIONS='--selinux-enabled --log-driver=journald'\n" },
      errors: [{ line: 1, message: '/etc/sysconfig/docker' }],
    },
  ],
});
