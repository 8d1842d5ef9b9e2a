/**
 * Deleting a server (Nova's compute API `delete`), wherever it is:
 * - still a build request: drop the request; the conductor sees it gone and
 *   cleans up anything it already claimed;
 * - in a cell without a host (cell0, or failed before a host was chosen):
 *   delete the row here and release any allocation;
 * - on a host: mark it `deleting` and let its compute service tear it down.
 */
import type { Instance, RequestContext } from '@novats/core';
import { assertTransition, InstanceNotFound, TaskState } from '@novats/core';
import type { ComputeApiDeps } from './compute-api-deps.js';
import { getServer } from './server-query.js';

export async function deleteServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, 'delete', { isAdmin: ctx.is_admin });
  if (found.cell_uuid === null) {
    const removed = await deps.api.buildRequests.delete(uuid);
    if (removed) {
      await deps.api.instanceMappings.setQueuedForDelete(uuid, true);
      await deps.api.requestSpecs.delete(uuid);
      return;
    }
    // NOTE(race): the conductor just wrote it into a cell; delete it there.
    return deleteServer(deps, ctx, uuid);
  }
  const cell = await deps.cells.get(found.cell_uuid);
  const instance = found.instance;
  await deps.api.instanceMappings.setQueuedForDelete(uuid, true);
  if (!instance.host) {
    await cell.instances.softDelete(uuid);
    await deps.placement.deleteAllocations(ctx, uuid);
    await deps.api.requestSpecs.delete(uuid);
    return;
  }
  let updated: Instance;
  try {
    updated = await cell.instances.update(uuid, { task_state: TaskState.DELETING });
  } catch (err) {
    if (err instanceof InstanceNotFound) return;
    throw err;
  }
  await deps.compute.terminateInstance(ctx, instance.host, updated);
}
