/**
 * Servers that no host could take are written to cell0 in ERROR with a
 * fault, as Nova's conductor does (`_bury_in_cell0`), so that users can
 * still see and delete them.
 */
import type { ApiDatabase, Clock, RequestContext } from '@novats/core';
import { CELL0_UUID, errorChange } from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';

export async function buryInCell0(
  deps: { api: ApiDatabase; cells: CellRegistry; clock: Clock },
  ctx: RequestContext,
  instanceUuids: readonly string[],
  reason: { message: string; details: string },
): Promise<void> {
  const cell0 = await deps.cells.get(CELL0_UUID);
  const now = new Date(deps.clock.now()).toISOString();
  for (const uuid of instanceUuids) {
    const br = await deps.api.buildRequests.get(uuid);
    if (!br) continue; // deleted by its owner while it was being scheduled
    await cell0.instances.create({
      ...br.instance,
      ...errorChange().values,
      updated_at: now,
    });
    await cell0.instances.addFault({
      instance_uuid: uuid,
      code: 500,
      message: reason.message,
      details: reason.details,
      host: null,
      created_at: now,
    });
    await cell0.instanceActions.start({
      action: 'create',
      instance_uuid: uuid,
      request_id: ctx.request_id,
      user_id: br.instance.user_id,
      project_id: br.instance.project_id,
      start_time: now,
    });
    await deps.api.instanceMappings.setCell(uuid, CELL0_UUID);
    const removed = await deps.api.buildRequests.delete(uuid);
    if (!removed) await cell0.instances.softDelete(uuid);
  }
}
