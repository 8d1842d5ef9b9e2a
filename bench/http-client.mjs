// The benchmarks' HTTP client: undici's Pool (keep-alive connections, one
// pool per origin) with JSON in and out.
// NOTE(measurement): a benchmark shares this machine's two cores with the
// cloud it measures. fetch, built on the same undici with the WHATWG layers
// on top, cost bench/boot-servers.mjs 1.6 ms of its own CPU per boot against
// 1.0 ms with Pool.request (docs/performance.md), CPU the cloud then lacked.
import { Pool } from 'undici';

/** More than the benchmarks' concurrent requests, so that none waits for a connection. */
const CONNECTIONS = 32;
const pools = new Map();

function poolOf(origin) {
  let pool = pools.get(origin);
  if (!pool) {
    pool = new Pool(origin, { connections: CONNECTIONS });
    pools.set(origin, pool);
  }
  return pool;
}

/**
 * `method` on `url` with `body` as JSON (when given) and `headers`; resolves
 * `{ status, body }`, the body parsed when it is JSON and text otherwise.
 */
export async function httpJson(url, method, body, headers = {}) {
  const { origin, pathname, search } = new URL(url);
  const res = await poolOf(origin).request({
    method,
    path: `${pathname}${search}`,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body: parsed };
}

/** Closes every pool (a benchmark's last step, so that the process can exit). */
export async function closeHttpPools() {
  await Promise.all([...pools.values()].map((pool) => pool.close()));
  pools.clear();
}
