/**
 * `nova-manage cell_v2 simple_cell_setup`: the one-shot cells v2 setup for a
 * deployment with a single cell. Maps and syncs cell0, maps the compute hosts
 * of `[database] connection` into a cell (created unnamed, as Nova does, with
 * the given transport URL) and maps all of that cell's instances.
 */
import { randomUUID } from 'node:crypto';
import { CELL0_UUID } from '@novats/core';
import { mapCell0 } from './cell-v2-commands.js';
import { mapInstances } from './cell-v2-instance-commands.js';
import { transportUrlOption } from './cell-v2-transport-url.js';
import { type ManageContext, withApi } from './manage-context.js';

/** Nova's `_map_cell_and_hosts`: resolves the cell the hosts are in, or null without hosts. */
async function mapCellAndHosts(ctx: ManageContext, transportUrl: string): Promise<string | null> {
  const connection = ctx.config.opt('database', 'connection');
  if (!connection) {
    ctx.out(
      'Must specify --database_connection if [database]/connection is not set in the configuration file.',
    );
    return null;
  }
  const db = await ctx.openCell(connection);
  try {
    const hosts = [...new Set((await db.computeNodes.list()).map((n) => n.host))];
    if (hosts.length === 0) {
      ctx.out('No hosts found to map to cell, exiting.');
      return null;
    }
    return await withApi(ctx, async (api) => {
      let cellUuid: string | null = null;
      const missing: string[] = [];
      for (const host of hosts) {
        const mapping = await api.hostMappings.get(host);
        if (mapping) cellUuid = mapping.cell_uuid;
        else missing.push(host);
      }
      if (missing.length === 0) {
        ctx.out('All hosts are already mapped to cell(s).');
        return cellUuid;
      }
      if (!cellUuid) {
        cellUuid = randomUUID();
        await api.cellMappings.create({
          uuid: cellUuid,
          name: null,
          transport_url: transportUrl,
          database_connection: connection,
          disabled: false,
        });
      }
      for (const host of missing) {
        await api.hostMappings.create({ host, cell_uuid: cellUuid });
        await db.computeNodes.setMapped?.(host, true);
      }
      return cellUuid;
    });
  } finally {
    await db.close();
  }
}

export async function simpleCellSetup(ctx: ManageContext, opts: { transportUrl?: string }): Promise<number> {
  const transportUrl = transportUrlOption(ctx, opts.transportUrl);
  if (!transportUrl) return 1;
  if ((await mapCell0(ctx, {})) !== 0) return 1;
  const cell0 = await withApi(ctx, (api) => api.cellMappings.get(CELL0_UUID));
  try {
    await ctx.syncCell(cell0!.database_connection);
  } catch (err) {
    ctx.out(`Unable to sync cell0 schema: ${(err as Error).message}`);
  }
  const cellUuid = await mapCellAndHosts(ctx, transportUrl);
  // No compute hosts means no cell mapping was made, and no instances to map.
  if (cellUuid === null) return 1;
  await mapInstances(ctx, { cellUuid, reset: false });
  return 0;
}
