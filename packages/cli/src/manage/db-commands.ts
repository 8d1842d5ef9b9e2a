/**
 * `nova-manage api_db sync|version` and `nova-manage db sync|version`:
 * bring the API and cell schemas up to date. `db sync` also syncs cell0
 * (found through its mapping) unless `--local_cell`, as Nova does. `api_db
 * sync` also migrates the placement schema, as Nova did before Stein.
 */
import { CELL0_UUID } from '@novats/core';
import { apiConnection, type ManageContext, ManageError, withApi } from './manage-context.js';

export async function apiDbSync(ctx: ManageContext): Promise<number> {
  const api = apiConnection(ctx);
  await ctx.syncApi(api);
  // NOTE(pre-Stein): nova-placement-api kept its tables in the API database unless
  // `[placement_database] connection` named another one; api_db sync created them there.
  await ctx.syncPlacement(ctx.config.opt('placement_database', 'connection') ?? api);
  return 0;
}

export async function apiDbVersion(ctx: ManageContext): Promise<number> {
  ctx.out(await ctx.apiVersion(apiConnection(ctx)));
  return 0;
}

function mainConnection(ctx: ManageContext): string {
  const url = ctx.config.opt('database', 'connection');
  if (!url)
    throw new ManageError(
      '[database] connection is not set in the configuration file; set it to the cell database URL.',
      1,
    );
  return url;
}

export async function dbSync(ctx: ManageContext, opts: { localCell: boolean }): Promise<number> {
  if (!opts.localCell && ctx.config.opt('api_database', 'connection')) {
    const cell0 = await withApi(ctx, (api) => api.cellMappings.get(CELL0_UUID)).catch(() => null);
    if (!cell0) {
      ctx.out('WARNING: cell0 mapping not found - not syncing cell0.');
    } else {
      try {
        await ctx.syncCell(cell0.database_connection);
      } catch (err) {
        ctx.out(
          `ERROR: Could not access cell0.\nHas the nova_api database been created?\nHas the nova_cell0 database been created?\nHas "nova-manage api_db sync" been run?\nHas "nova-manage cell_v2 map_cell0" been run?\nIs [api_database]/connection set in nova.conf?\nIs the cell0 database connection URL correct?\nError: ${(err as Error).message}`,
        );
        return 1;
      }
    }
  }
  await ctx.syncCell(mainConnection(ctx));
  return 0;
}

export async function dbVersion(ctx: ManageContext): Promise<number> {
  ctx.out(await ctx.cellVersion(mainConnection(ctx)));
  return 0;
}
