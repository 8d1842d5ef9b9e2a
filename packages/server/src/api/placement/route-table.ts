/**
 * The route table is data (Placement's ROUTE_DECLARATIONS): path, method,
 * lowest microversion, policy name, allowed query parameters and body schema
 * per microversion, and a handler that returns status, body and headers.
 * Registration adds version gating, policy, validation and 405s in one place.
 */
import {
  PlacementError,
  type PlacementStore,
  type PolicyEnforcer,
  type PolicyTarget,
  policyCredentials,
} from '@novats/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validateBody } from './placement-schema.js';
import { requestState } from './request-state.js';

export interface RouteRequest {
  readonly store: PlacementStore;
  /** The negotiated minor version (1.<minor>). */
  readonly minor: number;
  readonly params: Record<string, string>;
  readonly query: Record<string, string | string[]>;
  readonly body: any;
  readonly options: PlacementAppOptionsView;
}

export interface PlacementAppOptionsView {
  readonly randomizeAllocationCandidates: boolean;
  readonly policy: PolicyEnforcer;
}

export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /**
   * The Last-Modified date when cache headers apply: undefined dates the
   * answer now (what Placement does for what it cannot date), null omits the
   * header (Placement's empty inventory lists).
   */
  readonly lastModified?: Date | null;
}

export interface PlacementRoute {
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Fastify path syntax, e.g. `/resource_providers/:uuid`. */
  readonly path: string;
  /** Lowest minor version serving this route (default 0). */
  readonly minVersion?: number;
  /** Answer with this status below `minVersion` (Placement: 404, a few 405). */
  readonly belowVersionStatus?: 404 | 405;
  readonly policy: string;
  /**
   * The policy target; default `{project_id, user_id}` of the caller, as
   * Placement's `context.can(action)` (GET /usages targets the queried project).
   */
  readonly policyTarget?: (query: Record<string, string | string[]>) => PolicyTarget;
  /** Query parameters accepted at `minor`; anything else is 400. */
  readonly query?: (minor: number) => readonly string[];
  /** The body schema at `minor`; undefined means no body is read. */
  readonly body?: (minor: number) => object | undefined;
  /**
   * From 1.15 the answer carries `Cache-Control: no-cache` and
   * `Last-Modified` (default: GET routes only; a few writes opt in).
   */
  readonly cacheHeaders?: boolean;
  handler(req: RouteRequest): Promise<RouteResult>;
}

/** A request body in a media type other than JSON (see the app's catch-all parser). */
export class UnsupportedBody {
  constructor(readonly contentType: string | undefined) {}
}

export function methodNotAllowed(allowed: readonly string[]): PlacementError {
  const err = new PlacementError(405, `The method specified is not allowed for this resource.`);
  (err as { allow?: string }).allow = allowed.join(', ');
  return err;
}

export function registerPlacementRoutes(
  app: FastifyInstance,
  store: PlacementStore,
  options: PlacementAppOptionsView,
  routes: readonly PlacementRoute[],
): void {
  const byPath = new Map<string, PlacementRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, list] of byPath) {
    for (const route of list) {
      app.route({
        method: route.method,
        url: path,
        handler: (req, reply) => serve(route, req, reply, store, options, list),
      });
    }
    const others = (['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const).filter(
      (m) => !list.some((r) => r.method === m),
    );
    if (others.length) {
      app.route({
        method: [...others],
        url: path,
        handler: async () => {
          throw methodNotAllowed(list.map((r) => r.method));
        },
      });
    }
  }
}

async function serve(
  route: PlacementRoute,
  req: FastifyRequest,
  reply: FastifyReply,
  store: PlacementStore,
  options: PlacementAppOptionsView,
  siblings: readonly PlacementRoute[],
): Promise<unknown> {
  const state = requestState(req);
  const minor = state.minor ?? 0;
  if (minor < (route.minVersion ?? 0)) {
    if (route.belowVersionStatus === 405) {
      throw methodNotAllowed(siblings.filter((r) => minor >= (r.minVersion ?? 0)).map((r) => r.method));
    }
    throw new PlacementError(404, 'The resource could not be found.');
  }
  const schema = route.body?.(minor);
  if (schema && req.body instanceof UnsupportedBody) {
    throw new PlacementError(
      415,
      `The media type ${req.body.contentType ?? 'None'} is not supported, use application/json`,
    );
  }
  const query = (req.query ?? {}) as Record<string, string | string[]>;
  const ctx = state.context!;
  options.policy.authorize(
    route.policy,
    route.policyTarget?.(query) ?? { project_id: ctx.project_id, user_id: ctx.user_id },
    policyCredentials(ctx),
  );
  if (route.query) {
    const allowed = route.query(minor);
    const extra = Object.keys(query).find((k) => !allowed.includes(k));
    if (extra !== undefined) {
      throw new PlacementError(
        400,
        `Invalid query string parameters: Additional properties are not allowed ('${extra}' was unexpected)`,
      );
    }
  }
  if (schema) validateBody(schema, req.body);
  const result = await route.handler({
    store,
    minor,
    params: req.params as Record<string, string>,
    query,
    body: req.body,
    options,
  });
  reply.code(result.status);
  if (minor >= 15 && (route.cacheHeaders ?? route.method === 'GET')) {
    reply.header('cache-control', 'no-cache');
    const lastModified = result.lastModified === undefined ? new Date() : result.lastModified;
    if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  }
  for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
  if (result.body === undefined) return reply.send();
  return reply.send(result.body);
}
