/**
 * Each command's bin (dist/<command>.cjs) is a CommonJS launcher written by
 * the build (tsup.config.ts) from `launcherSource`. It sets libuv's thread
 * pool size unless the operator set UV_THREADPOOL_SIZE, then imports the
 * command's ES module. It has to be CommonJS: libuv reads the variable once,
 * when work is first queued on the pool, and Node's ES module loader queues
 * its file reads there before an ES entry point's first line runs; a CommonJS
 * entry point is read synchronously.
 *
 * NOTE(perf): node-sqlite3 runs each statement as one pool job. On a 2-core
 * machine, libuv's default of 4 threads mostly adds wake-ups: `novats up`
 * booted 2-17% more servers per second with 2 threads than with 4, in each
 * of 4 interleaved pairs (docs/performance.md). One thread was faster still,
 * but then a statement waiting out SQLite's busy_timeout (another
 * connection's write transaction on the same file) would hold up every other
 * statement, the one that ends that transaction included, until the timeout.
 */

/** Threads in libuv's pool when UV_THREADPOOL_SIZE is not set. */
export const DEFAULT_THREADPOOL_SIZE = 2;

/** The launcher of dist/<entry>.js, to be written as dist/<entry>.cjs. */
export function launcherSource(entry: string): string {
  return `#!/usr/bin/env node
// Written by the build from packages/cli/src/launcher.ts: libuv's thread pool
// size (unless UV_THREADPOOL_SIZE is set), then the ${entry} command itself.
'use strict';
process.env.UV_THREADPOOL_SIZE ??= '${DEFAULT_THREADPOOL_SIZE}';
import('./${entry}.js');
`;
}
