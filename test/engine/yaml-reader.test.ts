// The CST path of the YAML reader must build exactly what yaml's Documents give (values,
// styles, spans, mapped characters, merges, aliases, errors) whenever it takes a text, and
// hand every text it cannot vouch for to the Composer. Checked on every Compose seed of the
// fuzz corpus, on thousands of mutations of them, and on constructs chosen to sit at its edges.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { composeFile, gitlabCiFile, kubernetesFile, seededRandom } from '../../bench/generate';
import { type YamlReadMemory, parseYamlDocuments, partsLayout, readYaml, servicesLayout, treeByParts, treeFromCst } from '../../server/src/engine/compose/yaml-reader';
import { type MapNode, type TreeNode, type YamlDocument, treeFromDocuments } from '../../server/src/engine/compose/yaml-tree';
import { defaultLintOptions } from '../../server/src/engine/config';
import { lintText, maxNestingDepth } from '../../server/src/engine/lint';
import { yamlNesting } from '../../server/src/engine/nesting';
import { type Seed, mutate, mutationArbitrary, seedCorpus } from '../fuzz/harness';

/** A plain, comparable picture of a tree: alias targets by span, every scalar's mapped text. */
function picture(node: TreeNode | undefined, depth = 0): unknown {
  if (!node || depth > 64) return node && 'deep';
  switch (node.type) {
    case 'scalar':
      return {
        scalar: node.value,
        style: node.style,
        tag: node.tag,
        span: node.span,
        text: { text: node.text.text, starts: [...node.text.starts], ends: [...node.text.ends], end: node.text.end, gaps: node.text.gaps },
      };
    case 'alias':
      return { alias: node.name, span: node.span, target: node.target?.span };
    case 'seq':
      return { seq: node.items.map((item) => picture(item, depth + 1)), span: node.span, flow: node.flow, tag: node.tag };
    case 'map':
      return {
        map: node.entries.map((entry) => ({ key: entry.key, keySpan: entry.keySpan, span: entry.span, via: entry.via, value: picture(entry.value, depth + 1) })),
        span: node.span,
        flow: node.flow,
        tag: node.tag,
      };
  }
}

const pictures = (documents: YamlDocument[]) => documents.map((document) => ({ root: picture(document.root), errors: document.errors }));

/** Whether the CST path took the text; when it did, asserts it agrees with the Composer. */
function agrees(text: string): boolean {
  // yaml's Parser itself recurses per level: the engine refuses such texts before parsing.
  if (yamlNesting(text, maxNestingDepth) !== undefined) return false;
  const tokens = Array.from(new Parser().parse(text));
  const fast = treeFromCst(text, tokens);
  if (!fast) return false;
  assert.deepEqual(pictures(fast), pictures(treeFromDocuments(text, tokens)), `CST and Composer differ on:\n${text}`);
  return true;
}

// Loaded inside the tests: the corpus imports every rule test file, which a top-level
// `before` hook cannot do without ending the run before any test starts.
let corpus: Promise<Map<string, Seed[]>> | undefined;
const seedsOf = (kind: 'compose' | 'kubernetes' | 'gitlab-ci') => (corpus ??= seedCorpus()).then((all) => all.get(kind)!);
const composeSeeds = () => seedsOf('compose');

/** Runs `check` (which asserts) on seeds (Compose unless told) mutated by fast-check; FUZZ_RUNS sets how many. */
async function onMutatedSeeds(check: (text: string) => boolean, seed: number, seeds?: Seed[]): Promise<void> {
  seeds ??= await composeSeeds();
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }), (picked, mutations) => {
      check(mutate(picked.text, mutations));
    }),
    { seed, numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
  );
}

