// GitLab CI reading stays linear (issue 20; SURFACES.md item 11): many jobs through extends and
// !reference, and many top-level variables that name each other, at n and 4n in one run.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintFiles } from '../../server/src/engine/lint';
import { assertShapeLinear } from './growth';
import { hostileShapes } from './hostile-shapes';

describe('GitLab CI: no super-linear path', () => {
  for (const shape of ['GitLab CI jobs with dind templates', 'GitLab CI many variables']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }

  it('every job of the template pipeline is judged (the shape is what it says)', () => {
    const [result] = lintFiles(hostileShapes['GitLab CI jobs with dind templates'].make(20), defaultLintOptions());
    assert.equal(result.kind, 'gitlab-ci');
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'dind-tls-disabled').length, 20);
  });
});
