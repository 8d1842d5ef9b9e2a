/**
 * The APIs Nova removed, answering 410 Gone as Nova's
 * `_UnsupportedController`/`removed` handlers do, for every method.
 */
import { NovaError } from '@novats/core';
import type { ComputeRoute, HttpMethod } from './route-table.js';

/** Nova's HTTPGone for a removed API. */
export class ApiRemoved extends NovaError {
  readonly code = 'api.removed';
  readonly status = 410 as const;
  constructor() {
    super('This resource is no longer available.  No forwarding address is given.');
  }
}

const REMOVED = [
  '/os-agents',
  '/os-agents/:id',
  '/os-cells',
  '/os-cells/:id',
  '/os-certificates',
  '/os-certificates/:id',
  '/os-cloudpipe',
  '/os-cloudpipe/:id',
  '/os-fping',
  '/os-fping/:id',
  '/os-fixed-ips/:id',
  '/os-fixed-ips/:id/action',
  '/os-floating-ip-dns',
  '/os-floating-ip-dns/:id',
  '/os-floating-ips-bulk',
  '/os-floating-ips-bulk/:id',
  '/os-security-group-default-rules',
  '/os-security-group-default-rules/:id',
  '/os-networks/add',
  '/servers/:server_id/os-virtual-interfaces',
  '/servers/:server_id/consoles',
  '/servers/:server_id/consoles/:id',
];

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE'];

export const GONE_ROUTES: readonly ComputeRoute[] = REMOVED.flatMap((path) =>
  METHODS.map((method) => ({
    method,
    path,
    policy: null,
    summary: 'Removed from Nova: 410 Gone',
    async handler(): Promise<never> {
      throw new ApiRemoved();
    },
  })),
);