describe('YAML reader: CST path', () => {
  it('agrees with the Composer on every Compose seed it takes, and takes most of them', async () => {
    const seeds = await composeSeeds();
    const taken = seeds.filter((seed) => agrees(seed.text)).length;
    assert.ok(seeds.length > 20, 'the corpus has Compose seeds');
    assert.ok(taken > seeds.length / 2, `took ${taken} of ${seeds.length} seeds`);
  });

  it('takes the generated benchmark files: Compose plain and anchor-heavy, GitLab CI with `!reference`, Kubernetes with flow maps', () => {
    assert.equal(agrees(composeFile(2000, 3).text), true);
    assert.equal(agrees(composeFile(2000, 4, true).text), true);
    assert.equal(agrees(gitlabCiFile(2000, 3).text), true);
    assert.equal(agrees(kubernetesFile(40, 3).text), true);
  });

  it('agrees with the Composer on mutated seeds', () => onMutatedSeeds(agrees, 20261129));

  const edges: Record<string, string> = {
    'empty values and comments': 'a:\nb:   # note\nc: &e\nd: *e\nlist:\n  -\n  - # x\n  - v\n# end\n',
    'merge keys and overrides': 'x: &x {}\nbase: &b\n  p: 1\n  q: 2\nsvc:\n  <<: [*b, *x]\n  q: 3\n"<<": not a merge\n',
    'scalars of every kind': "n: ~\nb: true\ni: 0x1F\no: 0o17\nf: 1.50\ne: 1e3\ninf: -.inf\nnan: .nan\ns: \"a\\tb\"\nq: 'it''s'\nfold: >\n  a\n  b\nlit: |-\n  x\nmulti: a\n  b\n",
    'numeric and null keys': '1: a\n0x10: b\n~: c\ntrue: d\n',
    'flow sequences': 'a: [x, "y", *missing, [1, 2], ]\nb: [ ]\nc: {}\nd: { }\n',
    'several documents': 'a: &a 1\n---\nb: *a\n--- # c\nc: 2\n',
    'aliases inside their anchor': 'a: &a\n  b: *a\n',
    'flow maps of pairs': 'g: &g 1\na: {b: 1, "c": d, 2: [x, y], e: {f: *g}}\nh: {i: j, }\nk: {"l":1}\nm: [{n: o}, {}]\np: {q: *none}\n',
    'local tags on flow sequences': 'a: !reference [.x, y]\nb:\n  - !ref [1]\nc: &c !t [a]\nd: !t &d [b]\ne: *c\n',
  };
  for (const [name, text] of Object.entries(edges)) {
    it(`agrees on ${name}`, () => assert.equal(agrees(text), true));
  }

  const declined: Record<string, string> = {
    'duplicate keys': 'a: 1\nb: 2\na: 3\n',
    'equal keys written differently': '16: a\n0x10: b\n',
    'tabs as indentation': 'a:\n\tb: 1\n',
    tags: 'a: !!str 1\n',
    'a local tag on a scalar': 'a: !t 1\n',
    'a local tag on a block sequence': 'a: !t\n  - x\n',
    'a merge tag': 'a: !reset []\n',
    'two tags': 'a: !t !u [x]\n',
    'a tag with no value': 'a: !t\nb: 1\n',
    'a flow map pair with no value': 'a: {b: , c}\n',
    'a merge key in a flow map': 'x: &x {p: 1}\na: {<<: *x}\n',
    'a key twice in a flow map': 'a: {b: 1, b: 2}\n',
    'properties in a flow map': 'a: {b: &x 1, c: *x}\n',
    'a flow map with a missing comma': 'a: {b: 1 c: 2}\n',
    'explicit keys': '? a\n: 1\n',
    'multi-line flow collections': 'a: [x,\n  y]\n',
    'an unclosed quote': 'a: "x\n',
    directives: '%YAML 1.2\n---\na: 1\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`leaves ${name} to the Composer, which reads them as yaml does`, () => {
      const tokens = Array.from(new Parser().parse(text));
      assert.equal(treeFromCst(text, tokens), undefined);
      assert.deepEqual(pictures(parseYamlDocuments(text)), pictures(treeFromDocuments(text, tokens)));
    });
  }

  it('reports a duplicate key as yaml does', () => {
    const errors = parseYamlDocuments('a: 1\na: 2\n').flatMap((document) => document.errors);
    assert.deepEqual(
      errors.map((error) => error.code),
      ['DUPLICATE_KEY'],
    );
  });
});

/** The whole-text reading, as readYaml does it below the size where it reads by services. */
function readWhole(text: string): YamlDocument[] {
  const tokens = Array.from(new Parser().parse(text));
  return treeFromCst(text, tokens) ?? treeFromDocuments(text, tokens);
}

/** Whether the text was read by parts; when it was, asserts it agrees with the whole reading. */
function agreesByParts(text: string): boolean {
  if (yamlNesting(text, maxNestingDepth) !== undefined) return false;
  const byParts = treeByParts(text, maxNestingDepth)?.documents;
  if (!byParts) return false;
  assert.deepEqual(pictures(byParts), pictures(readWhole(text)), `by parts and whole differ on:\n${text}`);
  return true;
}

