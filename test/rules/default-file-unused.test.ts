import { ruleTester } from '../helpers/rule-tester';

const defaults = 'etc/default/docker';
const debianUnit = '[Service]\nType=notify\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/sbin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock $DOCKER_OPTS\n';

ruleTester('default-file-unused', {
  valid: [
    { name: "Debian's docker.io unit reads it", files: { [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n', 'lib/systemd/system/docker.service': debianUnit } },
    {
      name: 'nothing set (all commented out, as Debian ships it)',
      files: { [defaults]: '# Use of this file for configuring your Docker daemon is discouraged.\n#DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"\n' },
    },
    { name: 'an empty DOCKER_OPTS', files: { [defaults]: 'DOCKER_OPTS=""\n' } },
    {
      name: 'a drop-in that keeps $DOCKER_OPTS',
      files: {
        [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nEnvironmentFile=/etc/default/docker\nExecStart=\nExecStart=/usr/bin/dockerd ${DOCKER_OPTS}\n',
      },
    },
    {
      name: 'a unit of an unrelated folder that hostGroups names as the same host reads it',
      files: { 'hosts/web/etc/default/docker': 'DOCKER_OPTS="--dns 8.8.8.8"\n', 'units/web/docker.service': debianUnit },
      options: { hostGroups: [['/workspace/hosts/web/**', '/workspace/units/web/*']] },
    },
    // Issue 19 item 2: the daemons of older and distribution packages read it too.
    {
      name: 'Docker 1.8-1.12: docker daemon -H fd:// $DOCKER_OPTS',
      files: {
        [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'lib/systemd/system/docker.service': '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/docker daemon -H fd:// $DOCKER_OPTS\n',
      },
    },
    {
      name: 'Docker before 1.8: docker -d $DOCKER_OPTS',
      files: {
        [defaults]: 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'lib/systemd/system/docker.service': '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=/usr/bin/docker -d -H fd:// $DOCKER_OPTS\n',
      },
    },
    {
      name: "RHEL/CentOS 7's dockerd-current reads $OPTIONS of /etc/sysconfig/docker",
      files: {
        'etc/sysconfig/docker': "OPTIONS='--selinux-enabled --log-driver=journald'\n",
        'usr/lib/systemd/system/docker.service': '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=/usr/bin/dockerd-current \\\n  --exec-opt native.cgroupdriver=systemd \\\n  $OPTIONS\n',
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
      name: 'hostGroups: the grouped drop-in replaces ExecStart without $DOCKER_OPTS',
      files: {
        'hosts/web/etc/default/docker': 'DOCKER_OPTS="--dns 8.8.8.8"\n',
        'units/web/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n',
      },
      options: { hostGroups: [['/workspace/hosts/web/**', '/workspace/units/web/**']] },
      errors: [{ file: 'hosts/web/etc/default/docker', line: 1, message: 'the docker.service of this host' }],
    },
    {
      name: '/etc/sysconfig/docker OPTIONS',
      files: { 'etc/sysconfig/docker': "OPTIONS='--selinux-enabled --log-driver=journald'\n" },
      errors: [{ line: 1, message: /no unit in the workspace reads \/etc\/sysconfig\/docker.*RHEL\/CentOS 7's docker package \(dockerd-current\) does read it/ }],
    },
  ],
});
