/**
 * The Placement API as a Fastify app. Hooks negotiate the microversion,
 * build the caller's context (noauth2's keystonemiddleware-style headers, or
 * the Keystone hook; `X-Auth-Token` required except on `/`), stamp request
 * ids and version headers; the route table enforces each route's policy
 * rule (Placement's defaults, overridable by a policy file); one error handler turns
 * every throw into Placement's error body. The caller decides where to listen.
 */
import { randomUUID } from 'node:crypto';
import { PlacementError, type PlacementStore, PolicyEnforcer } from '@novats/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type ApiAuth, authForRequest } from '../auth/api-auth.js';
import { noauthContext } from './noauth-context.js';
import { placementFault } from './placement-fault.js';
import { PLACEMENT_POLICIES } from './placement-policies.js';
import {
  formatPlacementVersion,
  MAX_VERSION,
  MIN_VERSION,
  negotiatePlacementVersion,
} from './placement-version.js';
import { requestState } from './request-state.js';
import {
  methodNotAllowed,
  type PlacementRoute,
  registerPlacementRoutes,
  UnsupportedBody,
} from './route-table.js';
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

export function createPlacementApp(opts: PlacementAppOptions): FastifyInstance {
  const app = (opts.logger
    ? Fastify({ loggerInstance: opts.logger })
    : Fastify({ logger: false })) as unknown as FastifyInstance;
  const auth = opts.authStrategy ?? 'noauth2';

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(new PlacementError(400, `Malformed JSON: ${(err as Error).message}`), undefined);
    }
  });
  // Any other media type is parsed to a marker: Placement answers 415 only
  // once routing and the microversion gate passed (a hidden route is 404).
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, _body, done) => {
    done(null, new UnsupportedBody(req.headers['content-type']));
  });

  app.addHook('onRequest', async (req, reply) => {
    const state = requestState(req);
    state.requestId = `req-${randomUUID()}`;
    reply.header('x-openstack-request-id', state.requestId);
    state.minor = negotiatePlacementVersion(req.headers['openstack-api-version']);
    if (req.url === '/' || req.url.startsWith('/?')) return;
    const effective = authForRequest(auth, req.headers);
    state.context =
      effective === 'noauth2'
        ? noauthContext(req.headers, state.requestId)
        : await effective.authenticate(req.headers, state.requestId);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const { minor } = requestState(req);
    if (minor !== undefined) {
      reply.header('openstack-api-version', `placement ${formatPlacementVersion(minor)}`);
      reply.header('vary', 'openstack-api-version');
    }
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const state = requestState(req);
    const fault = placementFault(err, state.requestId, state.minor);
    if (fault.status >= 500) req.log.error({ err }, 'placement request failed');
    const allow = (err as { allow?: string }).allow;
    if (allow) reply.header('allow', allow);
    if (fault.status === 401 && auth !== 'noauth2' && auth.wwwAuthenticate) {
      reply.header('www-authenticate', auth.wwwAuthenticate);
    }
    return reply.code(fault.status).type('application/json').send(fault.body);
  });

  app.setNotFoundHandler(async () => {
    throw new PlacementError(404, 'The resource could not be found.');
  });

  app.get('/', async () => VERSIONS);
  app.route({
    method: ['PUT', 'POST', 'DELETE', 'PATCH'],
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
