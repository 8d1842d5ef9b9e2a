// One watcher polls GET /servers/detail?changes-since=... every `pollMs` and
// wakes the client waiting for each server, the way a dashboard would, so
// that the load on the API does not grow with the number of clients.
// Each poll overlaps the previous one by OVERLAP_MS (a change stamped just
// before a poll may commit just after it); every SWEEP_MS a poll reaches back
// SWEEP_OVERLAP_MS so that a later commit is still seen, only later.
const OVERLAP_MS = 100;
const SWEEP_MS = 500;
const SWEEP_OVERLAP_MS = 2000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `request(method, path)` resolves `{ status, body }` from the Compute API.
 * `until(id, want)` resolves the performance.now() at which the server was
 * seen in status `want` ('ACTIVE', or 'DELETED' once gone); it rejects when
 * the server goes to ERROR.
 */
export function startStatusWatcher(request, pollMs) {
  const waiting = new Map(); // id -> { want, resolve, reject }
  let watching = true;
  let since = new Date(Date.now() - SWEEP_OVERLAP_MS).toISOString();
  let sweptAt = performance.now();
  const loop = (async () => {
    while (watching) {
      if (performance.now() - sweptAt >= SWEEP_MS) {
        sweptAt = performance.now();
        since = new Date(Date.now() - SWEEP_OVERLAP_MS).toISOString();
      }
      const polledAt = new Date(Date.now() - OVERLAP_MS).toISOString();
      if (waiting.size > 0) {
        const res = await request(
          'GET',
          `/servers/detail?changes-since=${encodeURIComponent(since)}&all_tenants=1`,
        );
        since = polledAt;
        for (const s of res.body.servers) {
          const w = waiting.get(s.id);
          if (!w) continue;
          if (s.status === w.want) {
            waiting.delete(s.id);
            w.resolve({ at: performance.now(), server: s });
          } else if (s.status === 'ERROR') {
            waiting.delete(s.id);
            w.reject(new Error(`server ${s.id} went to ERROR: ${JSON.stringify(s.fault)}`));
          }
        }
      }
      await sleep(pollMs);
    }
  })();
  return {
    until: (id, want) => new Promise((resolve, reject) => waiting.set(id, { want, resolve, reject })),
    async stop() {
      watching = false;
      await loop;
    },
  };
}
