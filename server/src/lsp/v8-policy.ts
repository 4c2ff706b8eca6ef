// How the language server's V8 runs. V8 is tuned for throughput: the young generation doubles
// up to 2 x 16 MB while a parse keeps objects alive across scavenges, the old generation
// collects only after growing to several times what is live, and TurboFan compiles every hot
// function. A batch job wants that; a server that lives beside the editor for hours mostly
// lints files of a few KB, where none of it makes a keystroke faster and all of it holds
// memory (README, "Benchmarks", where each is measured).
//
// V8 reads these flags when it uses them, so they take effect when set at run time and apply
// however the server is started (the extension, another editor, `node dist/server.js`).

import { setFlagsFromString } from 'node:v8';

export const heapFlags = [
  // The young generation keeps the 1 MB semi-spaces it starts with.
  '--semi-space-growth-factor=1',
  // The old generation collects once it has grown by half of what the last collection kept.
  '--heap-growing-percent=50',
] as const;

/**
 * TurboFan waits for the first document this large. Below it a lint takes a few ms in
 * Sparkplug's baseline code and TurboFan's compiles cost 6-10 MB and p95 spikes; from about
 * 20 KB on, its code lints twice as fast.
 */
export const optimizeFrom = 8 * 1024;

let optimizing = false;

/** At the server's start, before it loads: the heap flags, and TurboFan off until it pays. */
export function applyStartPolicy(): void {
  for (const flag of heapFlags) setFlagsFromString(flag);
  setFlagsFromString('--no-turbofan');
}

/** Before a lint of `length` characters: a large one turns TurboFan on for the server's life. */
export function noteLintSize(length: number): void {
  if (optimizing || length < optimizeFrom) return;
  optimizing = true;
  setFlagsFromString('--turbofan');
}
