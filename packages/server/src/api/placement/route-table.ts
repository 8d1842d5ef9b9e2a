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
  type RequestContext,
  type ResourceProvider,
} from '@novats/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptableOffers, effectiveAccept } from './accept-header.js';
import { validateBody } from './placement-schema.js';
import { requestState } from './request-state.js';

export interface RouteRequest {
  readonly store: PlacementStore;
  /** The negotiated minor version (1.<minor>). */
  readonly minor: number;
  readonly params: Record<string, string>;
  /** The `:uuid` provider as read before validation, for `providerFirst` routes. */
  readonly provider?: ResourceProvider;
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
  /**
   * Look the `:uuid` provider up (404) before validating the body, as
   * Placement's handlers that fetch the provider first do.
   */
  readonly providerFirst?: boolean;
  /** The body schema at `minor`; undefined means no body is read. */
  readonly body?: (minor: number) => object | undefined;
  /** Whether an explicit Accept must allow application/json (default: GET routes). */
  readonly acceptJson?: boolean;
  /**
   * From 1.15 the answer carries `Cache-Control: no-cache` and
   * `Last-Modified` (default: GET routes only; a few writes opt in).
   */
  readonly cacheHeaders?: boolean;
  handler(req: RouteRequest): Promise<RouteResult>;
}

/** A request body as received; routes with a body schema parse it (see the app's parser). */
export class RawBody {
  constructor(readonly text: string) {}
}

/** Placement's `require_content('application/json')` (before policy): 415. */
function requireJsonContent(req: FastifyRequest): void {
  const header = req.headers['content-type'];
  const mediaType = (header ?? '').split(';')[0]?.trim();
  if (mediaType?.toLowerCase() !== 'application/json') {
    throw new PlacementError(
      415,
      `The media type ${mediaType || 'None'} is not supported, use application/json`,
    );
  }
}

/** Placement's `extract_json`: "Malformed JSON" for a body that does not parse. */
function parseJsonBody(req: FastifyRequest): unknown {
  const text = req.body instanceof RawBody ? req.body.text : '';
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new PlacementError(400, `Malformed JSON: ${(err as Error).message}`);
  }
}

/** `check_accept('application/json')`: an explicit Accept must allow JSON (406). */
function checkAccept(req: FastifyRequest): void {
  const accept = req.headers.accept;
  if (accept && !acceptableOffers(effectiveAccept(accept), ['application/json']).length)
    throw new PlacementError(406, 'Only application/json is provided');
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
    const others = (['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const).filter(
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

/** A request as the route table sees it, whatever carried it (HTTP here, or an in-process call). */
export interface RouteCall {
  readonly minor: number;
  readonly context: RequestContext;
  readonly params: Record<string, string>;
  readonly query: Record<string, string | string[]>;
  /** The parsed body; read only for routes with a body schema at `minor`. */
  readonly body: () => unknown;
}

/**
 * Runs one route after the transport's own checks: the microversion gate,
 * policy, the query allowlist, the provider-first lookup and body
 * validation, then the handler. Throws PlacementErrors as the API answers them.
 */
export async function runRoute(
  route: PlacementRoute,
  call: RouteCall,
  store: PlacementStore,
  options: PlacementAppOptionsView,
  siblings: readonly PlacementRoute[],
): Promise<RouteResult> {
  const { minor, query, params, context: ctx } = call;
  if (minor < (route.minVersion ?? 0)) {
    if (route.belowVersionStatus === 405) {
      throw methodNotAllowed(siblings.filter((r) => minor >= (r.minVersion ?? 0)).map((r) => r.method));
    }
    throw new PlacementError(404, 'The resource could not be found.');
  }
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
  const provider = route.providerFirst ? await store.getProvider(params.uuid!) : undefined;
  if (route.providerFirst && !provider)
    throw new PlacementError(404, `No resource provider with uuid ${params.uuid} found`);
  const schema = route.body?.(minor);
  const raw = schema ? call.body() : undefined;
  if (schema) validateBody(schema, raw);
  return route.handler({ store, minor, params, provider, query, body: raw, options });
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
  // NOTE(order): below the route's version runRoute's gate answers first; otherwise the HTTP
  // header checks (Accept 406, Content-Type 415) come before policy, as in Placement.
  if (minor >= (route.minVersion ?? 0)) {
    if (route.acceptJson ?? route.method === 'GET') checkAccept(req);
    if (route.body?.(minor)) requireJsonContent(req);
  }
  const result = await runRoute(
    route,
    {
      minor,
      context: state.context!,
      params: req.params as Record<string, string>,
      query: (req.query ?? {}) as Record<string, string | string[]>,
      body: () => parseJsonBody(req),
    },
    store,
    options,
    siblings,
  );
  reply.code(result.status);
  if (minor >= 15 && (route.cacheHeaders ?? route.method === 'GET')) {
    reply.header('cache-control', 'no-cache');
    const lastModified = result.lastModified === undefined ? new Date() : result.lastModified;
    if (lastModified) reply.header('last-modified', lastModified.toUTCString());
  }
  for (const [k, v] of Object.entries(result.headers ?? {})) {
    // webob makes a relative Location absolute against the request's host.
    reply.header(k, k === 'location' && v.startsWith('/') ? `${req.protocol}://${req.headers.host}${v}` : v);
  }
  if (result.body === undefined) return reply.send();
  return reply.send(result.body);
}
