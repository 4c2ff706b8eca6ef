// The container rules on GitLab Runner's config.toml (issue 20 item 1): the same rules as on
// Compose, read from [runners.docker] and [[runners.docker.services]], worded for the runner,
// with TOML suppression comments and TOML fixes that re-parse.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCase, ruleTester } from '../helpers/rule-tester';

const config = 'etc/gitlab-runner/config.toml';

/** A runner with these `[runners.docker]` lines (and what follows them). */
function runner(docker: string, own = ''): string {
  return `concurrent = 1\n\n[[runners]]\n  name = "build"\n  url = "https://gitlab.com/"\n  token = "T"\n  executor = "docker"\n${own}  [runners.docker]\n${docker}`;
}

// GitLab's documented Docker-in-Docker with TLS runner ("Use Docker to build Docker images").
const tlsDind = runner('    tls_verify = false\n    image = "docker:24.0.5"\n    privileged = true\n    disable_cache = false\n    volumes = ["/certs/client", "/cache"]\n  [runners.cache]\n');

ruleTester('privileged', {
  valid: [
    { name: 'privileged = false', files: { [config]: runner('    privileged = false\n    image = "alpine"\n') } },
    { name: 'a shell executor runs no containers', files: { [config]: '[[runners]]\n  executor = "shell"\n  [runners.docker]\n    privileged = true\n' } },
    {
      name: 'services_privileged only: the dind service, which runs dockerd',
      files: { [config]: runner('    privileged = false\n    services_privileged = false\n') },
    },
  ],
  invalid: [
    {
      name: "GitLab's TLS dind runner: privileged, with how to contain it",
      files: { [config]: tlsDind },
      errors: [{ line: 11, column: 18, severity: 'warning', message: /^Each job container of runner "build" is privileged.*services_privileged = true.*allowed_privileged_services/ }],
    },
    {
      name: 'a dind service of the runner runs dockerd: info',
      files: { [config]: runner('    privileged = false\n    services_privileged = true\n  [[runners.docker.services]]\n    name = "docker:27-dind"\n    alias = "docker"\n') },
      errors: [{ line: 10, severity: 'info', message: /^Service "docker:27-dind" of runner "build" runs dockerd/ }],
    },
    {
      name: 'services written as an inline array of tables',
      files: { [config]: runner('    privileged = true\n    services = [{ name = "docker:dind", alias = "engine" }]\n') },
      errors: [
        { line: 9, severity: 'warning', message: /^Each job container/ },
        { line: 9, severity: 'info', message: /^Service "docker:dind" of runner "build" runs dockerd/ },
      ],
    },
  ],
});

ruleTester('docker-socket-mount', {
  valid: [{ name: '/certs/client and /cache are container paths', files: { [config]: tlsDind } }],
  invalid: [
    {
      name: 'socket binding, read-only too',
      files: { [config]: runner('    volumes = ["/cache", "/var/run/docker.sock:/var/run/docker.sock:ro"]\n') },
      errors: [{ line: 9, column: 27, message: /^Each job container of runner "build" mounts the container runtime socket \/var\/run\/docker\.sock.*read-only/ }],
    },
    {
      name: 'services get the same binds: reported once, where written',
      files: { [config]: runner('    volumes = ["/var/run/docker.sock:/var/run/docker.sock"]\n  [[runners.docker.services]]\n    name = "postgres:16"\n') },
      errors: [{ line: 9, column: 17, message: /^Each job container of runner "build" mounts/ }],
    },
  ],
});

