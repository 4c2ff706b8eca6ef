// GitLab Runner's config.toml below the rules: suppression comments come from TOML's real
// comment tokens, and every TOML edit re-parses with toml-eslint-parser and changes only what
// it says (the rest of the document's data is the same).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getStaticTOMLValue, parseTOML } from 'toml-eslint-parser';
import { gitlabRunnerEditor, removeArrayItem } from '../../server/src/engine/gitlab-runner/edit';
import { gitlabRunnerReader } from '../../server/src/engine/gitlab-runner/read';
import type { ContainerFile } from '../../server/src/engine/document';
import { applyEdits } from '../../server/src/engine/text';
import type { TextEdit } from '../../server/src/engine/types';
import { lintCase } from '../helpers/rule-tester';

const config = 'etc/gitlab-runner/config.toml';

function ruleIds(text: string): string[] {
  return lintCase({ [config]: text }).flatMap((result) => result.findings.map((finding) => finding.ruleId));
}

const socket = '    volumes = ["/var/run/docker.sock:/var/run/docker.sock", "/cache"]\n';
const head = '[[runners]]\n  name = "r"\n  executor = "docker"\n  [runners.docker]\n';

describe('gitlab-runner suppression comments', () => {
  it('a TOML comment silences, in each form', () => {
    assert.deepEqual(ruleIds(head + socket), ['docker-socket-mount']);
    assert.deepEqual(ruleIds(`# dockerd-lint-disable docker-socket-mount -- build host\n${head}${socket}`), []);
    assert.deepEqual(ruleIds(`${head}    # dockerd-lint-disable-next-line docker-socket-mount -- build host\n${socket}`), []);
    assert.deepEqual(ruleIds(`${head}${socket.trimEnd()} # dockerd-lint-disable-line docker-socket-mount\n`), []);
  });

  it('a directive inside a TOML string is text, not a comment', () => {
    const quoted = `${head}    image = "alpine # dockerd-lint-disable"\n    pull_policy = '''\n# dockerd-lint-disable\n'''\n${socket}`;
    assert.deepEqual(ruleIds(quoted), ['docker-socket-mount']);
  });
});

function read(text: string): ContainerFile {
  const parsed = gitlabRunnerReader.read('file:///c/config.toml', text, 256);
  assert.ok('containers' in parsed);
  return { uri: 'file:///c/config.toml', kind: 'gitlab-runner', text, ...parsed } as unknown as ContainerFile;
}

/** The edit applied; the result parses and its data is `expected(data before)`. */
function edited(text: string, edit: TextEdit | TextEdit[] | undefined, expected: (data: Record<string, unknown>) => void): string {
  assert.ok(edit, 'an edit');
  const after = applyEdits(text, Array.isArray(edit) ? edit : [edit]);
  const data = getStaticTOMLValue(parseTOML(text)) as Record<string, unknown>;
  expected(data);
  assert.deepEqual(getStaticTOMLValue(parseTOML(after)), data, after);
  return after;
}

type Runner = { runners: { docker: Record<string, unknown>; environment?: string[] }[] };

describe('gitlab-runner TOML edits re-parse and keep the structure', () => {
  const text = `${head}    privileged = true\n    volumes = ["/a", "/var/run/docker.sock:/var/run/docker.sock", "/cache"] # kept\n  [runners.cache]\n    Insecure = false\n`;
  const file = read(text);
  const job = file.containers.services[0];

  it('replaces a whole value with a TOML literal, and refuses a word inside a string', () => {
    const privileged = job.privileged!;
    edited(text, gitlabRunnerEditor.replaceValue(file, privileged.span, false), (data) => {
      (data as Runner).runners[0].docker.privileged = false;
    });
    const inside = { start: job.volumes[1].span.start + 1, end: job.volumes[1].span.start + 5 };
    assert.deepEqual(gitlabRunnerEditor.replaceValue(file, inside, 'x'), []);
  });

  it('removes the first, a middle and the last array item with its comma', () => {
    const array = job.node.entries.find((entry) => entry.key === 'volumes')!.value;
    assert.equal(array.type, 'seq');
    if (array.type !== 'seq') return;
    for (const index of [0, 1, 2]) {
      const after = edited(text, removeArrayItem(text, array, array.items[index].span), (data) => {
        (data as Runner).runners[0].docker.volumes = ['/a', '/var/run/docker.sock:/var/run/docker.sock', '/cache'].filter((_, i) => i !== index);
      });
      assert.match(after, /\] # kept\n/);
    }
    const single = `${head}    volumes = ["/only"]\n`;
    const singleArray = read(single).containers.services[0].node.entries[0].value;
    if (singleArray.type === 'seq')
      assert.match(
        edited(single, removeArrayItem(single, singleArray, singleArray.items[0].span), (data) => ((data as Runner).runners[0].docker.volumes = [])),
        /volumes = \[\]/,
      );
  });

  it('adds a list item to [runners.docker], or the key on a new line; a service table takes none', () => {
    edited(text, gitlabRunnerEditor.addListItem(text, job, 'cap_drop', 'ALL'), (data) => {
      const docker = (data as Runner).runners[0].docker;
      // The new key goes after the last key of the table.
      (data as Runner).runners[0].docker = { ...docker, cap_drop: ['ALL'] };
    });
    edited(text, gitlabRunnerEditor.addListItem(text, job, 'volumes', '/b'), (data) => {
      ((data as Runner).runners[0].docker.volumes as string[]).push('/b');
    });
    const withService = read(`${text}  [[runners.docker.services]]\n    name = "docker:dind"\n`);
    assert.equal(gitlabRunnerEditor.addListItem(withService.text, withService.containers.services[1], 'cap_drop', 'ALL'), undefined);
  });

  it('removes and adds variables of the runner environment', () => {
    const withEnvironment = `[[runners]]\n  executor = "docker"\n  environment = ["DOCKER_TLS_CERTDIR=", "DOCKER_DRIVER=overlay2"]\n  [runners.docker]\n    image = "docker:27"\n`;
    const envFile = read(withEnvironment);
    const envJob = envFile.containers.services[0];
    const [certDir, driver] = envJob.environment;
    edited(withEnvironment, gitlabRunnerEditor.removeVariable(withEnvironment, envJob, certDir), (data) => {
      (data as Runner).runners[0].environment = ['DOCKER_DRIVER=overlay2'];
    });
    edited(withEnvironment, gitlabRunnerEditor.addVariableAfter(withEnvironment, envJob, driver, 'DOCKER_HOST', 'tcp://docker:2376'), (data) => {
      (data as Runner).runners[0].environment!.push('DOCKER_HOST=tcp://docker:2376');
    });
  });
});
