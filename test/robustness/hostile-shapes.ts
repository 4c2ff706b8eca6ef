// Inputs built to hit one super-linear path each (issue 16 items 4, 6, 7; issue 19 item 11),
// sized by `n`: the growth tests lint n and 4n and compare, the nightly fuzz run mixes them
// with random sizes and fillers. Each reproduces a shape that once cost quadratic time or
// memory; the comment says what it took before.

import type { SourceFile } from '../../server/src/engine/lint';

export interface HostileShape {
  /** What the shape attacks, for messages. */
  about: string;
  /** The files of one lint run, `n` sizing the attack. */
  make(n: number): SourceFile[];
  /** An `n` whose 4x the linear code lints in well under a second on a loaded machine. */
  baseSize: number;
}

const root = 'file:///workspace/';
const unit = (text: string): SourceFile => ({ uri: `${root}etc/systemd/system/docker.service`, text });
const dropIn = (text: string): SourceFile => ({ uri: `${root}etc/systemd/system/docker.service.d/override.conf`, text });
const compose = (text: string): SourceFile => ({ uri: `${root}project/compose.yaml`, text });
const gitlabCi = (text: string): SourceFile => ({ uri: `${root}.gitlab-ci.yml`, text });
const daemonJson = (text: string): SourceFile => ({ uri: `${root}etc/docker/daemon.json`, text });
const times = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

