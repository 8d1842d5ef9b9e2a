/**
 * `nova-manage cell_v2 delete_cell | update_cell | delete_host`: retire or
 * change a cell and unmap compute hosts. Each refuses, with Nova's message
 * and exit code, while something still lives there.
 */
import { CELL0_UUID, type CellMapping } from '@novats/core';
import { validTransportUrl } from './cell-v2-transport-url.js';
import { type ManageContext, withApi } from './manage-context.js';

const notFound = (ctx: ManageContext, uuid: string) => {
  ctx.out(`Cell with uuid ${uuid} was not found.`);
  return 1;
};

/** Required options, checked as argparse does (exit 2). */
export function requireOption(ctx: ManageContext, value: string | undefined, flag: string): value is string {
  if (value !== undefined) return true;
  ctx.err(`nova-manage: error: the following arguments are required: ${flag}`);
  return false;
}

export async function deleteCell(ctx: ManageContext, opts: { cellUuid?: string; force: boolean }) {
  if (!requireOption(ctx, opts.cellUuid, '--cell_uuid')) return 2;
  const uuid = opts.cellUuid;
  return withApi(ctx, async (api) => {
    const cell = await api.cellMappings.get(uuid);
    if (!cell) return notFound(ctx, uuid);
    const hosts = await api.hostMappings.list({ cell_uuid: uuid });
    if (hosts.length > 0 && !opts.force) {
      ctx.out(`There are existing hosts mapped to cell with uuid ${uuid}.`);
      return 2;
    }
    const mappings = await api.instanceMappings.list({ cell_uuid: uuid });
    const db = mappings.length > 0 || hosts.length > 0 ? await ctx.openCell(cell.database_connection) : null;
    try {
      if (db && mappings.length > 0) {
        if ((await db.instances.list({ limit: 1 })).length > 0) {
          ctx.out(`There are existing instances mapped to cell with uuid ${uuid}.`);
          return 3;
        }
        if (!opts.force) {
          ctx.out(
            `There are instance mappings to cell with uuid ${uuid}, but all instances have been deleted in the cell.`,
          );
          ctx.out("So execute 'nova-manage db archive_deleted_rows' to delete the instance mappings.");
          return 4;
        }
      }
      const uuids = mappings.map((m) => m.instance_uuid);
      if (api.instanceMappings.deleteMany) await api.instanceMappings.deleteMany(uuids);
      else for (const u of uuids) await api.instanceMappings.delete(u);
      // Unmapped compute nodes can be discovered again, into another cell.
      if (db && hosts.length > 0) await db.computeNodes.setMapped?.(null, false);
      for (const h of hosts) await api.hostMappings.delete(h.host);
      await api.cellMappings.delete(uuid);
      return 0;
    } finally {
      await db?.close();
    }
  });
}

export interface UpdateCellOptions {
  readonly cellUuid?: string;
  readonly name?: string;
  readonly transportUrl?: string;
  readonly databaseConnection?: string;
  readonly disable: boolean;
  readonly enable: boolean;
}

export async function updateCell(ctx: ManageContext, opts: UpdateCellOptions) {
  if (!requireOption(ctx, opts.cellUuid, '--cell_uuid')) return 2;
  const uuid = opts.cellUuid;
  return withApi(ctx, async (api) => {
    const cell = await api.cellMappings.get(uuid);
    if (!cell) return notFound(ctx, uuid);
    const patch: { -readonly [K in keyof CellMapping]?: CellMapping[K] } = {};
    if (opts.name) patch.name = opts.name;
    // NOTE(nova): Nova falls back to nova.conf's [DEFAULT]/transport_url and [database]/connection
    // when these options are absent, silently re-pointing the cell; only given values change here.
    const transportUrl = opts.transportUrl ? validTransportUrl(ctx, opts.transportUrl) : undefined;
    const connection = opts.databaseConnection || undefined;
    for (const other of await api.cellMappings.list()) {
      if (other.uuid === uuid) continue;
      if (
        (connection !== undefined && other.database_connection === connection) ||
        (transportUrl !== undefined && other.transport_url === transportUrl)
      ) {
        ctx.out(
          `The specified transport_url and/or database_connection combination already exists for another cell with uuid ${other.uuid}.`,
        );
        return 3;
      }
    }
    if (transportUrl) patch.transport_url = transportUrl;
    if (connection) patch.database_connection = connection;
    if (opts.disable && opts.enable) {
      ctx.out('Cell cannot be disabled and enabled at the same time.');
      return 4;
    }
    if (opts.disable || opts.enable) {
      if (uuid === CELL0_UUID) {
        ctx.out('Cell0 cannot be disabled.');
        return 5;
      }
      if (opts.disable && !cell.disabled) patch.disabled = true;
      else if (opts.enable && cell.disabled) patch.disabled = false;
      else if (opts.disable) ctx.out(`Cell ${uuid} is already disabled`);
      else ctx.out(`Cell ${uuid} is already enabled`);
    }
    try {
      await api.cellMappings.update(uuid, patch);
    } catch (err) {
      ctx.out(`Unable to update CellMapping: ${(err as Error).message}`);
      return 2;
    }
    return 0;
  });
}

export async function deleteHost(ctx: ManageContext, opts: { cellUuid?: string; host?: string }) {
  if (!requireOption(ctx, opts.cellUuid, '--cell_uuid') || !requireOption(ctx, opts.host, '--host')) return 2;
  const { cellUuid, host } = opts;
  return withApi(ctx, async (api) => {
    const cell = await api.cellMappings.get(cellUuid);
    if (!cell) return notFound(ctx, cellUuid);
    const mapping = await api.hostMappings.get(host);
    if (!mapping) {
      ctx.out(`The host ${host} was not found.`);
      return 2;
    }
    if (mapping.cell_uuid !== cell.uuid) {
      ctx.out(`The host ${host} was not found in the cell ${cellUuid}.`);
      return 3;
    }
    const db = await ctx.openCell(cell.database_connection);
    try {
      if ((await db.instances.list({ host, limit: 1 })).length > 0) {
        ctx.out(`There are instances on the host ${host}.`);
        return 4;
      }
      await db.computeNodes.setMapped?.(host, false);
    } finally {
      await db.close();
    }
    await api.hostMappings.delete(host);
    return 0;
  });
}
