/**
 * The metadata service's HTTP endpoint: every path is a walk of the
 * instance's metadata tree (core's lookupMetadata), answered as Nova's
 * webob handler does, text/plain listings and webob's plain-text errors.
 */
import { type Clock, isNovaError, listingBody, lookupMetadata, rootListing } from '@novats/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { MetadataNotFound } from './metadata-errors.js';
import type { MetadataSettings } from './metadata-settings.js';
import type { MetadataSource } from './metadata-source.js';
import { handlePassword } from './password-handler.js';
import { identifyInstance } from './request-identity.js';

const TEXT = 'text/plain; charset=UTF-8';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  500: 'Internal Server Error',
};

/** webob's plain-text error page. */
function errorBody(status: number, explanation: string): string {
  return `${status} ${REASONS[status] ?? 'Error'}\n\n${explanation}\n\n   `;
}

function today(clock: Clock): string {
  return new Date(clock.now()).toISOString().slice(0, 10);
}

export interface MetadataAppDeps {
  readonly settings: MetadataSettings;
  readonly source: MetadataSource;
  readonly clock: Clock;
}

export function createMetadataApp(deps: MetadataAppDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  // NOTE(password): the guest posts its encrypted password as a bare body of any type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.setErrorHandler((err: Error, _req, reply) => {
    const status = isNovaError(err) ? err.status : 500;
    const message = isNovaError(err)
      ? err.message
      : 'An unknown error has occurred. Please try your request again.';
    void reply.code(status).type(TEXT).send(errorBody(status, message));
  });
  app.setNotFoundHandler((_req, reply) => {
    void reply.code(404).type(TEXT).send(errorBody(404, new MetadataNotFound().message));
  });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent(req.url.split('?')[0]);
    if (path.replace(/\/+/g, '/') === '/') return reply.type(TEXT).send(rootListing());
    const md = await identifyInstance(req, deps.settings, deps.source);
    const item = lookupMetadata(md, path, today(deps.clock));
    if (!item) throw new MetadataNotFound();
    if (item.kind === 'password') return reply.type(TEXT).send(await handlePassword(req, md, deps.source));
    if (item.kind === 'listing') return reply.type(TEXT).send(listingBody(item.entries));
    const body = typeof item.body === 'string' ? item.body : Buffer.from(item.body);
    return reply.type(item.mimeType === 'text/plain' ? TEXT : item.mimeType).send(body);
  };
  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/*', handler });
  return app;
}
