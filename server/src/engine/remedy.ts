// A remedy is a fix that keeps every client working, or the reason none is offered: the TLS
// fixes build their edits step by step, and any step that cannot keep that promise declines,
// so that the finding says why instead of offering a fix that breaks the stack.

import type { Fix } from './types';

export type Remedy = { fix: Fix } | { declined: string };

class Declined extends Error {}

/** Stops building a fix: the finding says `reason` instead. */
export function decline(reason: string): never {
  throw new Declined(reason);
}

/** The fix (or remedy) `build` makes, or the reason it declined with. */
export function attempt(build: () => Fix | Remedy): Remedy {
  try {
    const built = build();
    return 'fix' in built || 'declined' in built ? built : { fix: built };
  } catch (error) {
    if (error instanceof Declined) return { declined: error.message };
    throw error;
  }
}
