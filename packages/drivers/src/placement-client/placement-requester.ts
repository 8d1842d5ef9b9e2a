/**
 * How a placement report client reaches Placement: one request in, status
 * and parsed body out, as Placement's API would answer it (errors in its
 * `{errors: [{status, code, detail}]}` body). The HTTP adapter sends it over
 * the wire; an all-in-one cloud can answer it from the placement service in
 * its own process (see @novats/server's in-process placement).
 */
import type { RequestContext } from '@novats/core';

export interface PlacementReply {
  readonly status: number;
  readonly body: any;
}

export interface PlacementRequest {
  readonly ctx: RequestContext;
  readonly method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path and query string below the endpoint, e.g. `/allocations/{uuid}`. */
  readonly path: string;
  /** A JSON-shaped value; the requester must not keep or change it. */
  readonly body?: unknown;
  /** The `placement 1.<minor>` microversion asked for, e.g. `1.36`. */
  readonly microversion: string;
}

export interface PlacementRequester {
  request(req: PlacementRequest): Promise<PlacementReply>;
  close(): Promise<void>;
}