ruleTester('dind-tls-disabled', {
  valid: [{ name: 'a dind service with the TLS default', files: { [config]: runner('    privileged = true\n  [[runners.docker.services]]\n    name = "docker:dind"\n') } }],
  invalid: [
    {
      name: "an empty DOCKER_TLS_CERTDIR in the runner's environment reaches its dind service: no fix, and why",
      files: {
        [config]: runner('    privileged = true\n  [[runners.docker.services]]\n    name = "docker:dind"\n', '  environment = ["DOCKER_TLS_CERTDIR=", "DOCKER_DRIVER=overlay2"]\n'),
      },
      errors: [{ line: 8, column: 18, message: /^Service "docker:dind" of runner "build" sets DOCKER_TLS_CERTDIR to empty.*No fix is offered: the jobs' \.gitlab-ci\.yml files also set DOCKER_HOST/ }],
    },
  ],
});

ruleTester('docker-host-plain-tcp', {
  valid: [
    { name: 'tls_verify = false without host: the local socket', files: { [config]: tlsDind } },
    {
      name: 'host on 2376 with tls_verify = true',
      files: { [config]: runner('    host = "tcp://10.0.0.5:2376"\n    tls_verify = true\n    tls_cert_path = "/etc/gitlab-runner/certs"\n') },
    },
    { name: 'a unix socket host', files: { [config]: runner('    host = "unix:///run/user/1000/docker.sock"\n') } },
  ],
  invalid: [
    {
      name: 'host tcp://...:2375 with tls_verify = false',
      files: { [config]: runner('    host = "tcp://10.0.0.5:2375"\n    tls_verify = false\n') },
      errors: [{ line: 9, column: 5, message: /^Runner "build" talks to the Docker API at tcp:\/\/10\.0\.0\.5:2375 without TLS \(no tls_verify = true\).*Set tls_verify = true with tls_cert_path/ }],
    },
    {
      name: "DOCKER_HOST in the runner's environment: the jobs are plain-TCP clients of their dind service",
      files: { [config]: runner('    privileged = true\n  [[runners.docker.services]]\n    name = "docker:dind"\n', '  environment = ["DOCKER_HOST=tcp://docker:2375"]\n') },
      errors: [{ line: 8, column: 18, message: /^Each job container of runner "build" talks to the Docker API at tcp:\/\/docker:2375 without TLS \(no DOCKER_TLS_VERIFY=1\).*No fix is offered/ }],
    },
  ],
});

ruleTester('host-namespace', {
  valid: [],
  invalid: [{ name: 'network_mode = "host"', files: { [config]: runner('    network_mode = "host"\n') }, errors: [{ line: 9, column: 20, message: 'sets network_mode = "host": it shares' }] }],
});

ruleTester('dangerous-capability', {
  valid: [{ name: 'cap_drop only', files: { [config]: runner('    cap_drop = ["NET_RAW"]\n') } }],
  invalid: [{ name: 'cap_add = ["SYS_ADMIN"]', files: { [config]: runner('    cap_add = ["SYS_ADMIN"]\n') }, errors: [{ line: 9, column: 16 }] }],
});

ruleTester('no-new-privileges-missing', {
  valid: [{ name: 'set', options: { preset: 'strict' }, files: { [config]: runner('    security_opt = ["no-new-privileges:true"]\n') } }],
  invalid: [
    {
      name: 'added to the existing security_opt array',
      options: { preset: 'strict' },
      files: { [config]: runner('    image = "alpine"\n    security_opt = ["apparmor:docker-default"]\n') },
      errors: [{ line: 4 }],
      output: { [config]: runner('    image = "alpine"\n    security_opt = ["apparmor:docker-default", "no-new-privileges:true"]\n') },
    },
    {
      name: 'a new security_opt line after the last key of [runners.docker]',
      options: { preset: 'strict' },
      files: { [config]: runner('    image = "alpine"\n    volumes = ["/cache"] # the cache\n  [runners.cache]\n') },
      errors: [{ line: 4 }],
      output: { [config]: runner('    image = "alpine"\n    volumes = ["/cache"] # the cache\n    security_opt = ["no-new-privileges:true"]\n  [runners.cache]\n') },
    },
  ],
});

ruleTester('analysis-limit', {
  valid: [],
  invalid: [
    {
      name: 'a TOML syntax error: not analysed, said so (GitLab Runner refuses it too)',
      files: { [config]: '[[runners]]\n  token = TOKEN\n  [runners.docker]\n    privileged = true\n' },
      errors: [{ line: 2, message: /not valid TOML/ }],
    },
  ],
});

// The kubernetes executor ([runners.kubernetes], GitLab Runner's Kubernetes executor page): one
// pod per job whose build, helper and service containers all get `privileged`, `cap_add` and the
// [[runners.kubernetes.volumes.host_path]] mounts.

/** A kubernetes-executor runner with these `[runners.kubernetes]` lines (and what follows them). */
function kubernetesRunner(kubernetes: string): string {
  return `concurrent = 1\n\n[[runners]]\n  name = "k8s"\n  url = "https://gitlab.com/"\n  token = "T"\n  executor = "kubernetes"\n  [runners.kubernetes]\n${kubernetes}`;
}

// GitLab's "Use the Kubernetes executor with Docker socket binding" runner, as documented.
const kubernetesSocketBinding = kubernetesRunner(
  "    image = \"ubuntu:20.04\"\n    privileged = false\n    [[runners.kubernetes.volumes.host_path]]\n      host_path = '/var/run/docker.sock'\n      mount_path = '/var/run/docker.sock'\n      name = 'docker-sock'\n      read_only = true\n",
);

ruleTester('privileged', {
  valid: [
    { name: 'kubernetes: privileged = false', files: { [config]: kubernetesRunner('    privileged = false\n') } },
    {
      name: 'kubernetes: the executor decides, a leftover [runners.docker] is not read',
      files: { [config]: `${kubernetesRunner('    image = "alpine"\n')}  [runners.docker]\n    privileged = true\n` },
    },
  ],
  invalid: [
    {
      name: 'kubernetes: privileged = true, with how to contain it',
      files: { [config]: kubernetesRunner('    image = "ubuntu:20.04"\n    privileged = true\n') },
      errors: [
        {
          line: 10,
          column: 18,
          severity: 'warning',
          message: /^The build container of each job pod of runner "k8s" is privileged.*build, helper and service containers.*service_container_security_context/,
        },
      ],
      output: null,
    },
    {
      name: 'kubernetes: only the services are privileged, for a dind service (info)',
      files: {
        [config]: kubernetesRunner(
          '    privileged = false\n    [runners.kubernetes.service_container_security_context]\n      privileged = true\n    [[runners.kubernetes.services]]\n      name = "docker:27-dind"\n',
        ),
      },
      errors: [{ line: 11, column: 20, severity: 'info', message: /^Service "docker:27-dind" of runner "k8s" runs dockerd, which needs privileged = true:/ }],
      output: null,
    },
  ],
});

ruleTester('docker-socket-mount', {
  valid: [
    {
      name: 'kubernetes: an emptyDir at /var/run is no host socket',
      files: { [config]: kubernetesRunner('    [[runners.kubernetes.volumes.empty_dir]]\n      name = "docker-sock"\n      mount_path = "/var/run/"\n') },
    },
  ],
  invalid: [
    {
      name: "kubernetes: GitLab's documented socket binding, at the host path",
      files: { [config]: kubernetesSocketBinding },
      errors: [{ line: 12, column: 19, message: /^The build container of each job pod of runner "k8s" mounts the container runtime socket \/var\/run\/docker\.sock/ }],
      output: null,
    },
    {
      name: 'kubernetes: host_path left out is mount_path (GitLab: the same path), reported there',
      files: { [config]: kubernetesRunner('    [[runners.kubernetes.volumes.host_path]]\n      name = "docker"\n      mount_path = "/var/run/docker.sock"\n') },
      errors: [{ line: 11, column: 20 }],
      output: null,
    },
  ],
});

ruleTester('sensitive-host-mount', {
  valid: [
    {
      name: 'kubernetes: a cache folder',
      files: { [config]: kubernetesRunner('    [[runners.kubernetes.volumes.host_path]]\n      name = "cache"\n      mount_path = "/cache"\n      host_path = "/srv/gitlab-cache"\n') },
    },
  ],
  invalid: [
    {
      name: "kubernetes: the node's /etc",
      files: { [config]: kubernetesRunner('    [[runners.kubernetes.volumes.host_path]]\n      name = "etc"\n      mount_path = "/host/etc"\n      host_path = "/etc"\n') },
      errors: [{ line: 12, column: 19 }],
      output: null,
    },
  ],
});

ruleTester('dangerous-capability', {
  valid: [],
  invalid: [{ name: 'kubernetes: cap_add = ["SYS_ADMIN"]', files: { [config]: kubernetesRunner('    cap_add = ["SYS_ADMIN"]\n') }, errors: [{ line: 9, column: 16 }], output: null }],
});

describe('kubernetes executor under the strict preset', () => {
  const findings = (kubernetes: string) =>
    lintCase({ [config]: kubernetesRunner(kubernetes) }, { options: { preset: 'strict' } })[0]
      .findings.filter((finding) => finding.message.startsWith('The build container'))
      .map((finding) => [finding.ruleId, finding.message, (finding.fixes ?? []).length]);

  it("names config.toml's keys, and says what the runner cannot set", () => {
    assert.deepEqual(findings(`    image = "alpine@sha256:${'a'.repeat(64)}"\n`), [
      [
        'capabilities-not-dropped',
        'The build container of each job pod of runner "k8s" keeps the default capabilities: add cap_drop = ["ALL"], and give back with cap_add what it needs (images that change owners or users at start need CHOWN, SETUID, SETGID).',
        0,
      ],
      [
        'no-new-privileges-missing',
        'The build container of each job pod of runner "k8s" does not set allow_privilege_escalation = false: a process in it can gain privileges through setuid and setcap binaries.',
        0,
      ],
      [
        'no-resource-limits',
        'The build container of each job pod of runner "k8s" has no memory limit (memory_limit): one runaway or hostile process in it can exhaust the host and take every other container down (denial of service). A PIDs limit is not config.toml\'s to set: it is the kubelet\'s podPidsLimit on each node.',
        0,
      ],
      [
        'writable-root-filesystem',
        'The build container of each job pod of runner "k8s" has a writable root filesystem: set read_only_root_filesystem = true in [runners.kubernetes.build_container_security_context] and mount an empty_dir volume ([[runners.kubernetes.volumes.empty_dir]]) where it writes (not fixed automatically: which paths it writes is the image\'s business).',
        0,
      ],
    ]);
  });

  it('allow_privilege_escalation = false, memory_limit, cap_drop and read_only_root_filesystem silence them', () => {
    assert.deepEqual(
      findings(
        `    image = "alpine@sha256:${'a'.repeat(64)}"\n    allow_privilege_escalation = false\n    memory_limit = "1Gi"\n    cap_drop = ["ALL"]\n    [runners.kubernetes.build_container_security_context]\n      read_only_root_filesystem = true\n`,
      ),
      [],
    );
  });
});

describe('docker executor under the strict preset', () => {
  const findings = (docker: string) =>
    lintCase({ [config]: runner(docker) }, { options: { preset: 'strict' } })[0]
      .findings.filter((finding) => finding.message.startsWith('Each job container') || finding.message.startsWith('Service '))
      .map((finding) => [finding.ruleId, finding.message, (finding.fixes ?? []).map((fix) => fix.title)]);

  it("names [runners.docker]'s keys, keeps the TOML fixes, and asks nothing it has no key for", () => {
    assert.deepEqual(findings(`    image = "alpine@sha256:${'a'.repeat(64)}"\n`), [
      [
        'capabilities-not-dropped',
        'Each job container of runner "build" keeps the default capabilities: add cap_drop = ["ALL"], and give back with cap_add what it needs (images that change owners or users at start need CHOWN, SETUID, SETGID).',
        ['Add cap_drop: [ALL] (then cap_add what the service needs)'],
      ],
      [
        'no-new-privileges-missing',
        'Each job container of runner "build" does not set security_opt = ["no-new-privileges:true"]: a process in it can gain privileges through setuid and setcap binaries.',
        ['Add security_opt no-new-privileges:true'],
      ],
      [
        'no-resource-limits',
        'Each job container of runner "build" has no memory limit (memory): one runaway or hostile process in it can exhaust the host and take every other container down (denial of service). [runners.docker] has no PIDs limit key.',
        [],
      ],
    ]);
  });

  it('memory, cap_drop and security_opt silence them; a service is judged by service_memory and services_security_opt', () => {
    const hardened = `    image = "alpine@sha256:${'a'.repeat(64)}"\n    memory = "1g"\n    cap_drop = ["ALL"]\n    security_opt = ["no-new-privileges:true"]\n`;
    assert.deepEqual(findings(hardened), []);
    const service = `  [[runners.docker.services]]\n    name = "redis@sha256:${'b'.repeat(64)}"\n`;
    const serviceRules = (docker: string) =>
      findings(docker)
        .filter(([, message]) => String(message).startsWith('Service '))
        .map(([rule, message]) => [rule, message]);
    assert.deepEqual(
      serviceRules(hardened + service).filter(([rule]) => rule !== 'capabilities-not-dropped'),
      [
        [
          'no-new-privileges-missing',
          'Service "redis@sha256:' +
            'b'.repeat(64) +
            '" of runner "build" does not set services_security_opt = ["no-new-privileges:true"]: a process in it can gain privileges through setuid and setcap binaries.',
        ],
        [
          'no-resource-limits',
          'Service "redis@sha256:' +
            'b'.repeat(64) +
            '" of runner "build" has no memory limit (service_memory): one runaway or hostile process in it can exhaust the host and take every other container down (denial of service). [runners.docker] has no PIDs limit key.',
        ],
      ],
    );
    assert.deepEqual(
      serviceRules(`${hardened}    service_memory = "512m"\n    services_security_opt = ["no-new-privileges:true"]\n${service}`).filter(([rule]) => rule !== 'capabilities-not-dropped'),
      [],
    );
  });
});
