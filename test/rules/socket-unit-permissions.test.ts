import { ruleTester } from '../helpers/rule-tester';

const packaged = 'lib/systemd/system/docker.socket';
const unit = 'etc/systemd/system/docker.socket';
const dropIn = 'etc/systemd/system/docker.socket.d/override.conf';
const serviceDropIn = 'etc/systemd/system/docker.service.d/override.conf';
const tlsDaemonJson = 'etc/docker/daemon.json';
const tlsOn = '{"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}';
/** Docker CE's and Debian's docker.socket, with its [Socket] lines replaceable. */
const socketUnit = (socket = 'ListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker') =>
  `[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\n${socket}\n\n[Install]\nWantedBy=sockets.target\n`;

ruleTester('socket-unit-permissions', {
  valid: [
    { name: 'the packaged unit: 0660, group docker', files: { [packaged]: socketUnit() } },
    { name: 'the same unit copied to /etc', files: { [unit]: socketUnit() } },
    { name: '0600: root only', files: { [unit]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0600\nSocketGroup=users') } },
    { name: 'a drop-in setting 0660 with SocketGroup=docker', files: { [dropIn]: '[Socket]\nSocketMode=0660\nSocketGroup=docker\n' } },
    { name: 'a dedicated group', files: { [dropIn]: '[Socket]\nSocketGroup=docker-admins\n' } },
    { name: 'a broad group without the group write bit (0640): members cannot connect', files: { [dropIn]: '[Socket]\nSocketMode=0640\nSocketGroup=users\n' } },
    { name: 'o+x only (0661): execute means nothing on a socket', files: { [dropIn]: '[Socket]\nSocketMode=0661\n' } },
    {
      name: 'a later drop-in restores 0660 (drop-ins apply in file-name order)',
      files: {
        [packaged]: socketUnit(),
        'etc/systemd/system/docker.socket.d/10-open.conf': '[Socket]\nSocketMode=0666\n',
        'etc/systemd/system/docker.socket.d/20-close.conf': '[Socket]\nSocketMode=0660\n',
      },
    },
    {
      name: 'a drop-in in /etc masks the same-named one in /run',
      files: { [packaged]: socketUnit(), 'run/systemd/system/docker.socket.d/perm.conf': '[Socket]\nSocketMode=0666\n', 'etc/systemd/system/docker.socket.d/perm.conf': '[Socket]\nSocketMode=0660\n' },
    },
    {
      name: 'the unit in /etc masks the packaged one',
      files: { [packaged]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0666'), [unit]: socketUnit() },
    },
    { name: 'an invalid SocketMode= is ignored by systemd: the packaged 0660 stays', files: { [dropIn]: '[Socket]\nSocketMode=u=rw,g=rw,o=rw\n' } },
    { name: '0o666 is not octal to systemd 252 (ignored)', files: { [dropIn]: '[Socket]\nSocketMode=0o666\n' } },
    { name: 'a sign, hex or a mode above 07777: ignored too', files: { [dropIn]: '[Socket]\nSocketMode=+0666\nSocketMode=0x1b6\nSocketMode=017777\n' } },
    { name: 'an empty SocketGroup= resets to root', files: { [dropIn]: '[Socket]\nSocketGroup=users\nSocketGroup=\n' } },
    // TLS is on in these hosts, so socket-listen-tcp is silent too (its unix-path fix would make the 0666 matter).
    { name: 'TCP only: the mode of no file socket', files: { [unit]: socketUnit('ListenStream=127.0.0.1:2376\nSocketMode=0666'), [tlsDaemonJson]: tlsOn } },
    { name: 'a drop-in that resets the listeners to TCP only', files: { [dropIn]: '[Socket]\nListenStream=\nListenStream=2376\nSocketMode=0666\n', [tlsDaemonJson]: tlsOn } },
    { name: 'an abstract socket has no file mode', files: { [unit]: socketUnit('ListenStream=@docker\nSocketMode=0666') } },
    {
      name: "the host's dockerd does not take -H fd://: nothing serves on the socket",
      files: {
        [dropIn]: '[Socket]\nSocketMode=0666\n',
        [serviceDropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n',
      },
    },
    { name: 'the socket activates another service', files: { [unit]: socketUnit('ListenStream=/run/other.sock\nSocketMode=0666\nService=other.service') } },
    { name: 'a user unit (rootless, under $XDG_RUNTIME_DIR)', files: { 'home/u/.config/systemd/user/docker.socket': socketUnit('ListenStream=%t/docker.sock\nSocketMode=0666') } },
    { name: "dockerd's own group option is another rule's", files: { [serviceDropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// -G users\n' } },
  ],
  invalid: [
    {
      // Issue 19 item 3: a socket unit of another name that activates docker.service is judged the same.
      name: 'a socket unit of its own name with Service=docker.service and SocketMode=0666',
      files: { 'etc/systemd/system/docker-api.socket': socketUnit('ListenStream=/run/docker-api.sock\nSocketMode=0666\nService=docker.service') },
      errors: [{ line: 6, severity: 'error', message: /^docker-api\.socket has SocketMode=0666: systemd creates \/run\/docker-api\.sock writable by every local user/ }],
      output: { 'etc/systemd/system/docker-api.socket': socketUnit('ListenStream=/run/docker-api.sock\nSocketMode=0660\nService=docker.service') },
    },
    {
      name: 'a packaged socket unit of its own name: the fix is a drop-in of that unit',
      files: { 'usr/lib/systemd/system/docker-api.socket': socketUnit('ListenStream=/run/docker-api.sock\nSocketMode=0666\nService=docker.service') },
      errors: [{ line: 6 }],
      output: {
        'etc/systemd/system/docker-api.socket.d/override.conf': "# Overrides the packaged docker-api.socket's SocketMode= (dockerd-lint socket-unit-permissions).\n[Socket]\nSocketMode=0660\n",
      },
    },
    {
      name: 'SocketMode=0666 in a drop-in',
      files: { [dropIn]: '[Socket]\nSocketMode=0666\n' },
      errors: [{ line: 2, column: 12, severity: 'error', message: 'writable by every local user' }],
      output: { [dropIn]: '[Socket]\nSocketMode=0660\n' },
    },
    {
      name: '0606 and 0777 and 0662: any o+w',
      files: {
        'a/docker.socket.d/a.conf': '[Socket]\nSocketMode=0606\n',
        'b/docker.socket.d/b.conf': '[Socket]\nSocketMode=0777\n',
        'c/docker.socket.d/c.conf': '[Socket]\nSocketMode=0662\n',
      },
      errors: [
        { file: 'a/docker.socket.d/a.conf', line: 2, severity: 'error' },
        { file: 'b/docker.socket.d/b.conf', line: 2, severity: 'error' },
        { file: 'c/docker.socket.d/c.conf', line: 2, severity: 'error' },
      ],
      output: {
        'a/docker.socket.d/a.conf': '[Socket]\nSocketMode=0660\n',
        'b/docker.socket.d/b.conf': '[Socket]\nSocketMode=0660\n',
        'c/docker.socket.d/c.conf': '[Socket]\nSocketMode=0660\n',
      },
    },
    {
      name: 'without a leading zero systemd still reads octal; the value is replaced, spacing kept',
      files: { [dropIn]: '[Socket]\nSocketMode = 666 \n' },
      errors: [{ line: 2, message: 'SocketMode=666' }],
      output: { [dropIn]: '[Socket]\nSocketMode = 0660 \n' },
    },
    {
      name: 'o+r only: info (connecting needs write), CIS asks for 660',
      files: { [dropIn]: '[Socket]\nSocketMode=0664\n' },
      errors: [{ line: 2, severity: 'info', message: 'CIS' }],
      output: { [dropIn]: '[Socket]\nSocketMode=0660\n' },
    },
    {
      name: 'the last assignment wins, and only it is reported',
      files: { [dropIn]: '[Socket]\nSocketMode=0660\nSocketMode=0666\n' },
      errors: [{ line: 3 }],
      output: { [dropIn]: '[Socket]\nSocketMode=0660\nSocketMode=0660\n' },
    },
    {
      name: 'an ignored value after 0666 leaves 0666 in effect',
      files: { [dropIn]: '[Socket]\nSocketMode=0666\nSocketMode=rw-rw----\n' },
      errors: [{ line: 2 }],
      output: { [dropIn]: '[Socket]\nSocketMode=0660\nSocketMode=rw-rw----\n' },
    },
    {
      name: 'a later drop-in reopens what the unit closes: reported in the drop-in',
      files: { [unit]: socketUnit(), 'etc/systemd/system/docker.socket.d/50-open.conf': '[Socket]\nSocketMode=0666\n' },
      errors: [{ file: 'etc/systemd/system/docker.socket.d/50-open.conf', line: 2 }],
      output: { 'etc/systemd/system/docker.socket.d/50-open.conf': '[Socket]\nSocketMode=0660\n' },
    },
    {
      name: "a unit of our own without SocketMode=: systemd's default 0666",
      files: { [unit]: socketUnit('ListenStream=/run/docker.sock\nSocketGroup=docker') },
      errors: [{ line: 5, column: 14, message: "systemd's default is 0666" }],
      output: { [unit]: socketUnit('ListenStream=/run/docker.sock\nSocketGroup=docker\nSocketMode=0660') },
    },
    {
      name: 'a packaged unit is not edited: a drop-in sets the mode',
      files: { [packaged]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0666\nSocketGroup=docker') },
      errors: [{ line: 6 }],
      output: { [dropIn]: "# Overrides the packaged docker.socket's SocketMode= (dockerd-lint socket-unit-permissions).\n[Socket]\nSocketMode=0660\n" },
    },
    {
      name: 'a packaged unit with both: each setting gets a drop-in, applied in order',
      files: { [packaged]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0666\nSocketGroup=users') },
      errors: [
        { line: 6, severity: 'error' },
        { line: 7, severity: 'warning' },
      ],
      output: {
        [dropIn]: "# Overrides the packaged docker.socket's SocketMode= (dockerd-lint socket-unit-permissions).\n[Socket]\nSocketMode=0660\n",
        'etc/systemd/system/docker.socket.d/socket-permissions.conf': "# Overrides the packaged docker.socket's SocketGroup= (dockerd-lint socket-unit-permissions).\n[Socket]\nSocketGroup=docker\n",
      },
    },
    {
      name: 'SocketGroup=users with the packaged 0660',
      files: { [dropIn]: '[Socket]\nSocketGroup=users\n' },
      errors: [{ line: 2, column: 13, severity: 'warning', message: 'every regular user' }],
      output: { [dropIn]: '[Socket]\nSocketGroup=docker\n' },
    },
    {
      name: 'a broad GID, and both findings when the mode is open too',
      files: { [unit]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0666\nSocketGroup=100') },
      errors: [
        { line: 6, severity: 'error' },
        { line: 7, severity: 'warning', message: 'users (GID 100)' },
      ],
      output: { [unit]: socketUnit('ListenStream=/run/docker.sock\nSocketMode=0660\nSocketGroup=docker') },
    },
    {
      name: 'another system GID: info, no fix',
      files: { [dropIn]: '[Socket]\nSocketGroup=998\n' },
      errors: [{ line: 2, severity: 'info' }],
      output: null,
    },
    {
      name: 'the service uses fd:// in the same host',
      files: {
        [dropIn]: '[Socket]\nSocketMode=0666\n',
        [serviceDropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n',
      },
      errors: [{ file: dropIn, line: 2 }],
      output: { 'etc/systemd/system/docker.socket.d/override.conf': '[Socket]\nSocketMode=0660\n' },
    },
    {
      name: 'a path under the %t specifier (/run in a system unit)',
      files: { [unit]: socketUnit('ListenStream=%t/docker.sock\nSocketMode=0666') },
      errors: [{ line: 6, message: '%t/docker.sock writable by every local user' }],
      output: { 'etc/systemd/system/docker.socket': '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=%t/docker.sock\nSocketMode=0660\n\n[Install]\nWantedBy=sockets.target\n' },
    },
    {
      name: 'CRLF line breaks are kept when a line is added',
      files: { [unit]: '[Socket]\r\nListenStream=/run/docker.sock\r\n\r\n[Install]\r\nWantedBy=sockets.target\r\n' },
      errors: [{ line: 2 }],
      output: { [unit]: '[Socket]\r\nListenStream=/run/docker.sock\r\nSocketMode=0660\r\n\r\n[Install]\r\nWantedBy=sockets.target\r\n' },
    },
  ],
});
