// Which platform a file is judged for: the user's choice (CLI --platform, .dockerd-lint.json,
// the editor's dockerdLint.platform) when there is one; otherwise the file's place, where
// only %ProgramData%\docker\config\daemon.json says Windows.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { isWindowsDaemonConfig } from '../../server/src/engine/detect';
import { lintText } from '../../server/src/engine/lint';
import { checkProjectConfig, withProjectConfig } from '../../server/src/engine/project-config';

const windowsConfig = '{\n  "hosts": ["npipe://"]\n}\n';
const ruleIds = (uri: string, options = defaultLintOptions()) => lintText({ uri, text: windowsConfig }, options)?.findings.map((finding) => finding.ruleId) ?? [];

describe('the platform a daemon.json is judged for', () => {
  it('knows where dockerd on Windows reads its configuration, in any case and either separator', () => {
    assert.ok(isWindowsDaemonConfig('file:///c%3A/ProgramData/docker/config/daemon.json'));
    assert.ok(isWindowsDaemonConfig('file:///C:/programdata/Docker/Config/daemon.json'));
    assert.ok(isWindowsDaemonConfig('file:///home/ann/infra/win-host/ProgramData/docker/config/daemon.json'));
    assert.ok(isWindowsDaemonConfig('C:\\ProgramData\\docker\\config\\daemon.json'));
    assert.ok(!isWindowsDaemonConfig('file:///etc/docker/daemon.json'));
    assert.ok(!isWindowsDaemonConfig('file:///srv/ProgramData/docker/daemon.json'));
    assert.ok(!isWindowsDaemonConfig('file:///srv/MyProgramData/docker/config/daemon.json'));
  });

  it('with no choice made, a named pipe is valid there and not in /etc/docker', () => {
    assert.deepEqual(ruleIds('file:///c%3A/ProgramData/docker/config/daemon.json'), []);
    assert.ok(ruleIds('file:///etc/docker/daemon.json').includes('invalid-host'));
  });

  it('a platform the user chose wins over the place, from any layer', () => {
    const linux = withProjectConfig(defaultLintOptions(), checkProjectConfig({ platform: 'linux' }).value);
    assert.ok(ruleIds('file:///c%3A/ProgramData/docker/config/daemon.json', linux).includes('invalid-host'));
    const windows = withProjectConfig(defaultLintOptions(), checkProjectConfig({ platform: 'windows' }).value, checkProjectConfig({}).value);
    assert.deepEqual(ruleIds('file:///etc/docker/daemon.json', windows), []);
  });

  it('"auto" is no choice: it leaves an earlier layer\'s platform, or the place, in charge', () => {
    const auto = checkProjectConfig({ platform: 'auto' });
    assert.deepEqual(auto, { value: {}, problems: [] });
    const projectWindows = withProjectConfig(defaultLintOptions(), checkProjectConfig({ platform: 'windows' }).value, auto.value);
    assert.deepEqual(ruleIds('file:///etc/docker/daemon.json', projectWindows), []);
    assert.deepEqual(ruleIds('file:///c%3A/ProgramData/docker/config/daemon.json', withProjectConfig(defaultLintOptions(), auto.value)), []);
    assert.deepEqual(checkProjectConfig({ platform: 'macos' }).problems, ['"platform" must be one of linux, windows, auto']);
  });
});
