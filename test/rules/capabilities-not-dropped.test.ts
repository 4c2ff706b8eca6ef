import assert from 'node:assert/strict';
import { it } from 'node:test';
import { applyFix } from '../../server/src/engine/fix';
import { lintCase, ruleTester, uriOf } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const strict = { options: { preset: 'strict' as const } };

ruleTester('capabilities-not-dropped', {
  valid: [
    {
      ...strict,
      name: "GitLab CI: a pipeline cannot set it (the runner's config.toml does)",
      files: { '.gitlab-ci.yml': 'build:\n  image: docker:27\n  services: [docker:27-dind]\n  script: docker info\n' },
    },
    { name: 'off in the recommended preset', files: { [compose]: 'services:\n  app:\n    image: alpine\n' } },
    { ...strict, name: 'cap_drop ALL (and what is added back)', files: { [compose]: 'services:\n  app:\n    image: nginx\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n' } },
    { ...strict, name: 'inherited through extends', files: { [compose]: 'services:\n  base:\n    image: x\n    cap_drop:\n      - all\n  app:\n    extends: base\n' } },
    { ...strict, name: 'privileged: cap_drop would not apply (privileged reports it)', files: { [compose]: 'services:\n  app:\n    image: x\n    privileged: true\n' } },
  ],
  invalid: [
    {
      ...strict,
      name: 'no cap_drop: reported; the fix is offered but not preferred (an image may need a default capability)',
      files: { [compose]: 'services:\n  app:\n    image: postgres:16\n' },
      errors: [{ line: 2, column: 3, severity: 'info', message: 'CHOWN, SETUID, SETGID' }],
      output: null,
    },
    {
      ...strict,
      name: 'cap_drop of some: the fix adds ALL to the list',
      files: { [compose]: 'services:\n  app:\n    image: x\n    cap_add: [NET_ADMIN]\n    cap_drop:\n      - NET_RAW\n' },
      errors: [{ line: 2, message: 'its cap_add NET_ADMIN stays in force' }],
      output: null,
    },
  ],
});

it('capabilities-not-dropped: the quick-fix adds cap_drop: [ALL], in the list style when there is one', () => {
  const cases: [string, string][] = [
    ['services:\n  app:\n    image: postgres:16\n', 'services:\n  app:\n    image: postgres:16\n    cap_drop: [ALL]\n'],
    ['services:\n  app:\n    image: x\n    cap_drop:\n      - NET_RAW\n', 'services:\n  app:\n    image: x\n    cap_drop:\n      - NET_RAW\n      - ALL\n'],
  ];
  for (const [before, after] of cases) {
    const finding = lintCase({ [compose]: before }, strict)[0].findings.find((f) => f.ruleId === 'capabilities-not-dropped')!;
    assert.equal(finding.fixes.length, 1);
    assert.equal(finding.fixes[0].preferred, false);
    assert.equal(applyFix(new Map([[uriOf(compose), before]]), finding.fixes[0]).get(uriOf(compose)), after);
  }
});
