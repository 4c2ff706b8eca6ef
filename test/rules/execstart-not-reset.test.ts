import { ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const clearing = 'etc/systemd/system/docker.service.d/10-clear.conf';
const running = 'etc/systemd/system/docker.service.d/20-dockerd.conf';
const unit = 'lib/systemd/system/docker.service';

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
    {
      name: 'one drop-in clears ExecStart=, a later one (by file name) sets the command',
      files: { [clearing]: '[Service]\nExecStart=\n', [running]: '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n' },
    },
    {
      name: 'the clearing and the command in unrelated folders that hostGroups names as one host',
      files: {
        'units/a/docker.service.d/10-clear.conf': '[Service]\nExecStart=\n',
        'units/b/docker.service.d/20-dockerd.conf': '[Service]\nExecStart=/usr/bin/dockerd -H fd://\n',
      },
      options: { hostGroups: [['/workspace/units/**']] },
    },
    {
      name: 'a line systemd ignores (unbalanced quote) after a good command adds nothing',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\nExecStart=/usr/bin/dockerd "-D\n' },
    },
    {
      name: 'Type=oneshot with ExecStop= and RemainAfterExit=yes may run without ExecStart=',
      files: { [dropIn]: '[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=\nExecStop=/bin/true\n' },
    },
    {
      name: 'Type=oneshot with [Unit] SuccessAction= may run without ExecStart=',
      files: { [dropIn]: '[Unit]\nSuccessAction=exit\n[Service]\nType=oneshot\nExecStart=\n' },
    },
    {
      name: 'a line systemd ignores without a reset: the unit keeps its one command',
      files: { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H "tcp://0.0.0.0:2375\n' },
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
    {
      name: 'a drop-in with only the empty ExecStart= leaves docker.service without a command',
      files: { [dropIn]: '[Service]\nExecStart=\n' },
      errors: [{ line: 2, column: 1, severity: 'error', message: 'Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.' }],
      output: null,
    },
    {
      name: 'the command after the reset has unbalanced quotes: systemd ignores it, none is left',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H "tcp://0.0.0.0:2375\n' },
      errors: [{ line: 2, message: /systemd ignores the ExecStart= after it \(override\.conf line 3\).*no ExecStart= left/ }],
      output: null,
    },
    {
      name: 'a bad specifier makes systemd ignore the command after the reset too',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --label=%z\n' },
      errors: [{ line: 2, message: 'ignores the ExecStart= after it' }],
      output: null,
    },
    {
      name: 'with ExecStop= and without Type=oneshot systemd names the oneshot rule',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStop=/bin/true\n' },
      errors: [{ line: 2, message: 'only allowed for Type=oneshot services' }],
      output: null,
    },
    {
      name: 'Type=oneshot with ExecStop= but without RemainAfterExit=yes',
      files: { [dropIn]: '[Service]\nType=oneshot\nExecStart=\nExecStop=/bin/true\n' },
      errors: [{ line: 3, message: 'does not have RemainAfterExit=yes set' }],
      output: null,
    },
    {
      name: 'SuccessAction= counts only in [Unit], and without Type=oneshot it is not enough',
      files: { [dropIn]: '[Unit]\nSuccessAction=exit\n[Service]\nExecStart=\n' },
      errors: [{ line: 4, message: 'only allowed for Type=oneshot services' }],
      output: null,
    },
    {
      name: 'a second, later reset of the host is the one reported',
      files: { [running]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n', 'etc/systemd/system/docker.service.d/30-clear.conf': '[Service]\nExecStart=\n' },
      errors: [{ file: 'etc/systemd/system/docker.service.d/30-clear.conf', line: 2, message: 'no ExecStart= command follows it' }],
      output: null,
    },
    {
      name: 'a reset after the command: removing it restores the command written before',
      files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\nExecStart=\n' },
      errors: [{ line: 4 }],
      output: null,
    },
    {
      name: 'the unit of the workspace counts as the command before a drop-in',
      files: { [unit]: '[Service]\nType=notify\nExecStart=/usr/bin/dockerd -H fd://\n', [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n' },
      errors: [{ file: dropIn, line: 2, message: 'the ExecStart= of the unit still counts' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n' },
    },
    {
      name: "an earlier drop-in's command counts before a later drop-in without a reset",
      files: { [clearing]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n', [running]: '[Service]\nExecStart=/usr/bin/dockerd -D\n' },
      errors: [{ file: running, line: 2, message: 'the ExecStart= of the drop-in 10-clear.conf still counts' }],
      output: { [running]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -D\n' },
    },
  ],
});
