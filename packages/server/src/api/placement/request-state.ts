/**
 * Per-request Placement state set by the app's hooks (negotiated version,
 * request id, caller's context) without augmenting Fastify's global types.
 */
import type { RequestContext } from '@novats/core';
import type { FastifyRequest } from 'fastify';

export interface PlacementRequestState {
  requestId: string;
  /** Undefined until the version header was accepted. */
  minor?: number;
  /** The caller, from noauth2's headers or the auth hook (Keystone); unset on `/`. */
  context?: RequestContext;
}

const states = new WeakMap<FastifyRequest, PlacementRequestState>();

export function requestState(req: FastifyRequest): PlacementRequestState {
  let s = states.get(req);
  if (!s) {
    s = { requestId: '' };
    states.set(req, s);
  }
  return s;
}
