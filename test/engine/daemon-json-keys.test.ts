// The key rules split the keys between them: each key dockerd's check sees is reported by at
// most one of unknown-key, platform-key, ignored-key and dangerous-boolean-flag-key, on every
// platform and engine version.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLintOptions } from '../../server/src/engine/config';
import { closestKey } from '../../server/src/engine/daemon-json/suggest';
import { daemonOptions } from '../../server/src/engine/dockerd/options';
import { lintText } from '../../server/src/engine/lint';
import type { Platform } from '../../server/src/engine/types';

const keyRules = new Set(['unknown-key', 'platform-key', 'ignored-key', 'dangerous-boolean-flag-key']);

describe('key rules partition the keys', () => {
  for (const platform of ['linux', 'windows'] as Platform[]) {
    for (const engineVersion of ['20.10', '23.0', '27.5', '28.0', '29.7']) {
      it(`${platform} ${engineVersion}`, () => {
        for (const value of ['true', 'false', '1', '"x"']) {
          const keys = [...daemonOptions.keys()];
          const text = `{\n${keys.map((key) => `  ${JSON.stringify(key)}: ${value}`).join(',\n')}\n}\n`;
          const result = lintText({ uri: 'file:///etc/docker/daemon.json', text }, { ...defaultLintOptions(), env: { platform, engineVersion } });
          const byLine = new Map<number, string[]>();
          for (const finding of result?.findings ?? []) {
            if (!keyRules.has(finding.ruleId)) continue;
            const line = text.slice(0, finding.span.start).split('\n').length - 1;
            byLine.set(line, [...(byLine.get(line) ?? []), finding.ruleId]);
          }
          for (const [line, rules] of byLine) assert.equal(rules.length, 1, `${keys[line - 1]} = ${value}: ${rules.join(', ')}`);
          // Every flag-name alias is reported by one of them: none is silently fine.
          for (const [index, key] of keys.entries()) {
            if (daemonOptions.get(key)?.category === 'flag-name-alias') assert.ok(byLine.has(index + 1), `${key} = ${value} on ${platform} ${engineVersion}: no finding`);
          }
        }
      });
    }
  }
});

describe('did you mean', () => {
  const candidates = ['hosts', 'debug', 'labels', 'log-level', 'log-driver', 'tls', 'tlscert', 'tlskey'];
  it('finds the one close key', () => {
    assert.equal(closestKey('hostz', candidates), 'hosts');
    assert.equal(closestKey('Debug', candidates), 'debug');
    assert.equal(closestKey('lables', candidates), 'labels');
    assert.equal(closestKey('log_level', candidates), 'log-level');
  });
  it('stays silent when nothing or several are close', () => {
    assert.equal(closestKey('something-else', candidates), undefined);
    assert.equal(closestKey('tlsce', ['tlscert', 'tlscacert', 'tlskey']), undefined);
    assert.equal(closestKey('log-drive', ['log-driver', 'log-drivex']), undefined);
  });
});
