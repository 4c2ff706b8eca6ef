// GitLab Runner's config.toml is read in linear time and memory (issue 20, SURFACES.md step 11):
// many runners, and long arrays, measured at n and 4n in child processes (growth.ts); arrays
// nested past the limit are found before the parser recurses into them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gitlabRunnerReader } from '../../server/src/engine/gitlab-runner/read';
import { maxNestingDepth } from '../../server/src/engine/lint';
import { assertShapeLinear } from './growth';
import { hostileShapes } from './hostile-shapes';

describe('GitLab Runner config.toml budgets', () => {
  for (const shape of ['GitLab Runner runners', 'GitLab Runner long arrays']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }

  it('arrays nested past the limit: not parsed (the parser would recurse), at the first bracket too deep', () => {
    const depth = 100_000;
    const text = `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    volumes = ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    const read = gitlabRunnerReader.read('file:///w/etc/gitlab-runner/config.toml', text, maxNestingDepth);
    assert.deepEqual(read, { tooDeep: text.indexOf('volumes = ') + 'volumes = '.length + maxNestingDepth });
    // Brackets inside strings and comments are text.
    const quoted = `[[runners]]\n  executor = "docker"\n  [runners.docker]\n    image = "${'['.repeat(depth)}" # ${'{'.repeat(depth)}\n`;
    assert.ok('containers' in gitlabRunnerReader.read('file:///w/config.toml', quoted, maxNestingDepth));
  });
});