export const hostileShapes: Record<string, HostileShape> = {
  // 100 KB value, 1,000 uses: 2.8 GB and a crash.
  'systemd ${VAR} used many times': {
    about: 'a long Environment= value used as ${A} in many words',
    make: (n) => [unit(`[Service]\nEnvironment="A=${'x'.repeat(n)}"\nExecStart=/usr/bin/dockerd ${'--label=${A} '.repeat(Math.ceil(n / 100))}\n`)],
    baseSize: 20_000,
  },
  // 93 KB: heap out of memory.
  'systemd $VAR as whole words': {
    about: 'an Environment= value of many words used as $A many times',
    make: (n) => [unit(`[Service]\nEnvironment="A=${'x '.repeat(n)}"\nExecStart=/usr/bin/dockerd ${'$A '.repeat(Math.ceil(n / 10))}\n`)],
    baseSize: 2_000,
  },
  // /^\s*\[/m: 1 MB took 8 min 39 s.
  'systemd unit of blank lines': {
    about: 'a docker.service of blank lines',
    make: (n) => [unit('\n'.repeat(n) + 'x')],
    baseSize: 80_000,
  },
  // Issue 19 item 11: 5,000 took 10-15 s, 20,000 took 228 s.
  'systemd -H tcp:// repeated': {
    about: 'a drop-in ExecStart= repeating -H tcp://0.0.0.0:2375',
    make: (n) => [dropIn(`[Service]\nExecStart=\nExecStart=/usr/bin/dockerd ${'-H tcp://0.0.0.0:2375 '.repeat(n)}\n`)],
    baseSize: 2_000,
  },
  // x100k: 81 s.
  'systemd ; dockerd repeated': {
    about: 'an ExecStart= of many `; /usr/bin/dockerd -D` commands',
    make: (n) => [unit(`[Service]\nExecStart=/usr/bin/dockerd ${'; /usr/bin/dockerd -D '.repeat(n)}\n`)],
    baseSize: 4_000,
  },
  // 50,000: over 100 s.
  'systemd Environment= hosts': {
    about: 'many Environment= variables each used as a -H host',
    make: (n) => [unit(`[Service]\n${times(n, (i) => `Environment=H${i}=tcp://0.0.0.0:${1024 + (i % 60000)}`).join('\n')}\nExecStart=/usr/bin/dockerd ${times(n, (i) => `-H \${H${i}}`).join(' ')}\n`)],
    baseSize: 2_000,
  },
  'systemd hosts in DOCKER_OPTS': {
    about: 'an Environment=DOCKER_OPTS of many -H hosts used as $DOCKER_OPTS',
    make: (n) => [unit(`[Service]\nEnvironment="DOCKER_OPTS=${'-H tcp://0.0.0.0:2375 '.repeat(n)}"\nExecStart=/usr/bin/dockerd $DOCKER_OPTS\n`)],
    baseSize: 2_000,
  },
  'env file hosts': {
    about: '/etc/default/docker with a DOCKER_OPTS of many -H hosts',
    make: (n) => [{ uri: `${root}etc/default/docker`, text: `DOCKER_OPTS="${'-H tcp://0.0.0.0:2375 '.repeat(n)}"\n` }],
    baseSize: 2_000,
  },
  'daemon.json hosts': {
    about: 'a daemon.json with many TCP hosts',
    make: (n) => [daemonJson(`{"hosts": [${times(n, (i) => `"tcp://0.0.0.0:${1024 + (i % 60000)}"`).join(', ')}]}`)],
    baseSize: 2_000,
  },
  'trailing slashes': {
    about: 'hosts and registries ending in a long run of slashes followed by a character',
    make: (n) => [daemonJson(`{"hosts": ["tcp://127.0.0.1:2375${'/'.repeat(n)}x"], "registry-mirrors": ["https://a${'/'.repeat(n)}x"], "insecure-registries": ["a${'/'.repeat(n)}x"]}`)],
    baseSize: 20_000,
  },
  'suppression-like comments': {
    about: 'comments with long runs of spaces where a suppression directive would be',
    make: (n) => [
      unit(`[Service]\n#${' '.repeat(n)}x\n# dockerd-lint-disable${' '.repeat(n)}x\nExecStart=/usr/bin/dockerd\n`),
      compose(`services:\n  a:\n    image: nginx\n#${' '.repeat(n)}x\n# dockerd-lint-disable-next-line${' '.repeat(n)}x\n`),
    ],
    baseSize: 20_000,
  },
  // 40,000 keys: 14 s in yaml's duplicate-key check (the same block map: 0.7 s).
  'Compose flow map': {
    about: 'a Compose flow map of many keys',
    make: (n) => [compose(`services:\n  a:\n    image: nginx\n    environment: {${times(n, (i) => `K${i}: v`).join(', ')}}\n`)],
    baseSize: 2_000,
  },
  // 614 KB: out of memory.
  'Compose extends chain': {
    about: 'a chain of services each extending the previous one and adding items',
    make: (n) => [
      compose(
        `services:\n  s0:\n    image: docker:dind\n    privileged: true\n` +
          times(n, (i) => `  s${i + 1}:\n    extends: s${i}\n    ports: ["${1024 + i}:2375"]\n    volumes: ["/var/run/docker.sock:/s${i}"]\n    environment: [V${i}=1]\n`).join(''),
      ),
    ],
    baseSize: 2_000,
  },
  // GitLab CI: jobs extending templates that bring dind, with top-level variables and !reference.
  'GitLab CI jobs with dind templates': {
    about: 'a pipeline of many jobs, each extending a two-level dind template and referencing variables',
    make: (n) => [
      gitlabCi(
        'variables:\n  DOCKER_TLS_CERTDIR: ""\n  DOCKER_HOST: tcp://docker:2375\n.vars:\n  variables:\n    SHARED: "1"\n.dind:\n  services: [docker:dind]\n.docker:\n  extends: .dind\n  image: docker:27\n' +
          times(n, (i) => `job${i}:\n  extends: .docker\n  variables:\n    JOB: "${i}"\n    REF: !reference [.vars, variables, SHARED]\n  script: [docker info]\n`).join(''),
      ),
    ],
    baseSize: 500,
  },
  'GitLab CI many variables': {
    about: 'a pipeline of one dind job and many top-level variables naming each other',
    make: (n) => [gitlabCi(`variables:\n${times(n, (i) => `  V${i}: "$V${Math.max(0, i - 1)}/x"\n`).join('')}build:\n  image: docker:27\n  services: [docker:dind]\n  script: [docker info]\n`)],
    baseSize: 2_000,
  },
};
