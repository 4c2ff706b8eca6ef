// The GitLab CI reader's model (server/src/engine/gitlab-ci/read.ts): what the container and
// dockerd models record for a pipeline, beyond what the rules report.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { readGitlabCi } from '../../server/src/engine/gitlab-ci/read';
import { connectivityOfFiles } from '../../server/src/engine/lint';

const uri = 'file:///project/.gitlab-ci.yml';

function read(text: string) {
  const result = readGitlabCi(uri, text, 64);
  assert.ok('containers' in result, JSON.stringify(result));
  return result;
}

const dindPipeline = `build:
  image: docker:27
  variables:
    DOCKER_TLS_CERTDIR: ""
  services:
    - docker:27-dind
  script: docker info
`;

describe('GitLab CI model: the dind service', () => {
  it("records its dockerd settings as the pipeline file's, not a Compose file's", () => {
    const { dockerd } = read(dindPipeline);
    assert.equal(dockerd.length, 1);
    assert.deepEqual(
      dockerd[0].sources.map((source) => source.kind),
      ['gitlab-ci'],
    );
    assert.deepEqual([...new Set(dockerd[0].entries.map((entry) => entry.kind))], ['gitlab-ci']);
  });
});

describe('GitLab CI model: variables written as a mapping', () => {
  const environment = (text: string) => new Map(read(text).containers.models[0].services[0].environment.map((variable) => [variable.name, variable.value?.text]));

  it('expands $NAME in `value:` by default, and not with `expand: false`', () => {
    const variables = environment(`variables:
  DIND: docker
  EXPANDED:
    value: tcp://$DIND:2375
    description: the dind service
  RAW:
    value: tcp://$DIND:2375
    expand: false
  RAW_ESCAPE: {value: "a$$b", expand: false}
build:
  script: docker info
`);
    assert.equal(variables.get('EXPANDED'), 'tcp://docker:2375');
    assert.equal(variables.get('RAW'), 'tcp://$DIND:2375');
    assert.equal(variables.get('RAW_ESCAPE'), 'a$$b');
  });

  it('a DOCKER_HOST with `expand: false` keeps its $ as written, without notes', () => {
    const { containers } = read(`build:
  image: docker:27
  variables:
    DIND: docker
    DOCKER_HOST: {value: "tcp://$DIND:2375", expand: false}
  services: [docker:27-dind]
  script: docker info
`);
    const job = containers.models[0].services[0];
    const dockerHost = job.environment.find((variable) => variable.name === 'DOCKER_HOST');
    assert.equal(dockerHost?.value?.text, 'tcp://$DIND:2375');
    assert.deepEqual(dockerHost?.value?.notes, []);
  });

  it('a variable with `description:` and no `value:` is an empty string (GitLab, "variables:description"), with a note saying so', () => {
    const text = `variables:
  DOCKER_HOST:
    description: "The daemon to build with; leave empty for the dind service"
  DOCKER_TLS_CERTDIR: {description: "Where dind writes its certificates"}
build:
  image: docker:27
  services: [docker:27-dind]
  script: docker info
`;
    const [container, dind] = read(text).containers.models[0].services;
    const dockerHost = container.environment.find((variable) => variable.name === 'DOCKER_HOST');
    assert.equal(dockerHost?.value?.text, '');
    assert.match(dockerHost?.value?.notes.join() ?? '', /DOCKER_HOST has a description and no value: GitLab sets it to an empty string unless someone running the pipeline by hand fills it in/);
    // Empty, DOCKER_TLS_CERTDIR turns dind's TLS off; an empty DOCKER_HOST leaves the docker image's entrypoint to pick tcp://docker:2375.
    assert.equal(dind.environment.find((variable) => variable.name === 'DOCKER_TLS_CERTDIR')?.value?.text, '');
    const { connectivity } = connectivityOfFiles([{ uri, text }], defaultLintOptions());
    const edge = connectivity.scopes.flatMap((scope) => scope.edges).find((each) => each.client.name === 'build');
    assert.equal(edge?.client.target, 'tcp://docker:2375');
    assert.equal(edge?.verdict, 'connects');
  });
});

describe('GitLab CI model: FF_NETWORK_PER_BUILD', () => {
  const pipeline = (topLevel: string, jobLevel = '') => `variables:
  DOCKER_TLS_CERTDIR: ""
${topLevel}
build:
  image: docker:27
  variables:
    DOCKER_HOST: tcp://docker:2375
${jobLevel}
  services:
    - docker:27-dind
    - name: python:3.12
      alias: tests
      variables:
        DOCKER_HOST: tcp://docker:2375
  script: docker info
`;
  const job = (text: string) => {
    const model = read(text).containers.models[0];
    const [container, dind, tests] = model.services;
    return { model, container, dind, tests };
  };
  const edgeOf = (text: string, name: string) => {
    const { connectivity } = connectivityOfFiles([{ uri, text }], defaultLintOptions());
    return connectivity.scopes.flatMap((scope) => scope.edges).find((edge) => edge.client.name === name);
  };

  it("off (GitLab's default): legacy links, only the job's container resolves the services' names", () => {
    const text = pipeline('');
    const { model, container, dind } = job(text);
    assert.equal(model.nameResolution?.only, container);
    assert.match(dind.reach ?? '', /^from the job's container, which GitLab links to it, and by address from every container on Docker's default bridge of the runner machine/);
    assert.ok(!container.hostnames.includes('build'));
    assert.equal(edgeOf(text, 'build')?.verdict, 'connects');
    const fromService = edgeOf(text, 'tests');
    assert.equal(fromService?.verdict, 'not-judged');
    assert.match(fromService?.reason ?? '', /"docker" names another service: without FF_NETWORK_PER_BUILD, GitLab links the services to the job's container only/);
  });

  it('on at the top level ("true", "1", "True"): every container of the job resolves the others, the job as "build" too', () => {
    for (const value of ['"true"', '1', 'True']) {
      const text = pipeline(`  FF_NETWORK_PER_BUILD: ${value}`);
      const { model, container, dind } = job(text);
      assert.equal(model.nameResolution, undefined, value);
      assert.match(dind.reach ?? '', /^from the job's container and its other services, on the network the runner creates for this job \(FF_NETWORK_PER_BUILD\)/);
      assert.ok(container.hostnames.includes('build'));
      assert.equal(edgeOf(text, 'tests')?.verdict, 'connects');
    }
  });

  it("the job's value wins over the top level; a value that is no boolean leaves it off", () => {
    assert.equal(job(pipeline('  FF_NETWORK_PER_BUILD: "true"', '    FF_NETWORK_PER_BUILD: "false"')).model.nameResolution?.only.name, 'build');
    assert.equal(job(pipeline('  FF_NETWORK_PER_BUILD: "false"', '    FF_NETWORK_PER_BUILD: "true"')).model.nameResolution, undefined);
    assert.equal(job(pipeline('  FF_NETWORK_PER_BUILD: "yes"')).model.nameResolution?.only.name, 'build');
  });
});
