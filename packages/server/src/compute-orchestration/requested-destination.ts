/**
 * The `host` / `hypervisor_hostname` of server create (2.74), checked as
 * Nova's compute API `_validate_host_or_node` does: a host must have a host
 * mapping, a host and node a compute node of that host in the host's cell,
 * a node alone a compute node of that name in some cell. Each miss is 400
 * "Compute host X could not be found." The scheduler then only considers
 * that host/node, and still runs its filters (Nova's `requested_destination`).
 */
import type { RequestContext, RequestedDestination } from '@novats/core';
import { InvalidInput, RequestedHostNotFound } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { authorize } from './compute-policy.js';

export interface RequestedHostAndNode {
  readonly host?: string;
  readonly hypervisor_hostname?: string;
}

/**
 * The requested destination of a create, or null when neither is asked.
 * Needs `os_compute_api:servers:create:requested_destination` (admin);
 * `forcedByZone` (zone:host:node) and these are mutually exclusive.
 */
export async function requestedDestination(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  req: RequestedHostAndNode,
  forcedByZone: boolean,
): Promise<RequestedDestination | null> {
  const { host, hypervisor_hostname: node } = req;
  if (!host && !node) return null;
  authorize(deps.policy, ctx, 'os_compute_api:servers:create:requested_destination', {
    project_id: ctx.project_id,
  });
  if (forcedByZone) {
    throw new InvalidInput(
      'One mechanism with host and/or hypervisor_hostname and another mechanism with zone:host:node are mutually exclusive.',
    );
  }
  if (host) {
    const mapping = await deps.api.hostMappings.get(host);
    if (!mapping) throw new RequestedHostNotFound(host);
    if (node) {
      const nodes = await (await deps.cells.get(mapping.cell_uuid)).computeNodes.list({ host });
      // NOTE(nova): get_by_host_and_nodename's miss names the host.
      if (!nodes.some((n) => n.hypervisor_hostname === node)) throw new RequestedHostNotFound(host);
    }
    return { host, ...(node ? { node } : {}) };
  }
  // NOTE(nova): Nova looks the node up as a resource provider name; here, among the cells' compute nodes.
  for (const { db } of await deps.cells.allSettled()) {
    if (!db) continue;
    const nodes = await db.computeNodes.list();
    if (nodes.some((n) => n.hypervisor_hostname === node)) return { node };
  }
  throw new RequestedHostNotFound(node as string);
}
