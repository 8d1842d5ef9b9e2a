/**
 * One message transport per cell, as Nova's `context.target_cell` sets up
 * `mq_connection` from a cell mapping's `transport_url`. Cells that share the
 * service's own `[DEFAULT] transport_url` (or have none, like cell0's
 * `none:///`) use the service's transport; every other URL is opened once,
 * on first use, and cached until `close()`.
 */
import type { CellMapping, Transport } from '@novats/core';
import { NovaError } from '@novats/core';

/** Opens a connected transport for a URL (drivers' `openTransport`). */
export type TransportOpenerFn = (url: string) => Promise<Transport>;

/** Thrown by `for()` once `close()` has run: the service is shutting down. */
export class CellTransportsClosed extends NovaError {
  readonly code = 'cells.transports.closed';
  readonly status = 503 as const;
  constructor() {
    super('The per-cell transports were closed; the service is shutting down.');
  }
}

/** Nova's cell0 has no queue: `none:///` (shown re-serialised as `none:/`). */
function isNoTransport(url: string): boolean {
  return url === '' || /^none:\/*$/i.test(url);
}

export class CellTransports {
  readonly #default: Transport;
  readonly #defaultUrl: string;
  readonly #open: TransportOpenerFn;
  readonly #opened = new Map<string, Promise<Transport>>();
  #closed = false;

  /**
   * @param defaultTransport the service's own transport; never closed here.
   * @param defaultUrl the `[DEFAULT] transport_url` it was opened from.
   * @param open opens a transport for a cell's URL (drivers' `openTransport`).
   */
  constructor(defaultTransport: Transport, defaultUrl: string | null | undefined, open: TransportOpenerFn) {
    this.#default = defaultTransport;
    this.#defaultUrl = (defaultUrl ?? '').trim();
    this.#open = open;
  }

  /**
   * The transport that reaches the services of `mapping`'s cell. Concurrent
   * first uses of one URL share a single open; a failed open is forgotten so
   * that the next use retries (the broker may have come back).
   */
  for(mapping: Pick<CellMapping, 'transport_url'>): Promise<Transport> {
    const url = (mapping.transport_url ?? '').trim();
    if (isNoTransport(url) || url === this.#defaultUrl) return Promise.resolve(this.#default);
    if (this.#closed) return Promise.reject(new CellTransportsClosed());
    let pending = this.#opened.get(url);
    if (!pending) {
      pending = this.#open(url);
      this.#opened.set(url, pending);
      pending.catch(() => {
        if (this.#opened.get(url) === pending) this.#opened.delete(url);
      });
    }
    return pending;
  }

  /** How many cell transports this registry opened (and will close). */
  get openedCount(): number {
    return this.#opened.size;
  }

  /** Closes every transport opened for a cell; the default one is the caller's. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const pending = [...this.#opened.values()];
    this.#opened.clear();
    const results = await Promise.allSettled(pending);
    await Promise.allSettled(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.close()] : [])));
  }
}
