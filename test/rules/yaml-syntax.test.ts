import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli, tree } from '../helpers/cli';
import { lintCase, ruleTester } from '../helpers/rule-tester';

const compose = 'compose.yaml';
const pipeline = '.gitlab-ci.yml';
const workflow = '.github/workflows/ci.yml';
const manifest = 'deploy/pod.yaml';
const dindJob = 'build:\n  image: docker:24\n  services:\n    - docker:24-dind\n  variables:\n    DOCKER_TLS_CERTDIR: ""\n';

ruleTester('yaml-syntax', {
  valid: [
    { name: 'a multi-document file', files: { [compose]: 'services:\n  a:\n    image: x\n---\nservices:\n  b:\n    image: y\n' } },
    { name: 'a valid pipeline', files: { [pipeline]: `${dindJob}  script: [ "a" ]\n` } },
  ],
  invalid: [
    { name: 'a duplicate key', files: { [compose]: 'services:\n  a:\n    image: x\n    image: y\n' }, errors: [{ line: 4, severity: 'error', message: 'Docker Compose refuses' }] },
    { name: 'an unclosed quote', files: { [compose]: 'services:\n  a:\n    image: "x\n' }, errors: [{ line: 3 }] },
    {
      name: 'an unterminated flow sequence in a pipeline',
      files: { [pipeline]: `${dindJob}  script: [ "a\n` },
      errors: [
        { line: 7, severity: 'error', message: /^YAML error: Missing closing "quote\. GitLab refuses the pipeline\.$/ },
        { line: 7, message: /^YAML error: Flow sequence .* GitLab refuses the pipeline\.$/ },
      ],
    },
    {
      name: 'a duplicate key in a workflow',
      files: { [workflow]: 'on: push\non: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n' },
      errors: [{ line: 2, message: /GitHub refuses the workflow\.$/ }],
    },
    {
      name: 'a bad indentation in a manifest',
      files: { [manifest]: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: x\n     args: [1]\n' },
      errors: [{ line: 9, message: /kubectl refuses the manifest\.$/ }],
    },
  ],
});

it('a broken second document still yields findings for the first', () => {
  const results = lintCase({ [compose]: 'services:\n  a:\n    image: x\n    privileged: true\n---\nservices: [\n' });
  const ids = results[0].findings.map((finding) => finding.ruleId);
  assert.ok(ids.includes('yaml-syntax'), ids.join());
  assert.ok(ids.includes('privileged'), ids.join());
});

describe('the CLI fails a CI file that its CI refuses', () => {
  it('reports the YAML error of a .gitlab-ci.yml beside its dind findings, and exits 1', () => {
    const root = tree({ [pipeline]: `${dindJob}  script: [ "a\n` });
    const { code, stdout } = runCli(['--format', 'json', root]);
    assert.equal(code, 1, stdout);
    const [file] = JSON.parse(stdout);
    const ids = file.messages.map((message: { ruleId: string }) => message.ruleId).sort();
    assert.deepEqual(ids, ['dind-tls-disabled', 'yaml-syntax', 'yaml-syntax']);
  });

  it('SARIF carries the YAML error of a Kubernetes manifest as an error result', () => {
    const root = tree({ [manifest]: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: a\n      image: x\n     args: [1]\n' });
    const { code, stdout } = runCli(['--format', 'sarif', root]);
    assert.equal(code, 1, stdout);
    const results: { ruleId: string; level: string; message: { text: string } }[] = JSON.parse(stdout).runs[0].results;
    const syntax = results.filter((result) => result.ruleId === 'yaml-syntax');
    assert.equal(syntax.length, 1, JSON.stringify(results));
    assert.equal(syntax[0].level, 'error');
    assert.match(syntax[0].message.text, /kubectl refuses the manifest\.$/);
  });

  it('exits 1 on a workflow whose only problem is its YAML', () => {
    const root = tree({ [workflow]: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true\n' });
    const { code, stdout } = runCli([root]);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /error +YAML error: .*GitHub refuses the workflow\. +yaml-syntax/);
  });
});
