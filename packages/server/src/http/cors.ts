/**
 * Cross-origin requests as oslo.middleware's CORS filter answers them for
 * Nova and Placement when `[cors] allowed_origin` is set: a preflight (OPTIONS with
 * Origin and Access-Control-Request-Method) is answered 200 here, with the
 * allow headers only when the origin, method and headers are allowed; other
 * requests from an allowed origin get Access-Control-Allow-Origin. Without
 * the option nothing changes (OPTIONS is then a 405 like any unknown method).
 */
import type { NovaConfig } from '@novats/core';
import type { FastifyInstance } from 'fastify';

export interface CorsOptions {
  /** `[cors] allowed_origin`. */
  readonly allowedOrigins: readonly string[];
  /** `[cors] allow_headers` (lower-cased when compared). */
  readonly allowHeaders: readonly string[];
  /** `[cors] allow_methods`. */
  readonly allowMethods: readonly string[];
  /** `[cors] expose_headers`. */
  readonly exposeHeaders: readonly string[];
  /** `[cors] allow_credentials` (default true). */
  readonly allowCredentials: boolean;
  /** `[cors] max_age` in seconds (default 3600). */
  readonly maxAge: number | null;
}

const DEFAULT_METHODS = ['OPTIONS', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'TRACE', 'PATCH'];

function list(conf: NovaConfig, key: string): string[] | undefined {
  const v = conf.getString('cors', key);
  return v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** The `[cors]` section, or undefined when no origin is allowed. */
export function corsFromConfig(conf: NovaConfig): CorsOptions | undefined {
  const allowedOrigins = list(conf, 'allowed_origin');
  if (!allowedOrigins?.length) return undefined;
  const maxAge = conf.getString('cors', 'max_age');
  return {
    allowedOrigins,
    allowHeaders: list(conf, 'allow_headers') ?? [],
    allowMethods: list(conf, 'allow_methods') ?? DEFAULT_METHODS,
    exposeHeaders: list(conf, 'expose_headers') ?? [],
    allowCredentials: (conf.getString('cors', 'allow_credentials') ?? 'true').toLowerCase() === 'true',
    maxAge: maxAge === undefined ? 3600 : Number(maxAge),
  };
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Registers the CORS hooks on `app`; must run before authentication hooks. */
export function registerCors(app: FastifyInstance, cors: CorsOptions): void {
  const allowedHeaders = new Set(cors.allowHeaders.map((h) => h.toLowerCase()));
  app.addHook('onRequest', async (req, reply) => {
    const origin = header(req.headers.origin);
    const method = header(req.headers['access-control-request-method']);
    if (req.method !== 'OPTIONS' || !origin || !method) return;
    // A preflight never reaches the API: 200, with grants only when allowed.
    const requested = (header(req.headers['access-control-request-headers']) ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    const ok =
      cors.allowedOrigins.includes(origin) &&
      cors.allowMethods.includes(method) &&
      requested.every((h) => allowedHeaders.has(h.toLowerCase()));
    if (ok) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      if (cors.allowCredentials) reply.header('access-control-allow-credentials', 'true');
      if (cors.maxAge !== null) reply.header('access-control-max-age', String(cors.maxAge));
      reply.header('access-control-allow-methods', method);
      if (requested.length) reply.header('access-control-allow-headers', requested.join(','));
    }
    return reply.code(200).header('content-type', 'text/html; charset=UTF-8').send('');
  });
  app.addHook('onSend', async (req, reply, payload) => {
    const origin = header(req.headers.origin);
    if (req.method === 'OPTIONS' || !origin || !cors.allowedOrigins.includes(origin)) return payload;
    reply.header('access-control-allow-origin', origin);
    reply.header('vary', 'Origin');
    if (cors.allowCredentials) reply.header('access-control-allow-credentials', 'true');
    if (cors.exposeHeaders.length)
      reply.header('access-control-expose-headers', cors.exposeHeaders.join(','));
    return payload;
  });
}
