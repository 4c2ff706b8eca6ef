// Kubernetes manifests stay linear in their size (issue 20, SURFACES item 11): the shapes in
// test/robustness/hostile-shapes.ts that would make a pod-by-Service or client-by-client
// reader quadratic, linted at n and 4n in child processes (ratios in one run, no clock limit).

import { describe, it } from 'node:test';
import { assertShapeLinear } from '../robustness/growth';
import { hostileShapes } from '../robustness/hostile-shapes';

describe('Kubernetes manifests: linear in their size', () => {
  for (const shape of ['Kubernetes pods and Services', 'Kubernetes pod of many dind clients']) {
    it(`${hostileShapes[shape].about}: linear`, () => {
      assertShapeLinear(shape, hostileShapes[shape].baseSize);
    });
  }
});
