/**
 * Placement answered in this process: a PlacementRequester that runs the
 * Placement API's own route table against the store, for services that live
 * in the same process as placement (the all-in-one cloud, startCloud). The
 * report client's logic (claim retries, generation loops) is unchanged; what
 * goes is the HTTP exchange on both sides: undici, fastify, the JSON text.
 * The caller is Nova's service user, as over HTTP with noauth2's `admin`
 * token, so policy still applies; the microversion gate, query allowlist and
 * body schemas too. Replies are fresh objects the caller may keep. Once
 * stopped (with the placement service) every request rejects with
 * PlacementUnreachable, as a refused connection would, instead of reaching a
 * store that is closing.
 */
import { PlacementError, type PlacementStore, PlacementUnreachable } from '@novats/core';
import type { PlacementReply, PlacementRequest, PlacementRequester } from '@novats/drivers';
import { noauthContext } from './noauth-context.js';
import { placementFault } from './placement-fault.js';
import { negotiatePlacementVersion } from './placement-version.js';
import {
  methodNotAllowed,
  type PlacementAppOptionsView,
  type PlacementRoute,
  runRoute,
} from './route-table.js';

/** One path of the route table: its segments (`:name` binds a parameter) and its routes by method. */
interface PathEntry {
  readonly segments: readonly string[];
  readonly routes: readonly PlacementRoute[];
}

/** The service user's token under noauth2 (what the HTTP report client sends in the all-in-one). */
const SERVICE_TOKEN = { 'x-auth-token': 'admin' };

export class InProcessPlacement implements PlacementRequester {
  readonly #paths: PathEntry[] = [];
  readonly #inFlight = new Set<Promise<PlacementReply>>();
  #stopped = false;

  constructor(
    private readonly store: PlacementStore,
    private readonly options: PlacementAppOptionsView,
    routes: readonly PlacementRoute[],
  ) {
    const byPath = new Map<string, PlacementRoute[]>();
    for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
    for (const [path, list] of byPath) this.#paths.push({ segments: path.split('/'), routes: list });
  }

  request(req: PlacementRequest): Promise<PlacementReply> {
    if (this.#stopped) return Promise.reject(new PlacementUnreachable('placement service stopped'));
    const answering = this.#answer(req);
    this.#inFlight.add(answering);
    // NOTE(settle): #answer never rejects (errors become Placement's fault replies).
    void answering.finally(() => this.#inFlight.delete(answering));
    return answering;
  }

  async #answer(req: PlacementRequest): Promise<PlacementReply> {
    const requestId = req.ctx.global_request_id ?? req.ctx.request_id;
    let minor: number | undefined;
    try {
      minor = negotiatePlacementVersion(`placement ${req.microversion}`);
      const q = req.path.indexOf('?');
      const path = q < 0 ? req.path : req.path.slice(0, q);
      const match = this.#match(path);
      if (!match) throw new PlacementError(404, 'The resource could not be found.');
      const route = match.entry.routes.find((r) => r.method === req.method);
      if (!route) throw methodNotAllowed(match.entry.routes.map((r) => r.method));
      const result = await runRoute(
        route,
        {
          minor,
          context: noauthContext(SERVICE_TOKEN, requestId),
          params: match.params,
          query: q < 0 ? {} : parseQuery(req.path.slice(q + 1)),
          body: () => req.body,
        },
        this.store,
        this.options,
        match.entry.routes,
      );
      return { status: result.status, body: result.body };
    } catch (err) {
      const fault = placementFault(err, requestId, minor, req.method);
      return { status: fault.status, body: fault.body };
    }
  }

  #match(path: string): { entry: PathEntry; params: Record<string, string> } | undefined {
    const parts = path.split('/');
    outer: for (const entry of this.#paths) {
      if (entry.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i++) {
        const want = entry.segments[i]!;
        if (want.startsWith(':')) {
          if (!parts[i]) continue outer;
          params[want.slice(1)] = decodeURIComponent(parts[i]!);
        } else if (want !== parts[i]) continue outer;
      }
      return { entry, params };
    }
    return undefined;
  }

  /**
   * Takes no more requests and resolves once those already running have been
   * answered, as an HTTP server's close does. The store belongs to the
   * placement service, which closes it afterwards. Idempotent.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** The report client's close: its requests after this reject too. */
  close(): Promise<void> {
    return this.stop();
  }
}

/** A query string as fastify hands it to the routes: repeated names become arrays. */
function parseQuery(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const had = out[k];
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return out;
}
