/**
 * Per-request Placement state set by the app's hooks (negotiated version,
 * request id, admin flag) without augmenting Fastify's global types.
 */
import type { RequestContext } from '@novats/core';
import type { FastifyRequest } from 'fastify';

export interface PlacementRequestState {
  requestId: string;
  /** Undefined until the version header was accepted. */
  minor?: number;
  isAdmin: boolean;
  /** The caller's context when an auth hook (Keystone) authenticated the request. */
  context?: RequestContext;
}

const states = new WeakMap<FastifyRequest, PlacementRequestState>();

export function requestState(req: FastifyRequest): PlacementRequestState {
  let s = states.get(req);
  if (!s) {
    s = { requestId: '', isAdmin: false };
    states.set(req, s);
  }
  return s;
}
