import { ruleTester } from '../helpers/rule-tester';

const socket = 'lib/systemd/system/docker.socket';
const daemonJson = 'etc/docker/daemon.json';
// CoreOS's documentation: a socket unit of its own name that activates docker.service.
const tcpSocket = 'etc/systemd/system/docker-tcp.socket';
const tcpSocketUnit = (service: string) =>
  `[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=2375\nBindIPv6Only=both\nService=${service}\n\n[Install]\nWantedBy=sockets.target\n`;
const socketUnit = (listen: string) =>
  `[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\n${listen}\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n`;

ruleTester('socket-listen-tcp', {
  valid: [
    { name: "Debian's docker.socket: a unix path", files: { [socket]: socketUnit('ListenStream=/run/docker.sock') } },
    { name: 'an abstract socket', files: { [socket]: socketUnit('ListenStream=@docker') } },
    {
      name: 'TLS turned on in the daemon.json of the same host',
      files: {
        [socket]: socketUnit('ListenStream=/run/docker.sock\nListenStream=127.0.0.1:2376'),
        [daemonJson]: '{"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}',
      },
    },
    {
      name: "the host's dockerd does not take -H fd://, so nothing serves on the socket",
      files: {
        [socket]: socketUnit('ListenStream=2375'),
        'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n',
      },
    },
    {
      name: 'TLS flags in a drop-in of an unrelated folder that hostGroups names as the same host',
      files: {
        'units/socket/docker.socket': socketUnit('ListenStream=/run/docker.sock\nListenStream=127.0.0.1:2376'),
        'units/service/docker.service.d/tls.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --tlsverify --tlscacert=/c/ca.pem --tlscert=/c/cert.pem --tlskey=/c/key.pem\n',
      },
      options: { hostGroups: [['/workspace/units/**']] },
    },
    {
      name: 'hostGroups: the grouped dockerd does not take -H fd://',
      files: {
        'units/socket/docker.socket': socketUnit('ListenStream=2375'),
        'units/service/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n',
      },
      options: { hostGroups: [['/workspace/units/socket/docker.socket', '/workspace/units/service/**']] },
    },
    { name: 'a socket unit of another name that activates another service', files: { [tcpSocket]: tcpSocketUnit('other.service') } },
    {
      name: "docker-tcp.socket while the host's dockerd does not take -H fd://",
      files: { [tcpSocket]: tcpSocketUnit('docker.service'), 'etc/systemd/system/docker.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H unix:///run/docker.sock\n' },
    },
    {
      name: 'docker-tcp.socket with TLS turned on in the daemon.json of the same machine',
      files: { [tcpSocket]: tcpSocketUnit('docker.service'), [daemonJson]: '{"tlsverify": true, "tlscacert": "/c/ca.pem", "tlscert": "/c/cert.pem", "tlskey": "/c/key.pem"}' },
    },
    { name: 'a reset clears earlier listeners', files: { [socket]: socketUnit('ListenStream=2375\nListenStream=\nListenStream=/run/docker.sock') } },
  ],
  invalid: [
    {
      name: 'a bare port listens on all interfaces',
      files: { [socket]: socketUnit('ListenStream=/run/docker.sock\nListenStream=2375') },
      errors: [{ line: 6, column: 14, severity: 'error', message: 'on every interface, IPv4 and IPv6' }],
      output: { [socket]: socketUnit('ListenStream=/run/docker.sock') },
    },
    {
      name: 'a unix path written with a specifier (%t is /run) also stays: the TCP line goes',
      files: { [socket]: socketUnit('ListenStream=%t/docker.sock\nListenStream=2375') },
      errors: [{ line: 6 }],
      output: { [socket]: socketUnit('ListenStream=%t/docker.sock') },
    },
    {
      name: 'IP:PORT without any unix listener: replaced by the unix path',
      files: { [socket]: socketUnit('ListenStream=0.0.0.0:2375') },
      errors: [{ line: 5, message: 'not visible from this file' }],
      output: { [socket]: socketUnit('ListenStream=/run/docker.sock') },
    },
    {
      name: 'in a merged host without TLS: reported once, by this rule',
      files: { [socket]: socketUnit('ListenStream=2375'), [daemonJson]: '{"debug": true}' },
      errors: [{ file: socket, line: 5, message: 'while TLS is not turned on' }],
      output: {
        'lib/systemd/system/docker.socket':
          '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n',
      },
    },
    {
      name: 'hostGroups: the grouped daemon.json has no TLS, so the message says so',
      files: { 'hosts/a/docker.socket': socketUnit('ListenStream=2375'), 'config/a/daemon.json': '{"debug": true}' },
      options: { hostGroups: [['/workspace/hosts/a/*', '/workspace/config/a/*']] },
      errors: [{ file: 'hosts/a/docker.socket', line: 5, message: 'while TLS is not turned on' }],
      output: {
        'hosts/a/docker.socket':
          '[Unit]\nDescription=Docker Socket for the API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n',
      },
    },
    {
      // The unix socket would be created with the unit's 0666: the fix tightens it with the listener.
      name: 'IP:PORT in a unit whose SocketMode lets everyone write: the fix also sets 0660',
      files: { [socket]: socketUnit('ListenStream=0.0.0.0:2375').replace('SocketMode=0660', 'SocketMode=0666') },
      errors: [{ line: 5 }],
      output: { [socket]: socketUnit('ListenStream=/run/docker.sock') },
    },
    {
      name: "a unit without SocketMode (systemd's default is 0666): the fix adds 0660 after the listener",
      files: { 'etc/systemd/system/docker.socket': '[Unit]\nDescription=Docker API\n\n[Socket]\nListenStream=2375\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n' },
      errors: [{ line: 5 }],
      output: {
        'etc/systemd/system/docker.socket': '[Unit]\nDescription=Docker API\n\n[Socket]\nListenStream=/run/docker.sock\nSocketMode=0660\nSocketGroup=docker\n\n[Install]\nWantedBy=sockets.target\n',
      },
    },
    {
      // The stock unit's /run/docker.sock stays in force: a second listener on it is no fix.
      name: "a drop-in that only adds TCP to the stock unit: the fix removes the drop-in's line",
      files: { [socket]: socketUnit('ListenStream=/run/docker.sock'), 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\nListenStream=0.0.0.0:2375\n' },
      errors: [{ file: 'etc/systemd/system/docker.socket.d/tcp.conf', line: 2, message: 'while TLS is not turned on' }],
      output: { 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\n' },
    },
    {
      name: 'a drop-in that resets the listeners and listens on TCP only: the fix listens on the unix path',
      files: { [socket]: socketUnit('ListenStream=/run/docker.sock'), 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\nListenStream=\nListenStream=0.0.0.0:2375\n' },
      errors: [{ file: 'etc/systemd/system/docker.socket.d/tcp.conf', line: 3 }],
      output: { 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\nListenStream=\nListenStream=/run/docker.sock\n' },
    },
    {
      // Issue 19 item 3: any socket unit with Service=docker.service hands its listener to dockerd.
      name: 'docker-tcp.socket (Service=docker.service): a bare port is every interface; no fix, the unit exists for TCP',
      files: { [tcpSocket]: tcpSocketUnit('docker.service') },
      errors: [{ line: 5, severity: 'error', message: /^docker-tcp\.socket listens on TCP 2375 on every interface, IPv4 and IPv6, and dockerd gets it through fd:\/\// }],
      output: null,
    },
    {
      name: 'docker-tcp.socket beside the packaged docker.socket: each socket judged by its own files',
      files: { [tcpSocket]: tcpSocketUnit('docker.service'), [socket]: socketUnit('ListenStream=/run/docker.sock') },
      errors: [{ file: tcpSocket, line: 5, message: 'docker-tcp.socket listens on TCP 2375' }],
      output: null,
    },
    {
      name: 'docker-tcp.socket on the machine of a daemon.json without TLS',
      files: { [tcpSocket]: tcpSocketUnit('docker.service'), [daemonJson]: '{"debug": true}' },
      errors: [{ file: tcpSocket, line: 5, message: 'while TLS is not turned on' }],
      output: null,
    },
    {
      name: 'IPv6 with brackets',
      files: { 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\nListenStream=[::]:2375\n' },
      errors: [{ line: 2 }],
      output: { 'etc/systemd/system/docker.socket.d/tcp.conf': '[Socket]\n' },
    },
  ],
});
