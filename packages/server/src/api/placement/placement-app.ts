/**
 * The Placement API as a Fastify app. Hooks negotiate the microversion,
 * build the caller's context (noauth2's keystonemiddleware-style headers, or
 * the Keystone hook; `X-Auth-Token` required except on `/`), stamp request
 * ids and version headers; the route table enforces each route's policy
 * rule (Placement's defaults, overridable by a policy file); one error handler turns
 * every throw into Placement's error body. The caller decides where to listen.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { PlacementError, type PlacementStore, PolicyEnforcer } from '@novats/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type CorsOptions, registerCors } from '../../http/cors.js';
import { type ApiAuth, authForRequest } from '../auth/api-auth.js';
import { errorMediaType } from './accept-header.js';
import { noauthContext } from './noauth-context.js';
import { placementFault, renderFault } from './placement-fault.js';
import { PLACEMENT_POLICIES } from './placement-policies.js';
import {
  formatPlacementVersion,
  MAX_VERSION,
  MIN_VERSION,
  negotiatePlacementVersion,
} from './placement-version.js';
import { requestState } from './request-state.js';
import { methodNotAllowed, type PlacementRoute, RawBody, registerPlacementRoutes } from './route-table.js';
import { allocationCandidateRoutes } from './routes/allocation-candidate-routes.js';
import { allocationRoutes } from './routes/allocation-routes.js';
import { resourceClassRoutes, traitRoutes, usageRoutes } from './routes/catalog-routes.js';
import { inventoryRoutes } from './routes/inventory-routes.js';
import { providerDetailRoutes } from './routes/provider-detail-routes.js';
import { reshaperRoutes } from './routes/reshaper-routes.js';
import { resourceProviderRoutes } from './routes/resource-provider-routes.js';

export interface PlacementAppOptions {
  readonly store: PlacementStore;
  /** A pino-compatible logger; silent when omitted. */
  readonly logger?: FastifyBaseLogger;
  /** `[placement] randomize_allocation_candidates` (default false). */
  readonly randomizeAllocationCandidates?: boolean;
  /** `[api] auth_strategy`: `noauth2` (default: token `admin` is admin) or a hook such as `authStrategyFromConfig(conf)`. */
  readonly authStrategy?: ApiAuth;
  /**
   * Decides each route's policy rule; default: Placement's registered
   * defaults with Zed's `[oslo_policy]` defaults (see `placementPolicyFromConfig`).
   */
  readonly policy?: PolicyEnforcer;
  /** `[cors]` (oslo.middleware CORS); off when omitted. */
  readonly cors?: CorsOptions;
}

/** Every route of the API, as data. */
export const PLACEMENT_ROUTES: readonly PlacementRoute[] = [
  ...resourceProviderRoutes,
  ...inventoryRoutes,
  ...providerDetailRoutes,
  ...allocationRoutes,
  ...allocationCandidateRoutes,
  ...traitRoutes,
  ...resourceClassRoutes,
  ...usageRoutes,
  ...reshaperRoutes,
];

const VERSIONS = {
  versions: [
    {
      id: 'v1.0',
      max_version: MAX_VERSION,
      min_version: MIN_VERSION,
      status: 'CURRENT',
      links: [{ rel: 'self', href: '' }],
    },
  ],
};

/**
 * Placement's own checks of the body headers (PlacementHandler): a
 * Content-Length must be an integer, and a non-empty body needs a type.
 */
function checkContentHeaders(headers: IncomingHttpHeaders): void {
  const length = headers['content-length'];
  if (length === undefined || length === '') return;
  if (!/^\s*\d+\s*$/.test(length)) throw new PlacementError(400, 'content-length header must be an integer');
  if (Number(length) > 0 && !headers['content-type'])
    throw new PlacementError(400, 'content-type header required when content-length > 0');
}

/** Node rejects a malformed Content-Length before any hook runs; answer it as Placement does. */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const detail =
    err.code === 'HPE_INVALID_CONTENT_LENGTH'
      ? 'content-length header must be an integer'
      : 'The server could not comply with the request since it is either malformed or otherwise incorrect.';
  const body = JSON.stringify(
    placementFault(new PlacementError(400, detail), `req-${randomUUID()}`, undefined).body,
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Long names must reach the handlers' validation (400), not the router's 404. */
const MAX_PARAM_LENGTH = 4096;

export function createPlacementApp(opts: PlacementAppOptions): FastifyInstance {
  const base = { clientErrorHandler, routerOptions: { maxParamLength: MAX_PARAM_LENGTH } };
  const app = (opts.logger
    ? Fastify({ ...base, loggerInstance: opts.logger })
    : Fastify({ ...base, logger: false })) as unknown as FastifyInstance;
  const auth = opts.authStrategy ?? 'noauth2';

  app.removeContentTypeParser(['application/json', 'text/plain']);
  // Bodies are kept as text: a route that reads one parses it after routing,
  // the microversion gate and policy, as Placement's handlers do.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    done(null, new RawBody(body as string));
  });

  if (opts.cors) registerCors(app, opts.cors);
  app.addHook('onRequest', async (req, reply) => {
    const state = requestState(req);
    state.requestId = `req-${randomUUID()}`;
    reply.header('x-openstack-request-id', state.requestId);
    state.minor = negotiatePlacementVersion(req.headers['openstack-api-version']);
    if (req.url !== '/' && !req.url.startsWith('/?')) {
      const effective = authForRequest(auth, req.headers);
      state.context =
        effective === 'noauth2'
          ? noauthContext(req.headers, state.requestId)
          : await effective.authenticate(req.headers, state.requestId);
    }
    checkContentHeaders(req.headers);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    // webob sends `application/json` without a charset parameter.
    if (String(reply.getHeader('content-type') ?? '').startsWith('application/json;'))
      reply.header('content-type', 'application/json');
    const { minor } = requestState(req);
    if (minor !== undefined) {
      reply.header('openstack-api-version', `placement ${formatPlacementVersion(minor)}`);
      reply.header('vary', 'openstack-api-version');
    }
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const state = requestState(req);
    const fault = placementFault(err, state.requestId, state.minor, req.method);
    if (fault.status >= 500) req.log.error({ err }, 'placement request failed');
    const allow = (err as { allow?: string }).allow;
    if (allow) reply.header('allow', allow);
    if (fault.status === 401 && auth !== 'noauth2' && auth.wwwAuthenticate) {
      reply.header('www-authenticate', auth.wwwAuthenticate);
    }
    const { contentType, payload } = renderFault(fault, errorMediaType(req.headers.accept));
    return reply.code(fault.status).header('content-type', contentType).send(payload);
  });

  app.setNotFoundHandler(async () => {
    throw new PlacementError(404, 'The resource could not be found.');
  });

  app.get('/', async (req, reply) => {
    if ((requestState(req).minor ?? 0) >= 15) {
      reply.header('cache-control', 'no-cache');
      reply.header('last-modified', new Date().toUTCString());
    }
    return VERSIONS;
  });
  app.route({
    method: ['PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
    url: '/',
    handler: async () => {
      throw methodNotAllowed(['GET']);
    },
  });
  registerPlacementRoutes(
    app,
    opts.store,
    {
      randomizeAllocationCandidates: opts.randomizeAllocationCandidates ?? false,
      policy: opts.policy ?? new PolicyEnforcer(PLACEMENT_POLICIES),
    },
    PLACEMENT_ROUTES,
  );
  return app;
}
