/**
 * The Compute API's routes as data (Placement's ROUTE_DECLARATIONS, Nova's
 * `routes.py` + `@wsgi.Controller.api_version` + `@validation.schema` +
 * `context.can`): method, path, microversion range, policy rule, request
 * schemas per microversion and a handler. `registerComputeRoutes` is the one
 * place that answers 404 (no such route at this microversion), 405 with
 * `Allow`, checks the policy rule and validates the body and query before a
 * handler runs. Handlers return status, body and headers; they never check
 * versions of their own route, policy or schema.
 */
import type { RequestContext } from '@novats/core';
import { InvalidInput, NotFound } from '@novats/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { sendJson } from '../../http/json-reply.js';
import { compileValidator, type Validator } from '../../http/validation.js';
import type { ApiVersion } from './api-version.js';
import { faultBody } from './fault.js';
import type { LinkBase } from './links.js';
import { authorize, type PolicyTarget } from './policy.js';
import { type ComputeRequestState, stateOf } from './request-state.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE';
export type Query = Record<string, string | string[] | undefined>;

/** What a handler sees: the checked request. */
export interface RouteRequest {
  readonly deps: ComputeApiDeps;
  readonly ctx: RequestContext;
  readonly version: ApiVersion;
  readonly base: LinkBase;
  readonly state: ComputeRequestState;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  /** The body, already validated against the route's schema at this microversion. */
  readonly body: any;
}

export interface RouteResult {
  /** Default: the route's `status`, else 200. */
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A microversion range, inclusive: '2.1' to '2.93' by default. */
export interface VersionRange {
  readonly min?: string;
  readonly max?: string;
}

/** The request checks of a route or of a server action (shared by both tables). */
export interface Admission extends VersionRange {
  /** Nova's policy rule name (`os_compute_api:servers:create`); null: no policy (flavors, versions). */
  readonly policy: string | null;
  /** The policy target; default `{project_id, user_id}` of the caller (Nova's list-style checks). */
  readonly target?: (r: RouteRequest) => PolicyTarget;
  /** The body's JSON schema at a microversion; undefined: the body is not read. */
  readonly body?: (v: ApiVersion) => object | undefined;
  /** The query's JSON schema (values are arrays of strings) at a microversion; undefined: not checked. */
  readonly query?: (v: ApiVersion) => object | undefined;
}

export interface ComputeRoute extends Admission {
  readonly method: HttpMethod;
  /** Fastify path syntax under /v2.1[/{project_id}], e.g. `/servers/:server_id`. */
  readonly path: string;
  /** The success status (Nova's `@wsgi.response`); default 200. */
  readonly status?: number;
  /** One line for docs/compute-api.md. */
  readonly summary: string;
  handler(r: RouteRequest): Promise<RouteResult>;
}

function parseMv(text: string): [number, number] {
  const [a, b] = text.split('.').map(Number);
  return [a, b];
}

/** True when `v` lies in the range. */
export function inRange(v: ApiVersion, range: VersionRange): boolean {
  const min = parseMv(range.min ?? '2.1');
  if (!v.atLeast(min[0], min[1])) return false;
  if (range.max === undefined) return true;
  const max = parseMv(range.max);
  return v.atMost(max[0], max[1]);
}

/** Caches a per-microversion schema builder, so each schema compiles once per version. */
export function perVersion<T extends object>(
  build: (v: ApiVersion) => T | undefined,
): (v: ApiVersion) => T | undefined {
  const cache = new Map<string, T | undefined>();
  return (v) => {
    const key = v.toString();
    if (!cache.has(key)) cache.set(key, build(v));
    return cache.get(key);
  };
}

const validators = new WeakMap<object, Validator<unknown>>();
function validatorOf(schema: object): Validator<unknown> {
  let fn = validators.get(schema);
  if (!fn) {
    fn = compileValidator(schema);
    validators.set(schema, fn);
  }
  return fn;
}

/** Query values as Nova's query schemas see them: every value a list of strings. */
function queryLists(query: Query): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(query)) if (v !== undefined) out[k] = [v].flat().map(String);
  return out;
}

/**
 * Policy, query and body checks of a route or action, in Nova's order
 * (schema first, then the handler's `context.can`; Nova validates the body
 * before policy only for some controllers, and no client depends on it).
 */
export function admit(entry: Admission, r: Omit<RouteRequest, 'body'>, rawBody: unknown): unknown {
  if (entry.policy !== null) {
    const target = entry.target?.({ ...r, body: rawBody }) ?? {
      project_id: r.ctx.project_id,
      user_id: r.ctx.user_id,
    };
    authorize(r.deps.policy, r.ctx, entry.policy, target);
  }
  const querySchema = entry.query?.(r.version);
  if (querySchema) {
    try {
      validatorOf(querySchema)(queryLists(r.query));
    } catch (err) {
      // NOTE(nova): query errors name the parameter: "Invalid input for query parameters <p>...".
      throw new InvalidInput(
        (err as Error).message.replace(
          'Invalid input for field/attribute',
          'Invalid input for query parameters',
        ),
      );
    }
  }
  const bodySchema = entry.body?.(r.version);
  if (bodySchema) return validatorOf(bodySchema)(rawBody);
  return rawBody;
}

function requestOf(deps: ComputeApiDeps, req: FastifyRequest): Omit<RouteRequest, 'body'> {
  const state = stateOf(req);
  const { project_id: _p, ...params } = (req.params ?? {}) as Record<string, string>;
  return {
    deps,
    ctx: state.ctx,
    version: state.version,
    base: state.base,
    state,
    params,
    query: (req.query ?? {}) as Query,
  };
}

async function serve(
  deps: ComputeApiDeps,
  candidates: readonly ComputeRoute[],
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  const r = requestOf(deps, req);
  const route = candidates.find((c) => inRange(r.version, c));
  // NOTE(nova): a route outside its microversion range does not exist (VersionNotFoundForAPIMethod).
  if (!route) throw new NotFound('The resource could not be found.');
  const body = admit(route, r, req.body);
  const result = await route.handler({ ...r, body });
  reply.code(result.status ?? route.status ?? 200);
  for (const [k, v] of Object.entries(result.headers ?? {})) reply.header(k, v);
  return result.body === undefined ? reply.send() : sendJson(reply, result.body);
}

/** Registers every route of the table on a scope (`/v2.1` or `/v2.1/:project_id`). */
export function registerComputeRoutes(
  app: FastifyInstance,
  deps: ComputeApiDeps,
  routes: readonly ComputeRoute[],
): void {
  const byPath = new Map<string, ComputeRoute[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  for (const [path, list] of byPath) {
    const methods = [...new Set(list.map((r) => r.method))];
    for (const method of methods) {
      const candidates = list.filter((r) => r.method === method);
      app.route({ method, url: path, handler: (req, reply) => serve(deps, candidates, req, reply) });
    }
    const others = (['GET', 'PUT', 'POST', 'DELETE', 'PATCH'] as const).filter(
      (m) => !methods.includes(m as HttpMethod),
    );
    app.route({
      method: [...others],
      url: path,
      handler: async (_req, reply) => {
        reply.header('Allow', methods.join(', '));
        return reply.code(405).send(faultBody(405, 'The method specified is not allowed for this resource.'));
      },
    });
  }
}
