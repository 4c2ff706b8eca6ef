import { ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';

ruleTester('execstart-not-reset', {
  valid: [
    {
      name: 'the empty ExecStart= comes first',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n' },
    },
    { name: 'a drop-in without ExecStart=', files: { [dropIn]: '[Service]\nEnvironment="HTTP_PROXY=http://proxy:3128"\n' } },
    {
      name: 'the reset written with blanks around "="',
      files: { [dropIn]: '[Service]\nExecStart =\nExecStart = /usr/bin/dockerd\n' },
    },
    {
      name: 'Type=oneshot allows several commands',
      files: { [dropIn]: '[Service]\nType=oneshot\nExecStart=/usr/bin/dockerd --validate\n' },
    },
    {
      name: 'a whole unit with one ExecStart=',
      files: { 'etc/systemd/system/docker.service': '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
    {
      name: 'a later reset clears the extra command: systemd judges what is left',
      files: { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd\nExecStart=\nExecStart=/usr/bin/dockerd -D\n' },
    },
    {
      name: 'ExecStartPre= is a different list',
      files: { [dropIn]: '[Service]\nExecStartPre=/bin/mkdir -p /run/docker\n' },
    },
  ],
  invalid: [
    {
      name: 'ExecStart= without the reset',
      files: { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///var/run/docker.sock\n' },
      errors: [{ line: 2, column: 1, severity: 'error', message: 'more than one ExecStart= setting' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -H unix:///var/run/docker.sock\n' },
    },
    {
      name: 'two commands after the reset',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\nExecStart=/usr/bin/dockerd -D\n' },
      errors: [{ line: 4, message: 'more than one' }],
      output: null,
    },
    {
      name: 'two commands on one line separated by ";"',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd ; /bin/true\n' },
      errors: [{ line: 3 }],
      output: null,
    },
    {
      name: 'CRLF line endings keep CRLF in the inserted line',
      files: { [dropIn]: '[Service]\r\nExecStart=/usr/bin/dockerd\r\n' },
      errors: [{ line: 2 }],
      output: { [dropIn]: '[Service]\r\nExecStart=\r\nExecStart=/usr/bin/dockerd\r\n' },
    },
    {
      name: 'the Done-when drop-in: only ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375',
      files: { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n' },
      errors: [{ line: 2 }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n' },
    },
  ],
});