describe('YAML reader: service by service (large files)', () => {
  it('agrees with the whole reading on every Compose seed it takes', async () => {
    const seeds = await composeSeeds();
    const taken = seeds.filter((seed) => agreesByParts(seed.text)).length;
    assert.ok(taken > seeds.length / 3, `took ${taken} of ${seeds.length} seeds`);
  });

  it('takes the generated benchmark files, plain and anchor-heavy, and reads them alike', () => {
    for (const file of [composeFile(3000, 5), composeFile(3000, 6, true)]) {
      assert.ok(servicesLayout(file.text), 'the layout is recognised');
      assert.equal(agreesByParts(file.text), true);
    }
  });

  it('agrees with the whole reading on mutated seeds', () => onMutatedSeeds(agreesByParts, 20261130));

  const cuts: Record<string, string> = {
    'comments and blank lines between services': 'services:\n  a:\n    image: x\n    # about b\n\n  # b\n  b:\n    image: y\n      # deeper\n  c: {}\n',
    'a keep-chomped block scalar at a cut': 'services:\n  a:\n    command: |+\n      run\n\n  b:\n    image: y\n',
    'a quoted scalar over two lines': 'services:\n  a:\n    image: "x\n      y"\n  b:\n    image: y\n',
    'anchors before, in and after the services': 'x-a: &a\n  image: z\nservices:\n  a: &b\n    <<: *a\n  b: *b\nvolumes:\n  v: *a\n',
    'top-level comments before the next key': 'services:\n  a:\n    image: x\n# --- networks ---\n\n  # two\nnetworks:\n  n: {}\n',
    'a top-level comment after the services': 'services:\n  a:\n    image: x\n# trailing\nnetworks: {}\n',
    'a comment that ends a sequence before the next service': 'services:\n  a:\n    cap_add:\n      - SYS_ADMIN\n      #- SYS_PTRACE\n  b:\n    image: x\n',
    'CRLF line ends and no final newline': 'services:\r\n  a:\r\n    image: x\r\n  b:\r\n    image: y',
  };
  for (const [name, text] of Object.entries(cuts)) {
    it(`reads ${name} as the whole reading does`, () => assert.equal(agreesByParts(text), true));
  }

  const declined: Record<string, string> = {
    'a top-level comment between services': 'services:\n  a:\n    image: x\n# between\n  b:\n    image: y\n',
    'comments that end the last service before a top-level key': 'services:\n  a:\n    image: x\n    # c\nnetworks: {}\n',
    'top-level comments after an indented one (yaml keeps them in the map)': 'services:\n  a:\n    image: x\n  # d\n# e\nvolumes: {}\n',
    'top-level comments at the end of the file': 'services:\n  a:\n    image: x\n# end\n',
    'several documents': 'services:\n  a:\n    image: x\n---\nb: 1\n',
    'a top-level merge key': 'x: &x {p: 1}\n<<: *x\nservices:\n  a:\n    image: x\n',
    'a value on the services line': 'services: &s\n  a:\n    image: x\n',
    'a line indented less than the services': 'services:\n    a:\n      image: x\n  b:\n    image: y\n',
    'services as a sequence': 'services:\n  - a\n  - b\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`reads ${name} by top-level keys or whole, not by services`, () => {
      assert.equal(servicesLayout(text), undefined);
      agreesByParts(text);
    });
  }

  const broken: Record<string, string> = {
    'a service name twice': 'services:\n  a:\n    image: x\n  a:\n    image: y\n',
    'a top-level key twice': 'networks: {}\nservices:\n  a:\n    image: x\nnetworks: {}\n',
    'an alias before its anchor': 'services:\n  a:\n    <<: *later\n  b: &later\n    image: y\n',
  };
  for (const [name, text] of Object.entries(broken)) {
    it(`reads ${name} as the whole reading does`, () => {
      const byParts = treeByParts(text, maxNestingDepth)?.documents;
      if (byParts) assert.deepEqual(pictures(byParts), pictures(readWhole(text)));
      else
        assert.ok(
          readWhole(text).some((document) => document.errors.length > 0),
          'declined, and the whole reading reports the problem',
        );
    });
  }
});

