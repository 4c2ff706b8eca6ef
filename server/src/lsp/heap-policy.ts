// How the language server's V8 heap grows. V8 sizes a heap for throughput: the young generation
// doubles up to 2 x 16 MB while a parse keeps objects alive across scavenges, and the old
// generation collects only after growing to several times what is live. A batch job wants
// that; a server that lives beside the editor for hours and lints a 10,000-line file on every
// keystroke ends up holding two to three times the memory it uses. The price is more, smaller
// scavenges: a few ms more per edit of a file that allocates a few MB per lint (README,
// "Benchmarks", where both are measured).
//
// Both flags are read by V8 at each collection, so they take effect when set at run time and
// apply however the server is started (the extension, another editor, `node dist/server.js`).

import { setFlagsFromString } from 'node:v8';

export const heapFlags = [
  // The young generation keeps the 1 MB semi-spaces it starts with.
  '--semi-space-growth-factor=1',
  // The old generation collects once it has grown by half of what the last collection kept.
  '--heap-growing-percent=50',
] as const;

export function applyHeapPolicy(): void {
  for (const flag of heapFlags) setFlagsFromString(flag);
}
