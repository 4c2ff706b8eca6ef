import { ruleTester } from '../helpers/rule-tester';

const dropIn = 'etc/systemd/system/docker.service.d/override.conf';
const compose = 'compose.yaml';
const dind = (command: string) => `services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    ${command}\n`;
const unit = (line: string) => `[Service]\nExecStart=\nExecStart=${line}\n`;

ruleTester('unknown-dockerd-flag', {
  valid: [
    { name: 'known long and short flags', files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock -D --log-level=info') } },
    { name: 'booleans with =false', files: { [dropIn]: unit('/usr/bin/dockerd --iptables=false --ip-masq=0') } },
    { name: 'quoted values and continuations', files: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --label "env=prod west" \\\n  -H fd://\n' } },
    { name: 'a command that is not dockerd', files: { [dropIn]: '[Service]\nExecStartPre=/bin/sh -c "echo --nonsense"\n' } },
    { name: 'DOCKER_OPTS with known flags', files: { 'etc/default/docker': 'DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"\n' } },
    { name: 'a commented-out DOCKER_OPTS', files: { 'etc/default/docker': '#DOCKER_OPTS="--bogus"\n' } },
    { name: 'balanced quotes of both kinds, opened inside words', files: { [dropIn]: unit('/usr/bin/dockerd --label=a"b c"d --label \'e f\' -H fd://') } },
    { name: 'a %% specifier is a literal percent sign', files: { [dropIn]: unit('/usr/bin/dockerd --label=load=90%%') } },
    { name: 'Compose: known flags given to the dind entrypoint', files: { [compose]: dind('command: ["--mtu=1400", "--debug", "--registry-mirror", "https://m.example.com"]') } },
    { name: 'Compose: a service that does not run dockerd', files: { [compose]: 'services:\n  app:\n    image: alpine:3\n    command: ["--nonsense"]\n' } },
    { name: 'Compose: dockerd started through sh -c is not parsed', files: { [compose]: dind('command: ["sh", "-c", "dockerd --nonsense"]') } },
    {
      name: 'a $VAR from Environment= of the same file',
      files: { [dropIn]: '[Service]\nEnvironment="OPTS=-D --log-level=debug"\nExecStart=\nExecStart=/usr/bin/dockerd $OPTS\n' },
    },
    {
      // ${DOCKER_OPTS} is one argument: here the env file of the host gives it a single flag.
      name: '${VAR} defined by an EnvironmentFile= of the same host',
      files: {
        'etc/default/docker': 'DOCKER_OPTS="--log-level=warn"\n',
        [dropIn]: '[Service]\nEnvironmentFile=-/etc/default/docker\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// ${DOCKER_OPTS}\n',
      },
    },
    { name: '$VAR unset is dropped by systemd', files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// $DOCKER_OPTS') } },
    // Issue 19: RHEL/CentOS 7's docker package (projectatomic/docker) adds flags upstream dockerd lacks.
    {
      name: "RHEL's dockerd-current: its registry, signature, secrets and log-line flags",
      files: {
        [dropIn]: unit(
          '/usr/bin/dockerd-current -H fd:// --add-registry registry.access.redhat.com --add-registry=quay.io --block-registry docker.io --signature-verification=false --enable-secrets=false --log-max-line=8192',
        ),
      },
    },
    {
      name: "RHEL's /etc/sysconfig/docker: OPTIONS and the registry variables its unit passes to dockerd-current",
      files: {
        'etc/sysconfig/docker':
          "OPTIONS='--selinux-enabled --log-driver=journald --signature-verification=false'\nADD_REGISTRY='--add-registry registry.access.redhat.com'\nBLOCK_REGISTRY='--block-registry docker.io'\n",
        [dropIn]: '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=\nExecStart=/usr/bin/dockerd-current -H fd:// $OPTIONS $ADD_REGISTRY $BLOCK_REGISTRY\n',
      },
    },
    { name: "RHEL's docker-current daemon (docker 1.10-1.12)", files: { [dropIn]: unit('/usr/bin/docker-current daemon -H fd:// --add-registry registry.access.redhat.com --block-registry all') } },
  ],
  invalid: [
    {
      // systemd.service(5): "${FOO}" always gives exactly one argument, empty when FOO is unset.
      name: '${VAR} that nothing defines: one empty argument, dockerd exits',
      files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// ${DOCKER_OPTS}') },
      errors: [{ line: 3, column: 37, severity: 'error', message: 'not set by any Environment= or EnvironmentFile=' }],
      output: { [dropIn]: unit('/usr/bin/dockerd -H fd:// $DOCKER_OPTS') },
    },
    {
      name: '${VAR} that an EnvironmentFile= outside the workspace may define: warning',
      files: { [dropIn]: '[Service]\nEnvironmentFile=-/etc/sysconfig/docker-network\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// ${DOCKER_NETWORK_OPTIONS}\n' },
      errors: [{ line: 4, severity: 'warning', message: 'EnvironmentFile=/etc/sysconfig/docker-network may set it' }],
      output: { [dropIn]: '[Service]\nEnvironmentFile=-/etc/sysconfig/docker-network\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $DOCKER_NETWORK_OPTIONS\n' },
    },
    {
      name: 'a typo, with did-you-mean: --tlsverify comes with the certificate files it needs',
      files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --tlsverfy') },
      errors: [{ line: 3, column: 37, severity: 'error', message: 'Did you mean --tlsverify?' }],
      output: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem') },
    },
    {
      name: 'a typo of an option daemon.json sets: the misspelt flag goes (as a flag it would conflict)',
      files: {
        [dropIn]: unit('/usr/bin/dockerd -H fd:// --tlsverfy'),
        'etc/docker/daemon.json': '{\n  "tlsverify": true,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n',
      },
      errors: [{ file: dropIn, line: 3, message: 'Did you mean --tlsverify?' }],
      output: { [dropIn]: unit('/usr/bin/dockerd -H fd://') },
    },
    {
      name: 'the misspelt flag alone on the last continuation line goes with the backslash before it',
      files: {
        [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --debug \\\n  --tlsverfy\n',
        'etc/docker/daemon.json': '{\n  "tlsverify": true,\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n',
      },
      errors: [{ file: dropIn, line: 5, message: 'Did you mean --tlsverify?' }],
      output: { [dropIn]: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd \\\n  --debug\n' },
    },
    {
      name: 'a typo of --tlsverify where daemon.json names the certificates: renamed alone',
      files: {
        [dropIn]: unit('/usr/bin/dockerd -H fd:// --tlsverfy'),
        'etc/docker/daemon.json': '{\n  "tlscacert": "/c/ca.pem",\n  "tlscert": "/c/cert.pem",\n  "tlskey": "/c/key.pem"\n}\n',
      },
      errors: [{ file: dropIn, line: 3, message: 'Did you mean --tlsverify?' }],
      output: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --tlsverify') },
    },
    {
      name: 'the daemon.json key used as a flag: --insecure-registries',
      files: { [dropIn]: unit('/usr/bin/dockerd --insecure-registries=10.0.0.5:5000') },
      errors: [{ line: 3, message: '--insecure-registry' }],
      output: { [dropIn]: unit('/usr/bin/dockerd --insecure-registry=10.0.0.5:5000') },
    },
    {
      name: 'a Windows-only flag on Linux',
      files: { [dropIn]: unit('/usr/bin/dockerd --register-service') },
      errors: [{ line: 3, message: 'only in dockerd for Windows' }],
      output: null,
    },
    {
      name: 'an unknown shorthand',
      files: { [dropIn]: unit('/usr/bin/dockerd -x') },
      errors: [{ line: 3, message: 'unknown shorthand flag' }],
      output: null,
    },
    {
      name: '"--debug false": the false is a stray argument',
      files: { [dropIn]: unit('/usr/bin/dockerd --debug false') },
      errors: [{ line: 3, column: 36, message: 'accepts no arguments' }],
      output: { [dropIn]: unit('/usr/bin/dockerd --debug=false') },
    },
    {
      name: 'a stray word that is not a boolean gets no fix',
      files: { [dropIn]: unit('/usr/bin/dockerd --debug extra') },
      errors: [{ line: 3, message: '"extra"' }],
      output: null,
    },
    {
      name: 'a flag without its value at the end',
      files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --data-root') },
      errors: [{ line: 3, message: 'flag needs an argument' }],
    },
    {
      name: 'a bad boolean',
      files: { [dropIn]: unit('/usr/bin/dockerd --icc=no') },
      errors: [{ line: 3, message: 'invalid argument "no"' }],
    },
    {
      name: 'a typo in a quoted word: the fix writes inside the quotes',
      files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// "--tlsverfy"') },
      errors: [{ line: 3, message: 'Did you mean --tlsverify?' }],
      output: { [dropIn]: unit('/usr/bin/dockerd -H fd:// "--tlsverify" --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem') },
    },
    {
      name: "upstream dockerd has none of RHEL's registry flags",
      files: { [dropIn]: unit('/usr/bin/dockerd -H fd:// --add-registry registry.access.redhat.com') },
      errors: [{ line: 3, column: 37, severity: 'error', message: 'dockerd has no flag --add-registry' }],
    },
    {
      name: "RHEL's docker-current daemon is judged as dockerd: its own flags pass, a typo does not",
      files: { [dropIn]: unit('/usr/bin/docker-current daemon -H fd:// --add-registry registry.access.redhat.com --debgu') },
      errors: [{ line: 3, severity: 'error', message: 'dockerd has no flag --debgu' }],
      output: { [dropIn]: unit('/usr/bin/docker-current daemon -H fd:// --add-registry registry.access.redhat.com --debug') },
    },
    {
      // The words of $ADD_REGISTRY come from the env file: reported there, where they are written.
      name: 'a registry variable of /etc/sysconfig/docker that upstream dockerd reads',
      files: {
        'etc/sysconfig/docker': "OPTIONS='--selinux-enabled'\nADD_REGISTRY='--add-registry registry.access.redhat.com'\n",
        [dropIn]: '[Service]\nEnvironmentFile=-/etc/sysconfig/docker\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// $OPTIONS $ADD_REGISTRY\n',
      },
      errors: [{ file: 'etc/sysconfig/docker', line: 2, column: 15, severity: 'error', message: 'dockerd has no flag --add-registry' }],
    },
    {
      name: "nor does a Debian /etc/default/docker's dockerd",
      files: { 'etc/default/docker': 'DOCKER_OPTS="--signature-verification=false"\n' },
      errors: [{ line: 1, severity: 'error', message: 'dockerd has no flag --signature-verification' }],
    },
    {
      name: 'in DOCKER_OPTS of /etc/default/docker',
      files: { 'etc/default/docker': '# options\nDOCKER_OPTS="-H unix:///var/run/docker.sock --insecure-registrys 10.0.0.5:5000"\n' },
      errors: [{ line: 2, column: 45 }],
      output: { 'etc/default/docker': '# options\nDOCKER_OPTS="-H unix:///var/run/docker.sock --insecure-registry 10.0.0.5:5000"\n' },
    },
    {
      name: 'in Environment= of the unit, read through $OPTS',
      files: { [dropIn]: '[Service]\nEnvironment="OPTS=--tlsverfy"\nExecStart=\nExecStart=/usr/bin/dockerd $OPTS\n' },
      errors: [{ line: 2, column: 19 }],
      output: {
        [dropIn]:
          '[Service]\nEnvironment="OPTS=--tlsverify --tlscacert=/etc/docker/certs/ca.pem --tlscert=/etc/docker/certs/server-cert.pem --tlskey=/etc/docker/certs/server-key.pem"\nExecStart=\nExecStart=/usr/bin/dockerd $OPTS\n',
      },
    },
    {
      name: 'Compose: a typo in a command list given to the dind entrypoint',
      files: { [compose]: dind('command: ["--tlsverfy", "--debug"]') },
      errors: [{ line: 5, column: 15, severity: 'error', message: /no flag --tlsverfy.*the container of Compose service "dind" exits\. Did you mean --tlsverify\?/ }],
      output: { [compose]: dind('command: ["--tlsverify", "--debug"]') },
    },
    {
      name: 'GitLab CI: a dind service command names the job, not a Compose service',
      files: { '.gitlab-ci.yml': 'build:\n  services:\n    - name: docker:27-dind\n      command: ["--tlsverfy"]\n  script: docker info\n' },
      errors: [{ line: 4, column: 17, message: /the container of service "docker:27-dind" of job "build" exits\. Did you mean --tlsverify\?/ }],
      output: { '.gitlab-ci.yml': 'build:\n  services:\n    - name: docker:27-dind\n      command: ["--tlsverify"]\n  script: docker info\n' },
    },
    {
      name: 'Compose: the daemon.json key as a flag, in a block list after "dockerd"',
      files: { [compose]: dind('command:\n      - dockerd\n      - --insecure-registries=10.0.0.5:5000') },
      errors: [{ line: 7, column: 9, message: '--insecure-registry' }],
      output: { [compose]: dind('command:\n      - dockerd\n      - --insecure-registry=10.0.0.5:5000') },
    },
    {
      name: 'Compose: "--debug false" in a command string',
      files: { [compose]: dind('command: dockerd --debug false') },
      errors: [{ line: 5, column: 30, message: 'accepts no arguments' }],
      output: { [compose]: dind('command: dockerd --debug=false') },
    },
    {
      name: 'Compose: entrypoint dockerd on another image, an unknown shorthand in the command',
      files: { [compose]: 'services:\n  engine:\n    image: example/engine:1\n    entrypoint: ["dockerd"]\n    command: ["-x"]\n' },
      errors: [{ line: 5, message: 'unknown shorthand flag' }],
      output: null,
    },
    {
      name: 'Compose: a command reached through a YAML alias is reported at the alias',
      files: { [compose]: 'x-flags: &flags ["--tlsverfy"]\nservices:\n  dind:\n    image: docker:dind\n    privileged: true\n    command: *flags\n' },
      errors: [{ line: 6, column: 14, message: 'Did you mean --tlsverify?' }],
      output: null,
    },
    {
      name: 'unbalanced quotes: systemd drops the whole line ("Unbalanced quoting, ignoring")',
      files: { [dropIn]: '[Service]\nExecStart=/usr/bin/dockerd -H fd:// --tlsverify --label "team=a b\n' },
      errors: [{ line: 2, column: 57, severity: 'warning', message: /^Unbalanced quoting: systemd ignores this setting\. This whole ExecStart= line is dropped/ }],
      output: null,
    },
    {
      name: 'a quote opened inside a word and never closed, after the reset',
      files: { [dropIn]: unit("/usr/bin/dockerd --label=a'b -H fd://") },
      errors: [{ line: 3, message: 'Unbalanced quoting' }],
      output: null,
    },
    {
      name: 'an unknown specifier: systemd drops the whole line',
      files: { [dropIn]: unit('/usr/bin/dockerd --label=%z') },
      errors: [{ line: 3, column: 36, severity: 'warning', message: 'Failed to resolve unit specifiers in "%z": systemd ignores this setting' }],
      output: null,
    },
  ],
});
