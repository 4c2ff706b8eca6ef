// The entry of dist/server.js: sets the V8 policy (v8-policy.ts), then runs the server bundle
// (dist/server-main.js, built from server.ts) through V8's code cache, so that a start after
// the first skips compiling it.
// The bundle runs as a CommonJS module of the same folder, as if Node had loaded it.

import { readFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { type CodeCache, openCodeCache, writeCodeCache } from './code-cache';
import { applyStartPolicy } from './v8-policy';

/** A hash of the bundle's text, written in by scripts/build.mjs. */
declare const SERVER_BUNDLE_HASH: string;

/** After this long the first lints are done: their functions are compiled and go into the cache too. */
const saveAfterMs = 10_000;

applyStartPolicy();

const bundle = join(__dirname, 'server-main.js');
const cache = openCodeCache(SERVER_BUNDLE_HASH);
const script = new Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle, cachedData: cache?.data });
if (cache && (!cache.data || script.cachedDataRejected)) saveLater(cache, script);

const bundleModule = { exports: {}, id: bundle, filename: bundle, loaded: false };
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
run.call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, bundle, __dirname);

/** Once, at the earlier of a quiet moment after the start and the exit. */
function saveLater(target: CodeCache, compiled: Script): void {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    writeCodeCache(target, () => compiled.createCachedData());
  };
  setTimeout(save, saveAfterMs).unref();
  process.once('exit', save);
}
