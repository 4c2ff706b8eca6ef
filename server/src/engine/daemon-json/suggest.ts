// "Did you mean": the one known key closest to a misspelt one, or none when it is ambiguous.

/** Optimal string alignment distance (Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** False when the lengths alone put `a` more than `limit` edits from `b`. */
export function withinLengthOf(a: string, b: string, limit: number): boolean {
  return Math.abs(a.length - b.length) <= limit;
}

/** How far a key may be from a candidate and still count as a typo of it. */
function tolerance(key: string): number {
  return key.length <= 4 ? 1 : key.length <= 10 ? 2 : 3;
}

/** Whether the key is a candidate or a typo of one: at most `limit` edits away (by default, what "did you mean" allows). */
export function isNearKey(key: string, candidates: readonly string[], limit = tolerance(key)): boolean {
  const normalized = key.toLowerCase().replace(/_/g, '-');
  return candidates.some((candidate) => withinLengthOf(normalized, candidate, limit) && editDistance(normalized, candidate) <= limit);
}

/**
 * The candidate the key most likely meant: the same name in other letter case or with `_`
 * for `-`, else the only candidate within a small edit distance. Undefined when none or
 * several are equally close.
 */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  const normalized = key.toLowerCase().replace(/_/g, '-');
  const same = candidates.filter((candidate) => candidate === normalized);
  if (same.length === 1) return same[0];
  let best: string[] = [];
  let bestDistance = Infinity;
  const limit = tolerance(key);
  for (const candidate of candidates) {
    // Hostile keys run to thousands of characters: only candidates within reach are aligned.
    if (!withinLengthOf(normalized, candidate, limit)) continue;
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance) {
      best = [candidate];
      bestDistance = distance;
    } else if (distance === bestDistance) best.push(candidate);
  }
  return best.length === 1 && bestDistance <= limit ? best[0] : undefined;
}
