// GitLab's variable expansion in job values (server/src/engine/gitlab-ci/expand.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mappedVerbatim } from '../../server/src/engine/compose/mapped-string';
import { expandVariables } from '../../server/src/engine/gitlab-ci/expand';

const variables = new Map([
  ['DOCKER_TLS_CERTDIR', '/certs'],
  ['IMAGE', 'docker:24-dind'],
]);
const expand = (text: string) => expandVariables(mappedVerbatim(text, 10), (name) => variables.get(name));

describe('GitLab CI variable expansion', () => {
  it('takes $NAME and ${NAME} from the job, keeps $$ as $', () => {
    assert.equal(expand('$DOCKER_TLS_CERTDIR/client').value.text, '/certs/client');
    assert.equal(expand('${IMAGE}').value.text, 'docker:24-dind');
    assert.equal(expand('cost: $$5').value.text, 'cost: $5');
    assert.equal(expand('plain').notes.length, 0);
  });
  it('judges a name the file does not set as empty, and says so', () => {
    const result = expand('$CI_REGISTRY/app');
    assert.equal(result.value.text, '/app');
    assert.equal(result.unresolved, true);
    assert.match(result.notes[0], /\$CI_REGISTRY is not set in the pipeline file/);
  });
  it('leaves what is no variable as written', () => {
    assert.equal(expand('a$').value.text, 'a$');
    assert.equal(expand('${1}').value.text, '${1}');
    assert.equal(expand('${NAME').value.text, '${NAME');
  });
  it('keeps the source span of literal characters', () => {
    const result = expand('x$IMAGE');
    assert.equal(result.value.starts[0], 10);
  });
});
