/**
 * The embedded identity service: a Keystone v3 subset as a fastify app.
 * Every route but the version documents, POST /v3/auth/tokens and POST
 * /v3/ec2tokens needs a valid X-Auth-Token; errors are Keystone's
 * `{"error": {...}}`. Request bodies and tokens are never logged.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { newRequestId } from '../http/request-id.js';
import type { IdentityDeps } from './identity-deps.js';
import { KeystoneError, keystoneErrorBody, unauthorized } from './identity-errors.js';
import { applicationCredentialRoutes } from './routes/application-credential-routes.js';
import { assignmentRoutes } from './routes/assignment-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { credentialRoutes } from './routes/credential-routes.js';
import { domainRoutes } from './routes/domain-routes.js';
import { ec2TokensRoutes } from './routes/ec2tokens-routes.js';
import { groupRoutes } from './routes/group-routes.js';
import { projectRoutes } from './routes/project-routes.js';
import { roleRoutes } from './routes/role-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { versionRoutes } from './routes/version-routes.js';

/** Routes that answer without a token. */
const PUBLIC = new Set(['GET /', 'GET /v3', 'GET /v3/', 'POST /v3/auth/tokens', 'POST /v3/ec2tokens']);

export function createIdentityApp(deps: IdentityDeps): FastifyInstance {
  const app = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new KeystoneError(400, 'The request body could not be parsed as JSON.'), undefined);
    }
  });
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('x-openstack-request-id', newRequestId());
    reply.header('vary', 'X-Auth-Token');
  });
  app.addHook('preHandler', async (req) => {
    const path = req.url.split('?')[0];
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (PUBLIC.has(`${method} ${path}`)) return;
    const header = req.headers['x-auth-token'];
    const caller = await deps.tokens.validate(Array.isArray(header) ? header[0] : header);
    if (!caller) throw unauthorized();
    (req as unknown as { caller: unknown }).caller = caller;
  });
  app.setErrorHandler((err, req, reply) => {
    let status = 500;
    let message = 'An unexpected error prevented the server from fulfilling your request.';
    if (err instanceof KeystoneError) {
      status = err.status;
      message = err.message;
    } else if ((err as { statusCode?: number }).statusCode === 415) {
      status = 415;
      message = 'The request media type is not supported.';
    } else {
      // NOTE(secrets): the error only; never the request body, which may hold a password.
      deps.log.error(
        `identity: ${req.method} ${req.url.split('?')[0]} failed: ${(err as Error).stack ?? err}`,
      );
    }
    if (status === 401) reply.header('www-authenticate', `Keystone uri="${reqBase(req)}"`);
    reply.code(status).type('application/json').send(keystoneErrorBody(status, message));
  });
  const known: RegExp[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = route.url.replace(/\/+$/, '').replace(/:[^/]+/g, '[^/]+');
    known.push(new RegExp(`^${pattern}/?$`));
  });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const status = known.some((re) => re.test(path)) ? 405 : 404;
    const message =
      status === 405
        ? 'The method is not allowed for the requested URL.'
        : 'The resource could not be found.';
    reply.code(status).type('application/json').send(keystoneErrorBody(status, message));
  });
  versionRoutes(app);
  authRoutes(app, deps);
  ec2TokensRoutes(app, deps);
  domainRoutes(app, deps);
  projectRoutes(app, deps);
  userRoutes(app, deps);
  groupRoutes(app, deps);
  roleRoutes(app, deps);
  assignmentRoutes(app, deps);
  catalogRoutes(app, deps);
  credentialRoutes(app, deps);
  applicationCredentialRoutes(app, deps);
  return app;
}

function reqBase(req: { headers: Record<string, unknown> }): string {
  return `http://${String(req.headers.host ?? 'localhost:5000')}`;
}
