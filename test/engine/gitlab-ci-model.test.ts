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
