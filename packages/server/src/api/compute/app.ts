/**
 * The Compute API v2.1 (nova-api's osapi_compute) as a fastify app: version
 * documents, then every resource under `/v2.1` and `/v2.1/{project_id}`,
 * with microversion negotiation, noauth2 identities and Nova's fault bodies.
 */

import { InvalidInput } from '@novats/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ComputeApiDeps } from '../../compute-orchestration/compute-api-deps.js';
import { type CorsOptions, registerCors } from '../../http/cors.js';
import { formatVersion, negotiateVersion, VersionNotAcceptable } from '../../http/microversion.js';
import { newRequestId } from '../../http/request-id.js';
import { type ApiAuth, authForRequest } from '../auth/api-auth.js';
import { ApiVersion, MAX_COMPUTE_VERSION, MIN_COMPUTE_VERSION } from './api-version.js';
import { COMPUTE_ROUTES } from './compute-routes.js';
import { faultBody, toFault } from './fault.js';
import { contextFromNoauthToken } from './noauth2.js';
import type { ComputeRequestState } from './request-state.js';
import { registerComputeRoutes } from './route-table.js';
import { origin, versionsRoutes } from './versions-routes.js';

export interface ComputeAppOptions {
  readonly deps: ComputeApiDeps;
  /** `[api] auth_strategy`: `noauth2` (default) or a hook such as `authStrategyFromConfig(conf)`. */
  readonly authStrategy?: ApiAuth;
  /** `[cors]` (oslo.middleware CORS, as in Nova's api-paste pipeline); off when omitted. */
  readonly cors?: CorsOptions;
}

function setVersionHeaders(reply: FastifyReply, version: string): void {
  reply.header('OpenStack-API-Version', `compute ${version}`);
  reply.header('X-OpenStack-Nova-API-Version', version);
  reply.header('Vary', 'OpenStack-API-Version, X-OpenStack-Nova-API-Version');
}

async function authenticate(req: FastifyRequest, auth: ApiAuth): Promise<void> {
  const requestId = (req as unknown as { requestId: string }).requestId;
  const token = req.headers['x-auth-token'] as string | undefined;
  const projectHeader = req.headers['x-auth-project-id'] as string | undefined;
  const version = negotiateVersion(
    req.headers,
    'compute',
    MIN_COMPUTE_VERSION,
    MAX_COMPUTE_VERSION,
    'x-openstack-nova-api-version',
  );
  const effective = authForRequest(auth, req.headers);
  const ctx =
    effective === 'noauth2'
      ? contextFromNoauthToken(token, projectHeader, requestId)
      : await effective.authenticate(req.headers, requestId);
  const params = req.params as { project_id?: string };
  if (params.project_id && params.project_id !== ctx.project_id && !ctx.is_admin) {
    throw new InvalidInput(
      `Malformed request URL: URL's project_id '${params.project_id}' doesn't match Context's project_id '${ctx.project_id}'`,
    );
  }
  const state: ComputeRequestState = {
    ctx,
    version: new ApiVersion(version),
    base: { origin: origin(req), projectId: params.project_id ?? null },
  };
  (req as unknown as { nova: ComputeRequestState }).nova = state;
}

export function createComputeApp(opts: ComputeAppOptions): FastifyInstance {
  const auth = opts.authStrategy ?? 'noauth2';
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  // NOTE(clients): novaclient and others send Content-Type: application/json on body-less requests too.
  // NOTE(nova): only JSON is served; any other body type is 415 "Unsupported Content-Type".
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => {
    const err = Object.assign(new Error('Unsupported Content-Type'), { statusCode: 415 });
    done(err, undefined);
  });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new InvalidInput('Malformed request body'), undefined);
    }
  });
  app.decorateRequest('nova', null);
  app.decorateRequest('requestId', '');
  app.addHook('onRequest', async (req, reply) => {
    const id = newRequestId();
    (req as unknown as { requestId: string }).requestId = id;
    reply.header('x-openstack-request-id', id);
    reply.header('x-compute-request-id', id);
  });
  // NOTE(cors): before authentication, as oslo.middleware's filter sits before keystonemiddleware.
  if (opts.cors) registerCors(app, opts.cors);
  app.setErrorHandler((err, req, reply) => {
    const fault =
      (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
        ? { status: 400, body: faultBody(400, 'Malformed request body') }
        : toFault(err);
    if (fault.status >= 500) req.log.error(err);
    const state = (req as unknown as { nova?: ComputeRequestState }).nova;
    if (state) setVersionHeaders(reply, state.version.toString());
    // NOTE(nova): the 406 fault echoes the out-of-range version it parsed (a 400 one has none).
    else if (err instanceof VersionNotAcceptable && err.requested)
      setVersionHeaders(reply, formatVersion(err.requested));
    if (fault.status === 401 && auth !== 'noauth2' && auth.wwwAuthenticate) {
      reply.header('WWW-Authenticate', auth.wwwAuthenticate);
    }
    reply.code(fault.status).send(fault.body);
  });
  // NOTE(nova): a known URL with a method it does not take answers 405 badMethod, not 404.
  const known: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = route.url.replace(/\/+$/, '').replace(/:[^/]+/g, '[^/]+');
    known.push(new RegExp(`^${pattern}/?$`));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    if (known.some((re) => re.test(path))) {
      reply.code(405).send(faultBody(405, 'The method specified is not allowed for this resource.'));
      return;
    }
    reply.code(404).send(faultBody(404, 'The resource could not be found.'));
  });
  versionsRoutes(app);
  for (const prefix of ['/v2.1', '/v2.1/:project_id']) {
    app.register(
      async (scope) => {
        scope.addHook('preHandler', async (req, reply) => {
          await authenticate(req, auth);
          setVersionHeaders(reply, (req as unknown as { nova: ComputeRequestState }).nova.version.toString());
        });
        registerComputeRoutes(scope, opts.deps, COMPUTE_ROUTES);
      },
      { prefix },
    );
  }
  return app;
}
