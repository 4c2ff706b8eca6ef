// GitLab CI service hostnames (GitLab docs, "Accessing the services").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceHostnames } from '../../server/src/engine/gitlab-ci/hostnames';

describe('GitLab CI service hostnames', () => {
  it('drop the tag and digest, and replace / by __ and by -', () => {
    assert.deepEqual(serviceHostnames('docker:dind', undefined), ['docker']);
    assert.deepEqual(serviceHostnames('docker:24.0.5-dind', undefined), ['docker']);
    assert.deepEqual(serviceHostnames('tutum/wordpress:latest', undefined), ['tutum__wordpress', 'tutum-wordpress']);
    assert.deepEqual(serviceHostnames('docker@sha256:abc', undefined), ['docker']);
  });
  it('an alias replaces them; comma-separated aliases are each a name', () => {
    assert.deepEqual(serviceHostnames('docker:dind', 'dind'), ['dind']);
    assert.deepEqual(serviceHostnames('docker:dind', 'dind, docker-host'), ['dind', 'docker-host']);
  });
});
