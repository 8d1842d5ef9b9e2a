/** Per-request state the Compute API hooks attach for handlers and views. */
import type { RequestContext } from '@novats/core';
import type { FastifyRequest } from 'fastify';
import type { ApiVersion } from './api-version.js';
import type { LinkBase } from './links.js';
import type { ServerViewContext } from './views/server-view.js';

export interface ComputeRequestState {
  ctx: RequestContext;
  version: ApiVersion;
  base: LinkBase;
}

export function stateOf(req: FastifyRequest): ComputeRequestState {
  return (req as unknown as { nova: ComputeRequestState }).nova;
}

export function viewContext(req: FastifyRequest): ServerViewContext {
  const s = stateOf(req);
  return { ctx: s.ctx, version: s.version, base: s.base };
}
