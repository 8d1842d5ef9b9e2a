/**
 * A test that forgets `cloud.stop()` must not hang its runner. The cloud's
 * own handles (listening sockets, periodic timers) are unref'd, so they
 * never keep the process alive by themselves; when nothing else does,
 * Node emits `beforeExit` and the cloud warns once and stops itself.
 */
type Handle = { unref?: () => unknown; on?: (event: string, fn: (socket: Handle) => void) => unknown };

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

/** Warns and stops the cloud when the process is about to exit with it still running. */
export function stopOnExit(describe: string, stop: () => Promise<void>): () => void {
  const onBeforeExit = () => {
    process.off('beforeExit', onBeforeExit);
    process.emitWarning(
      `startCloud(): the cloud at ${describe} was never stopped; call \`await cloud.stop()\` (e.g. in afterAll). Stopping it now.`,
      { code: 'NOVATS_CLOUD_NOT_STOPPED' },
    );
    void stop();
  };
  process.on('beforeExit', onBeforeExit);
  return () => process.off('beforeExit', onBeforeExit);
}
