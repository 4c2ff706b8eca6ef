// Runs every regex literal of the engine against pathological inputs and prints, per regex,
// the input whose time grew most from n to 4n characters. A regex is announced on stderr
// before it runs, so a parent that had to kill this process (an exponential regex never
// returns) can name it. Used by regex-guard.test.ts.
//   node --import tsx test/robustness/regex-guard-child.ts [SMALL]

import { type EngineRegex, engineRegexes } from './engine-regexes';

/** Runs that backtracking regexes stumble over: blanks, line breaks, slashes, letters, quotes... */
const atoms = [' ', '\t', '\n', '\r\n', '/', '\\', 'a', 'A', '0', '-', '_', '.', ':', ',', ';', '=', '#', '"', "'", '[', '{', '$', '%', '*', '\u00e9', ' a', 'a:', '0.', ', ', '/a', '${'];
/** What may end the run: nothing, or a character that makes a match fail late. */
const endings = ['', '\u0000', 'x', '\n', '#'];

/** Words the regex spells out (`dockerd-lint-disable`, `tcp`), which an input must carry to reach the part after them. */
function literalWords(source: string): string[] {
  const words = new Set<string>(['']);
  for (const match of source.matchAll(/(?<!\\)(?:[A-Za-z0-9_-]|\\[./:#=-]){2,}/g)) words.add(match[0].replace(/\\(.)/g, '$1'));
  const leading = /^\^?((?:[^\\[\](){}*+?.|^$]|\\[^dDsSwWbBnrtfv0-9])+)/.exec(source);
  if (leading) words.add(leading[1].replace(/\\(.)/g, '$1'));
  // A word usually follows a comment sign or a flag's dashes.
  return [...words].flatMap((word) => (word === '' ? [word] : [word, `#${word}`, `# ${word}`, `--${word}`]));
}

/** One search from the start: where backtracking costs, a global regex's later searches cost the same. */
function timeOf(regex: RegExp, input: string, repeat: number): number {
  const started = performance.now();
  for (let i = 0; i < repeat; i++) {
    regex.lastIndex = 0;
    regex.exec(input);
  }
  return (performance.now() - started) / repeat;
}

export interface Verdict {
  where: string;
  source: string;
  flags: string;
  ratio: number;
  smallMs: number;
  largeMs: number;
  input: string;
}

/** The fastest of a few rounds, each repeated until it takes a measurable time. */
function settledTime(regex: RegExp, input: string): number {
  let repeat = 1;
  while (timeOf(regex, input, repeat) * repeat < 2 && repeat < 4096) repeat *= 4;
  return Math.min(timeOf(regex, input, repeat), timeOf(regex, input, repeat), timeOf(regex, input, repeat));
}

function judge(entry: EngineRegex, small: number): Verdict {
  const regex = new RegExp(entry.source, entry.flags);
  let worst: Verdict = { ...entry, ratio: 0, smallMs: 0, largeMs: 0, input: '' };
  for (const prefix of literalWords(entry.source)) {
    for (const atom of atoms) {
      for (const ending of endings) {
        const make = (n: number) => prefix + atom.repeat(Math.ceil(n / atom.length)) + ending;
        // Screening: a linear regex takes microseconds on 4n characters; only slower ones are measured closely.
        const large = make(4 * small);
        if (timeOf(regex, large, 1) < 0.5) continue;
        const largeMs = settledTime(regex, large);
        const smallMs = settledTime(regex, make(small));
        const ratio = largeMs / Math.max(smallMs, 0.1);
        if (ratio > worst.ratio) worst = { ...entry, ratio, smallMs, largeMs, input: JSON.stringify(`${prefix}${atom}...${ending}`) };
      }
    }
  }
  return worst;
}

const small = Number(process.argv[2] ?? 1024);
const verdicts: Verdict[] = [];
for (const entry of engineRegexes().literals) {
  process.stderr.write(`testing ${entry.where} /${entry.source}/${entry.flags}\n`);
  verdicts.push(judge(entry, small));
}
process.stdout.write(JSON.stringify(verdicts) + '\n');
