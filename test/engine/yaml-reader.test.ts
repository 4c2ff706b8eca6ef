// The CST path of the YAML reader must build exactly what yaml's Documents give (values,
// styles, spans, mapped characters, merges, aliases, errors) whenever it takes a text, and
// hand every text it cannot vouch for to the Composer. Checked on every Compose seed of the
// fuzz corpus, on thousands of mutations of them, and on constructs chosen to sit at its edges.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Parser } from 'yaml';
import { composeFile } from '../../bench/generate';
import { parseYamlDocuments, servicesLayout, treeByServices, treeFromCst } from '../../server/src/engine/compose/yaml-reader';
import { type TreeNode, type YamlDocument, treeFromDocuments } from '../../server/src/engine/compose/yaml-tree';
import { maxNestingDepth } from '../../server/src/engine/lint';
import { yamlNesting } from '../../server/src/engine/nesting';
import { type Seed, mutate, mutationArbitrary, seedCorpus } from '../fuzz/harness';

/** A plain, comparable picture of a tree: alias targets by span, every scalar's mapped text. */
function picture(node: TreeNode | undefined, depth = 0): unknown {
  if (!node || depth > 64) return node && 'deep';
  switch (node.type) {
    case 'scalar':
      return { scalar: node.value, style: node.style, span: node.span, text: { text: node.text.text, starts: [...node.text.starts], ends: [...node.text.ends], end: node.text.end, gaps: node.text.gaps } };
    case 'alias':
      return { alias: node.name, span: node.span, target: node.target?.span };
    case 'seq':
      return { seq: node.items.map((item) => picture(item, depth + 1)), span: node.span, flow: node.flow };
    case 'map':
      return {
        map: node.entries.map((entry) => ({ key: entry.key, keySpan: entry.keySpan, span: entry.span, via: entry.via, value: picture(entry.value, depth + 1) })),
        span: node.span,
        flow: node.flow,
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
let corpus: Promise<Seed[]> | undefined;
const composeSeeds = () => (corpus ??= seedCorpus().then((all) => all.get('compose')!));

/** Runs `check` (which asserts) on Compose seeds mutated by fast-check; FUZZ_RUNS sets how many. */
async function onMutatedSeeds(check: (text: string) => boolean, seed: number): Promise<void> {
  const seeds = await composeSeeds();
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

  it('takes the generated benchmark files, plain and anchor-heavy', () => {
    assert.equal(agrees(composeFile(2000, 3).text), true);
    assert.equal(agrees(composeFile(2000, 4, true).text), true);
  });

  it('agrees with the Composer on mutated seeds', () => onMutatedSeeds(agrees, 20261129));

  const edges: Record<string, string> = {
    'empty values and comments': 'a:\nb:   # note\nc: &e\nd: *e\nlist:\n  -\n  - # x\n  - v\n# end\n',
    'merge keys and overrides': 'x: &x {}\nbase: &b\n  p: 1\n  q: 2\nsvc:\n  <<: [*b, *x]\n  q: 3\n"<<": not a merge\n',
    'scalars of every kind': 'n: ~\nb: true\ni: 0x1F\no: 0o17\nf: 1.50\ne: 1e3\ninf: -.inf\nnan: .nan\ns: "a\\tb"\nq: \'it\'\'s\'\nfold: >\n  a\n  b\nlit: |-\n  x\nmulti: a\n  b\n',
    'numeric and null keys': '1: a\n0x10: b\n~: c\ntrue: d\n',
    'flow sequences': 'a: [x, "y", *missing, [1, 2], ]\nb: [ ]\nc: {}\nd: { }\n',
    'several documents': 'a: &a 1\n---\nb: *a\n--- # c\nc: 2\n',
    'aliases inside their anchor': 'a: &a\n  b: *a\n',
  };
  for (const [name, text] of Object.entries(edges)) {
    it(`agrees on ${name}`, () => assert.equal(agrees(text), true));
  }

  const declined: Record<string, string> = {
    'duplicate keys': 'a: 1\nb: 2\na: 3\n',
    'equal keys written differently': '16: a\n0x10: b\n',
    'tabs as indentation': 'a:\n\tb: 1\n',
    'tags': 'a: !!str 1\n',
    'explicit keys': '? a\n: 1\n',
    'multi-line flow collections': 'a: [x,\n  y]\n',
    'an unclosed quote': 'a: "x\n',
    'directives': '%YAML 1.2\n---\na: 1\n',
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
    assert.deepEqual(errors.map((error) => error.code), ['DUPLICATE_KEY']);
  });
});

/** The whole-text reading, as readYaml does it below the size where it reads by services. */
function readWhole(text: string): YamlDocument[] {
  const tokens = Array.from(new Parser().parse(text));
  return treeFromCst(text, tokens) ?? treeFromDocuments(text, tokens);
}

/** Whether the text was read service by service; when it was, asserts it agrees with the whole reading. */
function agreesByServices(text: string): boolean {
  if (yamlNesting(text, maxNestingDepth) !== undefined) return false;
  const byServices = treeByServices(text, maxNestingDepth);
  if (!byServices) return false;
  assert.deepEqual(pictures([byServices]), pictures(readWhole(text)), `service by service and whole differ on:\n${text}`);
  return true;
}

describe('YAML reader: service by service (large files)', () => {
  it('agrees with the whole reading on every Compose seed it takes', async () => {
    const seeds = await composeSeeds();
    const taken = seeds.filter((seed) => agreesByServices(seed.text)).length;
    assert.ok(taken > seeds.length / 3, `took ${taken} of ${seeds.length} seeds`);
  });

  it('takes the generated benchmark files, plain and anchor-heavy, and reads them alike', () => {
    for (const file of [composeFile(3000, 5), composeFile(3000, 6, true)]) {
      assert.ok(servicesLayout(file.text), 'the layout is recognised');
      assert.equal(agreesByServices(file.text), true);
    }
  });

  it('agrees with the whole reading on mutated seeds', () => onMutatedSeeds(agreesByServices, 20261130));

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
    it(`reads ${name} as the whole reading does`, () => assert.equal(agreesByServices(text), true));
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
    it(`reads ${name} whole`, () => assert.equal(treeByServices(text, maxNestingDepth), undefined));
  }

  const broken: Record<string, string> = {
    'a service name twice': 'services:\n  a:\n    image: x\n  a:\n    image: y\n',
    'a top-level key twice': 'networks: {}\nservices:\n  a:\n    image: x\nnetworks: {}\n',
    'an alias before its anchor': 'services:\n  a:\n    <<: *later\n  b: &later\n    image: y\n',
  };
  for (const [name, text] of Object.entries(broken)) {
    it(`reads ${name} as the whole reading does`, () => {
      const byServices = treeByServices(text, maxNestingDepth);
      if (byServices) assert.deepEqual(pictures([byServices]), pictures(readWhole(text)));
      else assert.ok(readWhole(text).some((document) => document.errors.length > 0), 'declined, and the whole reading reports the problem');
    });
  }
});
