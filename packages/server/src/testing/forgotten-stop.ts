/**
 * A test that forgets `cloud.stop()` must not hang its runner, and must be
 * told. The cloud's own handles (listening sockets, periodic timers) are
 * unref'd, so they never keep the process alive by themselves. Every running
 * cloud is listed here: plain Node and node:test emit `beforeExit` when
 * nothing else keeps the loop alive, and the cloud then warns and stops
 * itself; vitest's workers end without `beforeExit`, so its setup file
 * (`@novats/server/testing/vitest`) asks this list after each test file.
 */
type Handle = { unref?: () => unknown; on?: (event: string, fn: (socket: Handle) => void) => unknown };

/** A started cloud that was not stopped yet. */
interface RunningCloud {
  /** Where it answers (its Compute endpoint), for the warning. */
  readonly describe: string;
  stop(): Promise<void>;
}

const RUNNING = Symbol.for('novats.testing.runningClouds');

/**
 * The running clouds of this process or worker. NOTE(global): kept on
 * globalThis because the published entries are bundled one by one, so
 * `testing.js` and `testing/vitest.js` each hold a copy of this module.
 */
function running(): Set<RunningCloud> {
  const g = globalThis as { [RUNNING]?: Set<RunningCloud> };
  g[RUNNING] ??= new Set();
  return g[RUNNING];
}

/** The warning's stable code: match on it, not on the text. */
export const CLOUD_NOT_STOPPED = 'NOVATS_CLOUD_NOT_STOPPED';

export function notStoppedMessage(describe: string): string {
  return `startCloud(): the cloud at ${describe} was never stopped; call \`await cloud.stop()\` (e.g. in afterAll). Stopping it now.`;
}

/** The process's active handles (Node's own list; there is no public API for the objects). */
function activeHandles(): Handle[] {
  const p = process as unknown as { _getActiveHandles?: () => Handle[] };
  return p._getActiveHandles?.() ?? [];
}

/** Runs `start`, then unrefs every handle it left open, so only the test's own work keeps the loop alive. */
export async function withoutKeepingAlive<T>(start: () => Promise<T>): Promise<T> {
  const before = new Set(activeHandles());
  const result = await start();
  for (const h of activeHandles()) {
    if (before.has(h)) continue;
    h.unref?.();
    // NOTE(keep-alive): a client's idle keep-alive connection to the cloud must not hold the process either.
    if (h.constructor?.name === 'Server') h.on?.('connection', (socket) => socket.unref?.());
  }
  return result;
}

/**
 * Lists the cloud as running and warns and stops it when the process is
 * about to exit with it still running. The returned function takes it off
 * the list (call it from `stop()`).
 */
export function stopOnExit(describe: string, stop: () => Promise<void>): () => void {
  const cloud: RunningCloud = { describe, stop };
  const onBeforeExit = () => {
    forget();
    process.emitWarning(notStoppedMessage(describe), { code: CLOUD_NOT_STOPPED });
    void stop();
  };
  const forget = () => {
    running().delete(cloud);
    process.off('beforeExit', onBeforeExit);
  };
  running().add(cloud);
  process.on('beforeExit', onBeforeExit);
  return forget;
}

/**
 * Warns about every cloud still running (through `warn`) and stops it:
 * what a test runner's end-of-file hook calls. Resolves when all are stopped.
 */
export async function stopForgottenClouds(warn: (message: string) => void): Promise<number> {
  const clouds = [...running()];
  for (const c of clouds) warn(`Warning [${CLOUD_NOT_STOPPED}]: ${notStoppedMessage(c.describe)}`);
  await Promise.all(clouds.map((c) => c.stop()));
  return clouds.length;
}
