/**
 * Nova's Compute API. The client is pinned to a microversion (`2.1` unless
 * told): the request and response types follow it, and the request body is
 * checked against the schema nova-api validates with before it is sent.
 */
import { type ServerCreate, type ServerView, serverCreateBodySchemaFor } from '@novats/core';
import { WaitTimeout } from './errors.js';
import { HttpClient } from './http-client.js';
import type { Session } from './session.js';
import { assertMatches } from './validate.js';

export interface CreatedServer {
  readonly id: string;
  readonly links: { rel: string; href: string }[];
  readonly adminPass?: string;
  readonly 'OS-DCF:diskConfig'?: string;
}

export interface Flavor {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  readonly ram: number;
  readonly disk: number;
}

export interface WaitOptions {
  /** Give up after this long (default 60 s). */
  readonly timeoutMs?: number;
  /** Poll this often (default 50 ms). */
  readonly intervalMs?: number;
  /** Called with each poll's answer while the server is not there yet. */
  readonly onProgress?: (status: string, progress: number | undefined) => void;
  /** Statuses that end the wait with an error (default ERROR, unless it is the one awaited). */
  readonly failOn?: readonly string[];
}

export class ComputeClient<V extends string = '2.1'> {
  readonly #http: HttpClient;

  constructor(
    session: Session,
    /** The microversion every call states. */
    readonly microversion: V = '2.1' as V,
  ) {
    this.#http = new HttpClient(session, 'compute');
  }

  /** The same client at another microversion. */
  at<W extends string>(microversion: W): ComputeClient<W> {
    return new ComputeClient(this.#http.session, microversion);
  }

  #call<T>(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | undefined>,
  ) {
    return this.#http.call<T>(method, path, { body, microversion: this.microversion, query });
  }

  /** POST /servers; `server` is checked against this microversion's schema first. */
  async createServer(
    server: ServerCreate<V>,
    schedulerHints?: Record<string, unknown>,
  ): Promise<CreatedServer> {
    const body = { server, ...(schedulerHints ? { 'os:scheduler_hints': schedulerHints } : {}) };
    assertMatches(serverCreateBodySchemaFor(this.microversion), body);
    return (await this.#call<{ server: CreatedServer }>('POST', '/servers', body)).server;
  }

  async getServer(id: string): Promise<ServerView<V>> {
    return (await this.#call<{ server: ServerView<V> }>('GET', `/servers/${encodeURIComponent(id)}`)).server;
  }

  async deleteServer(id: string): Promise<void> {
    await this.#call('DELETE', `/servers/${encodeURIComponent(id)}`);
  }

  /** Every server (GET /servers/detail), `pageSize` at a time, following the marker. */
  async *servers(query: { pageSize?: number; [filter: string]: string | number | undefined } = {}) {
    const { pageSize = 100, ...filters } = query;
    let marker: string | undefined;
    for (;;) {
      const page = await this.#call<{ servers: ServerView<V>[] }>('GET', '/servers/detail', undefined, {
        ...filters,
        limit: pageSize,
        marker,
      });
      yield* page.servers;
      if (page.servers.length < pageSize) return;
      marker = page.servers[page.servers.length - 1].id;
    }
  }

  async flavors(): Promise<Flavor[]> {
    return (await this.#call<{ flavors: Flavor[] }>('GET', '/flavors/detail')).flavors;
  }

  /**
   * Polls the server until it has `status`; rejects with the server's fault
   * (as an Error) when it lands in ERROR instead, with WaitTimeout when time runs out.
   */
  async waitFor(
    server: string | { id: string },
    status: string,
    opts: WaitOptions = {},
  ): Promise<ServerView<V>> {
    const id = typeof server === 'string' ? server : server.id;
    const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
    const failOn = opts.failOn ?? (status === 'ERROR' ? [] : ['ERROR']);
    let last: string | undefined;
    for (;;) {
      const got = await this.getServer(id);
      if (got.status === status) return got;
      if (failOn.includes(got.status)) throw new ServerFailed(got.status, got.fault?.message);
      if (got.status !== last || got.progress !== undefined) opts.onProgress?.(got.status, got.progress);
      last = got.status;
      if (Date.now() > deadline) throw new WaitTimeout(`server ${id} to be ${status}`, last);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
    }
  }
}

/** The awaited server went to ERROR (or another failOn status); carries its fault's message. */
export class ServerFailed extends Error {
  readonly kind = 'server-failed' as const;
  readonly code = 'novats.sdk.server_failed';
  constructor(
    readonly status: string,
    readonly faultMessage: string | undefined,
  ) {
    super(`server went to ${status}${faultMessage ? `: ${faultMessage}` : ''}`);
    this.name = 'ServerFailed';
  }
}
