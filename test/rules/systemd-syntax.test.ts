import { ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const socketDropIn = 'etc/systemd/system/docker.socket.d/override.conf';
const unit = 'etc/systemd/system/docker.service';
const defaults = 'etc/default/docker';
const command = '/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock';

ruleTester('systemd-syntax', {
  valid: [
    { name: 'a drop-in with its [Service] header', files: { [dropIn]: `[Service]\nExecStart=\nExecStart=${command}\n` } },
    { name: 'comments (# and ;) before the header', files: { [dropIn]: `# set by ops\n; and reviewed\n[Service]\nExecStart=\nExecStart=${command}\n` } },
    { name: 'blanks around "=" and whitespace-only lines', files: { [dropIn]: `[Service]\n   \n\t\nExecStart =\n  ExecStart  =  ${command}\n` } },
    {
      name: 'a continuation line is part of its assignment',
      files: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n  --containerd=/run/containerd/containerd.sock\n` },
    },
    {
      name: 'a comment inside a continuation, even one ending in a backslash, is skipped',
      files: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n# -H tcp://0.0.0.0:2375 \\\n  -H fd://\n` },
    },
    { name: 'a byte-order mark before the header', files: { [dropIn]: `\ufeff[Service]\nExecStart=\nExecStart=${command}\n` } },
    { name: 'CRLF line endings', files: { [dropIn]: `[Service]\r\nExecStart=\r\nExecStart=${command}\r\n` } },
    { name: 'lines without "=" inside an X- section are skipped silently', files: { [dropIn]: `[X-Notes]\nrestart docker after editing\n[Service]\nLimitNOFILE=1048576\n` } },
    { name: 'an empty file', files: { [dropIn]: '' } },
    {
      name: 'an environment file with comments and quoted values',
      files: { [defaults]: '# Docker Upstart and SysVinit configuration file\n#DOCKER_OPTS="--dns 8.8.8.8"\nDOCKER_OPTS="--log-level=warn"\n' },
    },
    { name: 'a socket drop-in with its [Socket] header', files: { [socketDropIn]: '[Socket]\nListenStream=\nListenStream=/run/docker.sock\n' } },
  ],
  invalid: [
    {
      name: 'a drop-in without [Service]: the common override.conf mistake',
      files: { [dropIn]: `ExecStart=\nExecStart=${command}\n` },
      errors: [
        { line: 1, column: 1, severity: 'error', message: 'systemd ignores this line ("Assignment outside of section. Ignoring.")' },
        { line: 2, severity: 'error', message: 'this ExecStart= never reaches dockerd' },
      ],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=${command}\n` },
    },
    {
      name: 'CRLF drop-in without [Service], after a comment: the header goes above the first assignment, with CRLF',
      files: { [dropIn]: '# proxy for dockerd\r\nEnvironment="HTTPS_PROXY=http://proxy.example:3128"\r\n' },
      errors: [{ line: 2, severity: 'error', message: 'this Environment= never reaches dockerd' }],
      output: { [dropIn]: '# proxy for dockerd\r\n[Service]\r\nEnvironment="HTTPS_PROXY=http://proxy.example:3128"\r\n' },
    },
    {
      name: 'a byte-order mark stays first',
      files: { [dropIn]: '\ufeffLimitNOFILE=1048576\n' },
      errors: [{ line: 1, severity: 'warning', message: 'Put [Service] above it' }],
      output: { [dropIn]: '\ufeff[Service]\nLimitNOFILE=1048576\n' },
    },
    {
      name: 'assignments before a later [Unit] header: the header is still certain',
      files: { [dropIn]: `TimeoutStartSec=0\n[Unit]\nAfter=network-online.target\n` },
      errors: [{ line: 1, severity: 'warning' }],
      output: { [dropIn]: `[Service]\nTimeoutStartSec=0\n[Unit]\nAfter=network-online.target\n` },
    },
    {
      name: 'a continued assignment outside a section',
      files: { [dropIn]: `ExecStart=\nExecStart=/usr/bin/dockerd \\\n  -H fd://\n` },
      errors: [{ line: 1 }, { line: 2, severity: 'error' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  -H fd://\n` },
    },
    {
      name: 'a [Unit] key before the header: which section was meant is not certain, no fix',
      files: { [dropIn]: `After=network-online.target\n[Service]\nLimitNOFILE=1048576\n` },
      errors: [{ line: 1, severity: 'warning', message: 'Put it under its section header' }],
      output: null,
    },
    {
      name: 'a line without "=" before the header: adding [Service] would not make it valid, no fix',
      files: { [dropIn]: `ExecStart=\nExecStart /usr/bin/dockerd -H fd://\n` },
      errors: [
        { line: 1, severity: 'error' },
        { line: 2, severity: 'error' },
      ],
      output: null,
    },
    {
      name: 'ExecStart without "=" in [Service]',
      files: { [dropIn]: `[Service]\nExecStart=\nExecStart /usr/bin/dockerd -H fd://\n` },
      errors: [{ line: 3, severity: 'error', message: `"Missing '=', ignoring line."` }],
      output: null,
    },
    {
      name: 'a stray word in [Service] is a warning',
      files: { [dropIn]: `[Service]\nLimitNOFILE=1048576\ndelegate\n` },
      errors: [{ line: 3, severity: 'warning', message: 'write it as Key=value' }],
      output: null,
    },
    {
      name: 'a value without a key',
      files: { [dropIn]: `[Service]\n=/usr/bin/dockerd\n` },
      errors: [{ line: 2, severity: 'warning', message: `"Missing key name before '=', ignoring line."` }],
      output: null,
    },
    {
      name: 'an unclosed header in a drop-in: the rest of the file is lost',
      files: { [dropIn]: `[Service\nExecStart=\nExecStart=${command}\n` },
      errors: [{ line: 1, severity: 'error', message: "Invalid section header '[Service'" }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=${command}\n` },
    },
    {
      name: 'an unclosed header above non-dockerd settings is a warning; a header with a comment gets no fix',
      files: { [dropIn]: `[Service]\nLimitNOFILE=1048576\n[Unit # ordering\nAfter=network-online.target\n` },
      errors: [{ line: 3, severity: 'warning', message: 'every line below it are ignored' }],
      output: null,
    },
    {
      name: 'a quote in a section name stops the reading too; no fix',
      files: { [dropIn]: `[Service]\nLimitNOFILE=1048576\n[Serv"ice]\nExecStart=\nExecStart=${command}\n` },
      errors: [{ line: 3, severity: 'error', message: `Bad characters in section header '[Serv"ice]'` }],
      output: null,
    },
    {
      name: 'an unclosed header in the unit itself: it does not load',
      files: { [unit]: `[Unit]\nDescription=Docker\n\n[Service\nType=notify\nExecStart=${command}\n` },
      errors: [{ line: 4, severity: 'error', message: 'fails to load ("Bad message")' }],
      output: { [unit]: `[Unit]\nDescription=Docker\n\n[Service]\nType=notify\nExecStart=${command}\n` },
    },
    {
      name: 'a socket drop-in without [Socket]: its listener and permissions never reach docker.socket',
      files: { [socketDropIn]: 'ListenStream=\nListenStream=/run/docker.sock\nSocketMode=0660\n' },
      errors: [
        { line: 1, severity: 'error', message: 'so this ListenStream= never reaches docker.socket. Put [Socket] above it.' },
        { line: 2, severity: 'error' },
        { line: 3, severity: 'error', message: 'SocketMode=' },
      ],
      output: { [socketDropIn]: '[Socket]\nListenStream=\nListenStream=/run/docker.sock\nSocketMode=0660\n' },
    },
    {
      name: 'a [Service] key in a socket drop-in before any header: no [Socket] fix',
      files: { [socketDropIn]: 'ExecStart=/bin/true\n[Socket]\nSocketMode=0660\n' },
      errors: [{ line: 1, severity: 'warning', message: 'Put it under its section header' }],
      output: null,
    },
    {
      name: '[socket] in lower case in a socket drop-in',
      files: { [socketDropIn]: '[socket]\nSocketGroup=docker\n' },
      errors: [{ line: 1, severity: 'error', message: 'so its SocketGroup= never reaches docker.socket' }],
      output: { [socketDropIn]: '[Socket]\nSocketGroup=docker\n' },
    },
    {
      name: 'a section the unit type does not have: one warning at its header, none for its lines',
      files: { [dropIn]: `[Socket]\nno equals here\n[Service]\nLimitNOFILE=1048576\n` },
      errors: [{ line: 1, severity: 'warning', message: `"Unknown section 'Socket'. Ignoring."` }],
      output: null,
    },
    {
      name: '[service] in lower case: its ExecStart= is lost; section names are case-sensitive',
      files: { [dropIn]: `[service]\nExecStart=\nExecStart=${command}\n` },
      errors: [{ line: 1, severity: 'error', message: 'so its ExecStart= never reaches dockerd' }],
      output: { [dropIn]: `[Service]\nExecStart=\nExecStart=${command}\n` },
    },
    {
      name: 'blanks inside the brackets name another section; an empty name too',
      files: { [dropIn]: `[Install ]\nWantedBy=multi-user.target\n[]\nLimitNOFILE=1048576\n` },
      errors: [
        { line: 1, severity: 'warning', message: `"Unknown section 'Install '. Ignoring."` },
        { line: 3, severity: 'warning', message: `"Unknown section ''. Ignoring."` },
      ],
      output: { [dropIn]: `[Install]\nWantedBy=multi-user.target\n[]\nLimitNOFILE=1048576\n` },
    },
    {
      name: '/etc/default/docker: `export` makes DOCKER_OPTS an invalid name for systemd',
      files: { [defaults]: 'export DOCKER_OPTS="--log-level=warn"\nexport http_proxy="http://proxy.example:3128"\n' },
      errors: [
        { line: 1, severity: 'error', message: 'The dockerd options it sets never reach dockerd' },
        { line: 2, severity: 'warning', message: 'Ignoring invalid environment assignment' },
      ],
      output: null,
    },
    {
      name: '/etc/default/docker: a line without "="',
      files: { [defaults]: 'DOCKER_OPTS "--debug"\n' },
      errors: [{ line: 1, severity: 'error', message: 'it has no "="' }],
      output: null,
    },
  ],
});