describe('YAML reader: by top-level keys (GitLab CI) and by documents (Kubernetes)', () => {
  it('takes the generated benchmark files in their layouts and reads them alike', () => {
    assert.equal(partsLayout(gitlabCiFile(2000, 3).text)?.kind, 'map');
    assert.equal(agreesByParts(gitlabCiFile(2000, 3).text), true);
    assert.equal(partsLayout(kubernetesFile(40, 3).text)?.kind, 'documents');
    assert.equal(agreesByParts(kubernetesFile(40, 3).text), true);
  });

  for (const kind of ['gitlab-ci', 'kubernetes'] as const) {
    it(`agrees with the whole reading on every ${kind} seed it takes`, async () => {
      const seeds = await seedsOf(kind);
      assert.ok(seeds.length > 5, `the corpus has ${kind} seeds`);
      const taken = seeds.filter((seed) => agreesByParts(seed.text)).length;
      assert.ok(taken > seeds.length / 3, `took ${taken} of ${seeds.length} seeds`);
    });

    it(`agrees with the whole reading on mutated ${kind} seeds`, async () => onMutatedSeeds(agreesByParts, 20261207, await seedsOf(kind)));
  }

  const cuts: Record<string, string> = {
    'comments between top-level keys, at the line start and indented': 'a:\n  b: 1\n# about c\n\nc:\n  d: 2\n  # end of c\n# top\ne: 3\n',
    'comments before the first key and at the end': '# head\n\n  # indented\na: 1\nb: 2\n# end\n',
    'anchors across top-level keys': '.base: &base\n  image: x\njob:\n  <<: *base\n  script: [a]\nother: *base\n',
    'a tagged value (the Composer reads that part) among anchors': '.shared: &s\n  before_script:\n    - echo\njob:\n  before_script: !reference [.shared, before_script]\n  x: *s\nnext:\n  y: *s\n',
    'documents with comments around their markers': '# lead\n---\na: 1\n# after a\n--- # second\nb: &x 2\nc: *x\n---\n# only a comment\n',
    'document end markers': 'a: 1\n...\n---\nb: 2\n...\n# after\n---\nc: 3\n',
    'a bare document after a document end': 'a: 1\n...\nb: 2\n---\nc: 3\n',
    'empty documents': '---\n---\na: 1\n---\n',
    'a block scalar as a document': '--- |\n  text\n---\na: 1\n',
    'anchors that do not cross documents': 'a: &x 1\n---\nb: *x\n',
    'a flow map in a document (the Composer reads it)': 'a: {b: 1, c: 2}\n---\nd: [1]\n',
    'CRLF documents': 'a: 1\r\n---\r\nb: 2\r\n',
  };
  for (const [name, text] of Object.entries(cuts)) {
    it(`reads ${name} as the whole reading does`, () => assert.equal(agreesByParts(text), true));
  }

  const declined: Record<string, string> = {
    'directives before a later document': '%YAML 1.2\n---\na: 1\n...\n%YAML 1.2\n---\nb: 2\n',
    'a YAML 1.1 directive, under which `yes` is true': 'a: yes\n---\nb: 1\n...\n%YAML 1.1\n---\nc: yes\n',
    'a top-level sequence': '- a\n- b\n',
    'a top-level key twice': 'a: 1\nb: 2\na: 3\n',
    'a top-level merge key': 'x: &x {p: 1}\n<<: *x\n',
    'a byte order mark before a later key': 'a: 1\n\uFEFFb: 2\n',
    'a syntax error in a part the Composer reads': 'a: !t [1\nb: 2\n',
    'an empty key first in a part (yaml places it by the item before)': 'a: 1\n: b\nc: 2\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`reads ${name} whole`, () => assert.equal(treeByParts(text, maxNestingDepth), undefined));
  }
});

