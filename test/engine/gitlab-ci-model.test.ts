// The GitLab CI reader's model (server/src/engine/gitlab-ci/read.ts): what the container and
// dockerd models record for a pipeline, beyond what the rules report.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readGitlabCi } from '../../server/src/engine/gitlab-ci/read';

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
});
