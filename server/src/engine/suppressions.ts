// Which findings comment directives silence. The readers of each file kind fill it from that
// kind's comments; lint.ts applies it. A module of its own so that readers and the file model
// both depend on it without depending on each other.

/** Rule ids silenced by comments: per 0-based line, or for the whole file. */
export interface Suppressions {
  byLine: Map<number, Set<string>>;
  wholeFile: Set<string>;
}

export function noSuppressions(): Suppressions {
  return { byLine: new Map(), wholeFile: new Set() };
}
