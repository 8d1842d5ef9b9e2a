/**
 * The embedded image API (Glance v2 on port 9292) as a fastify app: the
 * version documents, /v2/images with data, members and tags, and the
 * schemas. Every /v2 request is authenticated first (image-auth.ts); every
 * error leaves as Glance's webob fault (glance-fault.ts).
 */
import { ImageBadRequest } from '@novats/core';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { ApiAuth } from '../api/auth/api-auth.js';
import { newRequestId } from '../http/request-id.js';
import { faultOf, glanceFault } from './glance-fault.js';
import type { ImageApiDeps } from './image-api-deps.js';
import { imageRequestContext } from './image-auth.js';
import { imageDataRoutes } from './image-data-routes.js';
import { imageMembersRoutes } from './image-members-routes.js';
import { IMAGE_SCHEMA, IMAGES_SCHEMA, MEMBER_SCHEMA, MEMBERS_SCHEMA } from './image-schemas.js';
import { imagesRoutes } from './images-routes.js';

export interface ImageAppOptions {
  readonly deps: ImageApiDeps;
  /** `[api] auth_strategy`: `noauth2` (default) or a hook such as Keystone validation. */
  readonly authStrategy?: ApiAuth;
}

/** The API versions this service speaks: v2.0 to v2.16 (Glance Zed's list). */
const VERSIONS = Array.from({ length: 17 }, (_, i) => 16 - i).map((minor) => ({
  id: `v2.${minor}`,
  status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
}));

function versionsDocument(req: FastifyRequest): Record<string, unknown> {
  const base = `${req.protocol}://${req.headers.host}`;
  return { versions: VERSIONS.map((v) => ({ ...v, links: [{ rel: 'self', href: `${base}/v2/` }] })) };
}

export function createImageApp(opts: ImageAppOptions): FastifyInstance {
  const auth = opts.authStrategy ?? 'noauth2';
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.removeAllContentTypeParsers();
  const json = (_req: unknown, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ImageBadRequest('Malformed JSON in request body.'), undefined);
    }
  };
  app.addContentTypeParser(
    [
      'application/json',
      'application/openstack-images-v2.0-json-patch',
      'application/openstack-images-v2.1-json-patch',
    ],
    { parseAs: 'string' },
    json,
  );
  // NOTE(stream): image data goes to the store as it arrives; bodyLimit does not apply, image_size_cap does.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.decorateRequest('imageContext', null);
  app.addHook('onRequest', async (_req, reply) => {
    reply.header('x-openstack-request-id', newRequestId());
  });
  app.setErrorHandler((err, req, reply) => {
    const fault = faultOf(err, req.headers.accept);
    if (fault.status === 401 && auth !== 'noauth2' && auth.wwwAuthenticate)
      reply.header('www-authenticate', auth.wwwAuthenticate);
    reply.code(fault.status).type(fault.contentType).send(fault.body);
  });
  app.setNotFoundHandler((req, reply) => {
    const fault = glanceFault(404, 'The resource could not be found.', req.headers.accept);
    reply.code(404).type(fault.contentType).send(fault.body);
  });

  app.get('/', async (req, reply) => reply.code(300).send(versionsDocument(req)));
  app.get('/versions', async (req) => versionsDocument(req));
  app.register(async (v2) => {
    v2.addHook('onRequest', async (req, reply) => {
      const requestId = String(reply.getHeader('x-openstack-request-id'));
      (req as unknown as { imageContext: unknown }).imageContext = await imageRequestContext(
        auth,
        req.headers,
        requestId,
      );
    });
    v2.get('/v2/schemas/image', async () => IMAGE_SCHEMA);
    v2.get('/v2/schemas/images', async () => IMAGES_SCHEMA);
    v2.get('/v2/schemas/member', async () => MEMBER_SCHEMA);
    v2.get('/v2/schemas/members', async () => MEMBERS_SCHEMA);
    imagesRoutes(v2, opts.deps);
    imageDataRoutes(v2, opts.deps);
    imageMembersRoutes(v2, opts.deps);
  });
  return app;
}
