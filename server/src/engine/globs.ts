// How the globs of a configuration (kinds, hostGroups, ignore) are matched, and which are refused:
// a leaf module, so that every part of the engine that matches a glob can import it.

/** How globs are matched: dot files too; no extglobs, whose nested repetitions (`+(+(a))`) backtrack exponentially. */
export const globOptions = { dot: true, noextglob: true } as const;

const maxStarsPerSegment = 2;
const maxGlobstars = 2;
const maxGlobLength = 1024;

/**
 * Why a glob is refused, if it is. picomatch matches with a regular expression in which each
 * `*` of one path segment, and each `**`, may take any share of the same characters: a match
 * costs the path's length to the power of their number (`*a` x12 + `b`: over 60 s; issue 16
 * item 6). Real globs, with a `*` or two per segment and a `**` or two, are within the limits.
 */
export function globProblem(glob: string): string | undefined {
  if (glob.length > maxGlobLength) return `is longer than ${maxGlobLength} characters`;
  const segments = glob.split('/');
  if (segments.filter((segment) => segment === '**').length > maxGlobstars) return `has more than ${maxGlobstars} "**" segments`;
  for (const segment of segments) {
    if (segment !== '**' && (segment.match(/\*+/g)?.length ?? 0) > maxStarsPerSegment) return `has more than ${maxStarsPerSegment} "*" in one path segment`;
  }
  return undefined;
}
