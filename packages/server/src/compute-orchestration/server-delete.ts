/**
 * Deleting a server (Nova's compute API `delete`), wherever it is:
 * - still a build request: drop the request; the conductor sees it gone and
 *   cleans up anything it already claimed;
 * - in a cell without a host (cell0, or failed before a host was chosen):
 *   delete the row here and release any allocation;
 * - on a host: mark it `deleting` and let its compute service tear it down.
 */
import type { Instance, RequestContext } from '@novats/core';
import { assertTransition, InstanceNotFound, startChange } from '@novats/core';
import { type ComputeApiDeps, DEFAULT_SERVER_ACTION_OPTIONS } from './compute-api-deps.js';
import { recordAction, startAction } from './server-action-start.js';
import { getServer } from './server-query.js';
import { volumesOf } from './server-volume-attachments.js';

/**
 * DELETE /servers/{id}: with `reclaim_instance_interval` > 0 a server on a
 * host is soft-deleted (powered off, vm_state soft-delete, restorable until
 * the host's reclaim task deletes it); otherwise deleted.
 */
export async function deleteServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const interval = (deps.serverActions ?? DEFAULT_SERVER_ACTION_OPTIONS).reclaimInstanceInterval;
  if (interval > 0) {
    const found = await getServer(deps, ctx, uuid);
    if (found.cell_uuid !== null && found.instance.host && found.instance.vm_state !== 'soft-delete') {
      const started = await startAction(deps, ctx, uuid, 'softDelete', { found });
      await deps.compute.castAction(ctx, found.instance.host, 'soft_delete_instance', {
        instance: started.instance,
      });
      return;
    }
  }
  return hardDelete(deps, ctx, uuid, 'delete');
}

/** forceDelete: a (soft-deleted) server is deleted now, whatever its state (Nova's `force_delete`). */
export async function forceDeleteServer(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
): Promise<void> {
  return hardDelete(deps, ctx, uuid, 'forceDelete');
}

/** restore: a soft-deleted server is powered on again. */
export async function restoreServer(deps: ComputeApiDeps, ctx: RequestContext, uuid: string): Promise<void> {
  const started = await startAction(deps, ctx, uuid, 'restore');
  if (!started.host) return;
  await deps.compute.castAction(ctx, started.host, 'restore_instance', { instance: started.instance });
}

async function hardDelete(
  deps: ComputeApiDeps,
  ctx: RequestContext,
  uuid: string,
  action: 'delete' | 'forceDelete',
): Promise<void> {
  const found = await getServer(deps, ctx, uuid);
  assertTransition(found.instance, action, { isAdmin: ctx.is_admin });
  if (found.cell_uuid === null) {
    const removed = await deps.api.buildRequests.delete(uuid);
    if (removed) {
      await deps.api.instanceMappings.setQueuedForDelete(uuid, true);
      await deps.api.requestSpecs.delete(uuid);
      await releaseVolumes(deps, ctx, found.instance);
      return;
    }
    // NOTE(race): the conductor just wrote it into a cell; delete it there.
    return hardDelete(deps, ctx, uuid, action);
  }
  const cell = await deps.cells.get(found.cell_uuid);
  const instance = found.instance;
  await deps.api.instanceMappings.setQueuedForDelete(uuid, true);
  if (!instance.host) {
    await cell.instances.softDelete(uuid);
    await deps.placement.deleteAllocations(ctx, uuid);
    await deps.api.requestSpecs.delete(uuid);
    await releaseVolumes(deps, ctx, instance);
    return;
  }
  await recordAction(cell, ctx, instance, action === 'delete' ? 'delete' : 'forceDelete', deps.clock.now());
  let updated: Instance;
  try {
    updated = await cell.instances.update(uuid, startChange(action).values);
  } catch (err) {
    if (err instanceof InstanceNotFound) return;
    throw err;
  }
  await deps.instanceUpdates?.saved(ctx, instance, updated);
  await deps.compute.terminateInstance(ctx, instance.host, updated);
  await releaseVolumes(deps, ctx, instance);
}

/**
 * The volumes of a deleted server (Nova's `_shutdown_instance` and
 * `_cleanup_volumes`): every attachment ends; a volume with
 * delete_on_termination is deleted, any other is left available. The
 * volume service is the API's (the fake lives in the API process), so the
 * API does this once it has handed the guest to its host for teardown.
 */
async function releaseVolumes(deps: ComputeApiDeps, ctx: RequestContext, instance: Instance): Promise<void> {
  const volumes = volumesOf(deps);
  for (const bdm of instance.block_device_mappings ?? []) {
    if (bdm.destination_type !== 'volume' || !bdm.volume_id) continue;
    if (bdm.attachment_id) await volumes.attachmentDelete(ctx, bdm.attachment_id);
    if (bdm.delete_on_termination) await volumes.delete(ctx, bdm.volume_id);
  }
}
