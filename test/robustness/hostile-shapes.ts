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
const manifest = (text: string): SourceFile => ({ uri: `${root}deploy/manifests.yaml`, text });
const workflow = (text: string): SourceFile => ({ uri: `${root}.github/workflows/ci.yml`, text });
const daemonJson = (text: string): SourceFile => ({ uri: `${root}etc/docker/daemon.json`, text });
const runnerConfig = (text: string): SourceFile => ({ uri: `${root}etc/gitlab-runner/config.toml`, text });
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
  // GitLab Runner config.toml (issue 20): many runners, each a stack with a dind service.
  'GitLab Runner runners': {
    about: 'a config.toml of many runners, each with volumes, environment and a dind service',
    make: (n) => [
      runnerConfig(
        times(
          n,
          (i) =>
            `[[runners]]\n  name = "r${i}"\n  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=", "V${i}=1"]\n  [runners.docker]\n    host = "tcp://10.0.${i % 250}.1:2375"\n    privileged = true\n    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]\n  [[runners.docker.services]]\n    name = "docker:dind"\n    alias = "d${i}"\n`,
        ).join(''),
      ),
    ],
    baseSize: 150,
  },
  'GitLab Runner long arrays': {
    about: 'a config.toml whose volumes and environment arrays hold many items',
    make: (n) => [
      runnerConfig(
        `[[runners]]\n  executor = "docker"\n  environment = [${times(n, (i) => `"V${i}=x"`).join(', ')}]\n  [runners.docker]\n    volumes = [${times(n, (i) => `"/h${i}:/c${i}"`).join(', ')}]\n`,
      ),
    ],
    baseSize: 2_000,
  },
  // Every pod against every Service: quadratic without the comparison budget (kubernetes/exposure.ts).
  'Kubernetes pods and Services': {
    about: 'a manifest of many dind pods and many Services whose selectors almost match them',
    make: (n) => [
      manifest(
        times(
          n,
          (i) =>
            `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\n  labels: {app: ci, pod: p${i}}\nspec:\n  containers:\n    - name: dind\n      image: docker:dind\n      env: [{name: DOCKER_TLS_CERTDIR, value: ""}]\n`,
        )
          .concat(times(n, (i) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  selector: {app: ci, pod: other${i}}\n  ports: [{port: 2375}]\n`))
          .join('---\n'),
      ),
    ],
    baseSize: 300,
  },
  // Each client's finding offers the pod's fix, which moves every client: n findings of n edits.
  'Kubernetes pod of many dind clients': {
    about: 'a pod whose many containers all talk to its dind sidecar on tcp://localhost:2375',
    make: (n) => [
      manifest(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci\nspec:\n  containers:\n    - name: dind\n      image: docker:dind\n      env: [{name: DOCKER_TLS_CERTDIR, value: ""}]\n` +
          times(n, (i) => `    - name: c${i}\n      image: docker:cli\n      env:\n        - name: DOCKER_HOST\n          value: tcp://localhost:2375\n`).join(''),
      ),
    ],
    baseSize: 200,
  },
  // Each job's clients see the workflow's variables: copied whole per job, n variables x n jobs.
  'workflow env x jobs': {
    about: 'a workflow of many env variables and many jobs with a job container and a client step',
    make: (n) => [
      workflow(
        `env:\n${times(n, (i) => `  V${i}: x\n`).join('')}  DOCKER_HOST: tcp://dind:2375\njobs:\n${times(n, (i) => `  j${i}:\n    runs-on: x\n    container: alpine\n    services:\n      dind:\n        image: docker:dind\n    steps:\n      - run: docker info\n        env:\n          DOCKER_TLS_VERIFY: "1"\n`).join('')}`,
      ),
    ],
    baseSize: 300,
  },
  // Every client step of a job sees the job container's volumes: n steps x n volumes.
  'workflow steps x job container volumes': {
    about: 'a job whose container mounts many volumes and whose many steps set DOCKER_HOST',
    make: (n) => [
      workflow(
        `jobs:\n  a:\n    runs-on: x\n    container:\n      image: alpine\n      volumes:\n${times(n, (i) => `        - v${i}:/m${i}\n`).join('')}    steps:\n${times(n, () => '      - run: docker info\n        env:\n          DOCKER_HOST: tcp://dind:2375\n').join('')}`,
      ),
    ],
    baseSize: 1_000,
  },
  // Each call reads the called jobs again with its inputs: n calls x n called jobs without the bound on calls read.
  'workflow calls x called jobs': {
    about: 'many jobs calling a reusable workflow of many jobs whose DOCKER_HOST is the input they pass',
    make: (n) => [
      workflow(`on: push\njobs:\n${times(n, (i) => `  c${i}:\n    uses: ./.github/workflows/build.yml\n    with:\n      docker_host: tcp://localhost:2375\n`).join('')}`),
      {
        uri: `${root}.github/workflows/build.yml`,
        text: `on:\n  workflow_call:\n    inputs:\n      docker_host:\n        type: string\njobs:\n${times(n, (i) => `  b${i}:\n    runs-on: x\n    env:\n      DOCKER_HOST: \${{ inputs.docker_host }}\n    services:\n      dind:\n        image: docker:dind\n        env:\n          DOCKER_TLS_CERTDIR: ""\n        ports: ["2375:2375"]\n    steps:\n      - run: docker info\n`).join('')}`,
      },
    ],
    baseSize: 40,
  },
  // 500 clients: 16 s (each client's fix rebuilt the dind fix that moves every client).
  'Compose clients of one plain dind': {
    about: 'many clients of one dind without TLS, each merging a socket mount from its own anchor',
    make: (n) => [
      compose(
        times(n, (i) => `x-a${i}: &a${i}\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\n`).join('') +
          'services:\n  dind:\n    image: docker:27-dind\n    privileged: true\n    environment:\n      DOCKER_TLS_CERTDIR: ""\n' +
          times(n, (i) => `  c${i}:\n    image: example/c\n    <<: *a${i}\n    environment:\n      DOCKER_HOST: tcp://dind:2375\n`).join(''),
      ),
    ],
    baseSize: 100,
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