describe('YAML reader: the parts before an edit are reused', () => {
  const limit = maxNestingDepth;
  const inserts = ['x', ' ', ':', '\n', '#', '&a', '*a', '"', '- ', '<<: *x\n', '  ', '\n---\n', '\n...\n', ' !t '];

  /** One random keystroke-sized change: a character or snippet in, a character replaced, a character or a line out. */
  function edit(text: string, random: () => number): string {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    const snippet = inserts[Math.floor(random() * inserts.length)];
    if (kind < 0.35) return text.slice(0, at) + snippet + text.slice(at);
    // The same length: every offset after it stays, only the text differs.
    if (kind < 0.6) return text.slice(0, at) + snippet[0] + text.slice(at + 1);
    if (kind < 0.8) return text.slice(0, at) + text.slice(at + 1);
    const lineEnd = text.indexOf('\n', at);
    return text.slice(0, at) + (lineEnd < 0 ? '' : text.slice(lineEnd + 1));
  }

  for (const [name, file] of [
    ['plain', composeFile(1500, 7)],
    ['anchor-heavy', composeFile(1500, 8, true)],
    ['GitLab CI', gitlabCiFile(1500, 7)],
    ['Kubernetes', kubernetesFile(60, 7)],
  ] as const) {
    it(`reads each of 80 random edits of a ${name} file as a fresh read does, reusing what came before and after`, () => {
      const random = seededRandom(name.length * 7919);
      let text = file.text;
      let previous = treeByParts(text, limit)?.read;
      assert.ok(previous, 'the generated file is read by parts');
      let reusedParts = 0;
      let movedParts = 0;
      let partsAfterAReadByServices = 0;
      for (let step = 0; step < 80; step++) {
        // Every fourth edit starts again from the file: damage piles up, and a text read whole
        // leaves nothing to reuse.
        text = edit(step % 4 === 0 ? file.text : text, random);
        if (step % 4 === 0) previous = treeByParts(file.text, limit)?.read;
        const next = treeByParts(text, limit, previous);
        const fresh = treeByParts(text, limit);
        assert.equal(next === undefined, fresh === undefined, `step ${step}: both or neither read by services`);
        if (next && fresh) {
          assert.deepEqual(pictures(next.documents), pictures(fresh.documents), `step ${step}: reused and fresh reads differ`);
          assert.equal(fresh.read.reused, 0);
          if (previous) {
            reusedParts += next.read.reused;
            movedParts += next.read.moved;
            partsAfterAReadByServices += next.read.parts.length;
          }
        }
        previous = next?.read;
      }
      // Edits fall all over the file: on average the parts before one are half of them.
      assert.ok(reusedParts > partsAfterAReadByServices / 4, `reused ${reusedParts} of ${partsAfterAReadByServices} parts`);
      // And the parts after it are moved, their aliases and merge keys resolved again.
      assert.ok(movedParts > partsAfterAReadByServices / 4, `moved ${movedParts} of ${partsAfterAReadByServices} parts`);
    });
  }

  it('takes the parts before an edit as they were and the parts after it moved, and the previous read gives them up', () => {
    const file = gitlabCiFile(400, 4);
    const previous = treeByParts(file.text, limit)!.read;
    const partCount = previous.parts.length;
    const at = file.editPoints[Math.floor(file.editPoints.length / 2)];
    const edited = file.text.slice(0, at) + 'xy' + file.text.slice(at);
    const next = treeByParts(edited, limit, previous)!;
    assert.ok(next.read.reused > 1, `reused ${next.read.reused}`);
    assert.equal(next.read.reused + next.read.moved, partCount - 1, 'only the edited part is read again');
    assert.deepEqual(pictures(next.documents), pictures(treeByParts(edited, limit)!.documents));
    assert.equal(previous.parts.length, 0, 'the old parts are no longer held');
  });

  it('moves the parts after the edit, and their aliases resolve to the anchors as now read', () => {
    const text = 'x-base: &base\n  image: a\nservices:\n  one:\n    image: z\n  two: &two\n    image: b\n  three:\n    <<: *two\n';
    const edited = text.replace('image: z', 'image: zzz');
    const again = treeByParts(edited, limit, treeByParts(text, limit)!.read)!;
    // The head is taken, `one` is read again, `two` and `three` are moved.
    assert.deepEqual([again.read.reused, again.read.moved, again.read.parts.length], [1, 2, 4]);
    assert.deepEqual(pictures(again.documents), pictures(treeByParts(edited, limit)!.documents));
    const services = (again.documents[0].root as MapNode).entries[1].value as MapNode;
    const [two, three] = [services.entries[1].value as MapNode, services.entries[2].value as MapNode];
    assert.equal(three.entries[0].value, two.entries[0].value, "`three`'s merged image is the moved `two`'s node");
    assert.equal(edited.slice(two.entries[0].value.span.start, two.entries[0].value.span.end), 'b');
  });

  it('reads again every part from the first changed one on, anchors included', () => {
    const text = 'x-base: &base\n  image: a\nservices:\n  one:\n    <<: *base\n  two: &two\n    image: b\n  three:\n    <<: *two\n';
    const edited = text.replace('image: b', 'image: c');
    const again = treeByParts(edited, limit, treeByParts(text, limit)!.read)!;
    // The head and `one` are taken; `two` changed, and `three` merges it.
    assert.equal(again.read.reused, 2);
    assert.deepEqual(pictures(again.documents), pictures(treeByParts(edited, limit)!.documents));
    assert.equal(JSON.stringify(pictures(again.documents)).match(/"scalar":"c"/g)?.length, 2, '`two` and, through the merge, `three` read c');
    const same = treeByParts(text, limit, treeByParts(text, limit)!.read)!;
    assert.equal(same.read.reused, same.read.parts.length, 'the same text: every part reused');
  });

  it('moves a part whose alias names an anchor of the edited part, resolved to the new anchor', () => {
    const text = 'x-base: &base\n  image: a\nservices:\n  one: &one\n    image: z\n  two:\n    <<: *one\n    ports: [1]\n  three:\n    extra: *one\n';
    const edited = text.replace('image: z', 'image: zzz');
    const again = treeByParts(edited, limit, treeByParts(text, limit)!.read)!;
    assert.deepEqual([again.read.reused, again.read.moved], [1, 2]);
    assert.deepEqual(pictures(again.documents), pictures(treeByParts(edited, limit)!.documents));
    const services = (again.documents[0].root as MapNode).entries[1].value as MapNode;
    const [one, two, three] = services.entries.map((entry) => entry.value as MapNode);
    assert.equal(two.entries.find((entry) => entry.key === 'image')?.value, one.entries[0].value, 'the merge brings the new `one`');
    assert.equal((three.entries[0].value as { target?: unknown }).target, one, 'the alias names the new `one`');
  });

  it('reads a moved part again when its alias no longer resolves', () => {
    const text = 'x-base: &base\n  image: a\nservices:\n  one: &one\n    image: z\n  two:\n    <<: *one\n';
    const edited = text.replace('&one', '&uno');
    const again = treeByParts(edited, limit, treeByParts(text, limit)!.read)!;
    assert.equal(again.read.moved, 0, 'not a stale copy of `two`');
    assert.deepEqual(pictures(again.documents), pictures(treeByParts(edited, limit)!.documents));
    assert.equal(again.documents[0].errors[0]?.code, 'UNKNOWN_ANCHOR');
  });

  it('does not reuse a read under another nesting limit', () => {
    const text = composeFile(200, 3).text;
    assert.equal(treeByParts(text, limit - 1, treeByParts(text, limit)!.read)!.read.reused, 0);
  });

  it('readYaml hands its read to the next one, which answers like a fresh read', () => {
    const base = composeFile(3000, 9, true).text;
    assert.ok(base.length >= 64 * 1024, 'large enough to be read by services');
    const edited = base.replace('image:', 'image: x');
    const memory: YamlReadMemory = {};
    readYaml(base, limit, memory);
    assert.ok(memory.last, 'read by services');
    const next = readYaml(edited, limit, memory);
    assert.ok('documents' in next && memory.last.reused > 0);
    assert.deepEqual(pictures(next.documents), pictures(treeByParts(edited, limit)!.documents));
  });

  for (const [kind, file, path] of [
    ['compose', composeFile(3000, 10, true), 'compose.yaml'],
    ['gitlab-ci', gitlabCiFile(4000, 10), '.gitlab-ci.yml'],
    ['kubernetes', kubernetesFile(160, 10), 'manifests.yaml'],
  ] as const) {
    it(`a lint of an edited large ${kind} file with its read memory finds what a lint of it alone finds`, () => {
      const lint = (text: string, readMemory?: YamlReadMemory) => JSON.stringify(lintText({ uri: `file:///c/${path}`, text, kind, readMemory }, defaultLintOptions())?.findings);
      // A value made a DOCKER_HOST over plain TCP, past the middle of the file.
      const at = file.editPoints[Math.floor(file.editPoints.length * 0.6)];
      let lineStart = file.text.lastIndexOf('\n', at) + 1;
      const indent = file.text.slice(lineStart).match(/^ */)![0];
      let added = `${indent}DOCKER_HOST: tcp://docker:2375\n`;
      if (kind === 'kubernetes') {
        // The value is an `env:` item's: a new item goes before that item's `- name:` line.
        lineStart = file.text.lastIndexOf('\n', lineStart - 2) + 1;
        added = `${indent.slice(2)}- name: DOCKER_HOST\n${indent}value: tcp://docker:2375\n`;
      }
      const edited = file.text.slice(0, lineStart) + added + file.text.slice(lineStart);
      const memory: YamlReadMemory = {};
      const before = lint(file.text, memory);
      assert.ok(memory.last, "the read by parts is kept in the caller's memory");
      const afterBase = lint(edited, memory);
      assert.ok(memory.last && memory.last.reused > 0, 'the second read reused the parts before the edit');
      assert.equal(afterBase, lint(edited), 'as a fresh read');
      assert.notEqual(afterBase, before, 'the edit changes the findings');
    });
  }
});
