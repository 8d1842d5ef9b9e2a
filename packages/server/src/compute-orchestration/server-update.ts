/**
 * PUT /servers/{id} (Nova's compute API `update_instance`): name,
 * description, hostname and access addresses are written on the row.
 * NOTE(gap): Nova also updates a build request; here a server that is
 * still being scheduled answers 409 InstanceNotReady.
 */
import type { InstanceUpdate, RequestContext } from '@novats/core';
import { InstanceNotReady } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { type FoundServer, getServer } from './server-query.js';

export type ServerUpdate = Pick<
  InstanceUpdate,
  'display_name' | 'display_description' | 'hostname' | 'access_ip_v4' | 'access_ip_v6'
>;

export async function updateServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  patch: ServerUpdate,
): Promise<FoundServer> {
  const found = await getServer(deps, ctx, uuid);
  if (found.cell_uuid === null) throw new InstanceNotReady(uuid);
  const cell = await deps.cells.get(found.cell_uuid);
  const instance = await cell.instances.update(uuid, patch);
  await deps.instanceUpdates?.saved(ctx, found.instance, instance);
  return { ...found, instance };
}
