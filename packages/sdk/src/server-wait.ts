/** Polling a server until it reaches a status (or goes away), with progress callbacks. */
import { ServerFailed, WaitTimeout } from './errors.js';

export interface WaitOptions {
  /** Give up after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Poll this often (default 50 ms). */
  readonly intervalMs?: number;
  /** Called with each poll's status and progress while the server is not there yet. */
  readonly onProgress?: (status: string, progress: number | undefined) => void;
  /** Statuses that end the wait with ServerFailed (default ERROR, unless it is the one awaited). */
  readonly failOn?: readonly string[];
}

interface Polled {
  readonly status: string;
  readonly progress?: number;
  readonly fault?: { readonly code: number; readonly message: string };
}

/**
 * Calls `poll` until its answer has `status`; rejects with ServerFailed
 * (carrying the server's fault) on a `failOn` status, with WaitTimeout when
 * time runs out. `poll` answering null means the server is gone.
 */
export async function pollUntil<S extends Polled>(
  what: string,
  poll: () => Promise<S | null>,
  status: string | null,
  opts: WaitOptions,
): Promise<S | null> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  const failOn = opts.failOn ?? (status === 'ERROR' ? [] : ['ERROR']);
  let last: string | undefined;
  for (;;) {
    const got = await poll();
    if (got === null || got.status === status) return got;
    if (failOn.includes(got.status)) throw new ServerFailed(got.status, got.fault);
    if (got.status !== last || got.progress !== undefined) opts.onProgress?.(got.status, got.progress);
    last = got.status;
    if (Date.now() > deadline) throw new WaitTimeout(what, last);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
