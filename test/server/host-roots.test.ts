// Which files the language server reads together with an open document.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostRootOf } from '../../server/src/lsp/workspace-index';

describe('host roots (which files the editor reads with an open document)', () => {
  it('groups a root filesystem under its etc/, and drop-in folders with their unit', () => {
    assert.equal(hostRootOf('/w/hosts/a/etc/docker/daemon.json'), '/w/hosts/a/etc');
    assert.equal(hostRootOf('/w/hosts/a/etc/systemd/system/docker.service.d/override.conf'), '/w/hosts/a/etc');
    assert.equal(hostRootOf('/w/hosts/a/etc/default/docker'), '/w/hosts/a/etc');
    assert.equal(hostRootOf('/w/deploy/docker.service.d/tls.conf'), '/w/deploy');
    assert.equal(hostRootOf('/w/deploy/daemon.json'), '/w/deploy');
  });
});
