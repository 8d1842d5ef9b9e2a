/**
 * `nova-manage cell_v2 verify_instance | map_instances`: check where an
 * instance is mapped, and create the missing instance mappings of a cell
 * (oldest first, in batches, resuming where the last run stopped).
 */
import { type ApiDatabase, type CellMapping, isNovaError } from '@novats/core';
import { CellMappingNotFound } from '@novats/drivers';
import { requireOption } from './cell-v2-maintenance-commands.js';
import { type ManageContext, ManageError, withApi } from './manage-context.js';

/**
 * NOTE(nova): map_instances remembers where it stopped in a fake instance
 * mapping of this project, whose instance_uuid is the last uuid mapped with
 * its dashes turned into spaces (so it cannot collide with the real one).
 */
export const MARKER_PROJECT_ID = 'INSTANCE_MIGRATION_MARKER';

/** Batch size when --max-count is not given (Nova's). */
const DEFAULT_BATCH = 50;

export async function verifyInstance(ctx: ManageContext, opts: { uuid?: string; quiet: boolean }) {
  if (!requireOption(ctx, opts.uuid, '--uuid')) return 2;
  const uuid = opts.uuid;
  const say = (line: string) => !opts.quiet && ctx.out(line);
  return withApi(ctx, async (api) => {
    const mapping = await api.instanceMappings.get(uuid);
    if (!mapping) {
      say(`Instance ${uuid} is not mapped to a cell (upgrade is incomplete) or instance does not exist`);
      return 1;
    }
    const cell = mapping.cell_uuid ? await api.cellMappings.get(mapping.cell_uuid) : null;
    if (!cell) {
      say(`Instance ${uuid} is not mapped to a cell`);
      return 2;
    }
    const db = await ctx.openCell(cell.database_connection);
    try {
      if (!(await db.instances.get(uuid))) {
        if (await db.instances.get(uuid, { readDeleted: true })) {
          say(`The instance with uuid ${uuid} has been deleted.`);
          say(
            'Execute `nova-manage db archive_deleted_rows` command to archive this deleted instance and remove its instance_mapping.',
          );
          return 3;
        }
        say(`The instance with uuid ${uuid} has been archived.`);
        say('However its instance_mapping remains.');
        return 4;
      }
    } finally {
      await db.close();
    }
    say(`Instance ${uuid} is in cell: ${cell.name ?? 'None'} (${cell.uuid})`);
    return 0;
  });
}

/** Maps one batch; resolves the uuid to continue after, or null at the end of the table. */
async function mapBatch(
  ctx: ManageContext,
  api: ApiDatabase,
  cell: CellMapping,
  limit: number,
  marker: string | null,
): Promise<string | null> {
  const db = await ctx.openCell(cell.database_connection);
  try {
    const instances = await db.instances.list({
      deleted: true,
      sort_keys: ['created_at'],
      sort_dirs: ['asc'],
      limit,
      ...(marker ? { marker } : {}),
    });
    for (const instance of instances) {
      try {
        await api.instanceMappings.create({
          instance_uuid: instance.uuid,
          cell_uuid: cell.uuid,
          project_id: instance.project_id,
          user_id: instance.user_id,
          queued_for_delete: false,
        });
      } catch (err) {
        // Already mapped: the point of the command is to fill the gaps.
        if (!(isNovaError(err) && err.status === 409)) throw err;
      }
    }
    return instances.length < limit ? null : instances[instances.length - 1].uuid;
  } finally {
    await db.close();
  }
}

export interface MapInstancesOptions {
  readonly cellUuid?: string;
  readonly maxCount?: string;
  readonly reset: boolean;
}

export async function mapInstances(ctx: ManageContext, opts: MapInstancesOptions): Promise<number> {
  if (!requireOption(ctx, opts.cellUuid, '--cell_uuid')) return 2;
  const cellUuid = opts.cellUuid;
  let batch = DEFAULT_BATCH;
  const mapAll = opts.maxCount === undefined;
  if (opts.maxCount !== undefined) {
    batch = /^\s*[+-]?\d+\s*$/.test(opts.maxCount) ? Number.parseInt(opts.maxCount, 10) : -1;
    if (batch < 1) {
      ctx.out('Must supply a positive value for max-count');
      return 127;
    }
  }
  return withApi(ctx, async (api) => {
    const cell = await api.cellMappings.get(cellUuid);
    if (!cell)
      throw new ManageError(`An error has occurred:\n${new CellMappingNotFound(cellUuid).message}`, 255);
    let marker: string | null = null;
    const [saved] = await api.instanceMappings.list({ project_id: MARKER_PROJECT_ID });
    if (saved) {
      marker = opts.reset ? null : saved.instance_uuid.replace(/ /g, '-');
      await api.instanceMappings.delete(saved.instance_uuid);
    }
    let next: string | null;
    do {
      next = await mapBatch(ctx, api, cell, batch, marker);
      marker = next;
    } while (next !== null && mapAll);
    if (next === null) return 0;
    await api.instanceMappings.create({
      instance_uuid: next.replace(/-/g, ' '),
      cell_uuid: null,
      project_id: MARKER_PROJECT_ID,
      user_id: MARKER_PROJECT_ID,
      queued_for_delete: false,
    });
    return 1;
  });
}
